/// Why a job costs what it costs, for `soracost explain VIDEO_ID`: the job's facts, the entry
/// that priced it, the modifiers and the arithmetic, as text lines and as JSON.
public struct PriceExplanation: Sendable, Equatable {
    public var job: Job
    public var result: PriceResult
    /// `(label, value)` rows in print order; labels hold no colon.
    public var rows: [Row]
    /// The same facts as an object; money as exact decimal strings, times as Unix seconds.
    public var json: JSONValue

    /// One `label: value` line of an explanation.
    public struct Row: Sendable, Equatable {
        public var label: String
        public var value: String

        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }

    /// `label: value` lines, labels padded to one width.
    public var lines: [String] { PriceExplanation.aligned(rows) }

    public var text: String { lines.joined(separator: "\n") }

    /// `label:` plus padding plus the value, every value starting in one column.
    public static func aligned(_ rows: [Row]) -> [String] {
        let width = rows.map(\.label.count).max() ?? 0
        return rows.map { $0.label + ":" + String(repeating: " ", count: width - $0.label.count + 1) + $0.value }
    }
}

extension Pricer {
    public func explain(_ job: Job) -> PriceExplanation {
        let result = price(job)
        var rows: [(String, String)] = []
        let base = ModelName.snapshotBase(of: job.model)

        rows.append(("video", "\(job.videoID) (provider \(job.provider))"))
        rows.append(("model", job.model + (base.map { " (dated snapshot, priced as \($0))" } ?? "")))
        var shape = "\(job.size), \(job.seconds) s, \(job.kind.rawValue)"
        if job.kind == .extension {
            shape += job.segmentSeconds.map { " (new segment \($0) s of \(job.seconds) s)" } ?? " (new segment not recorded)"
        }
        shape += job.isBatch ? ", batch" : ", not batch"
        rows.append(("job", shape))
        rows.append(("status", job.status.rawValue + (job.errorCode.map { " (\($0))" } ?? "")))
        rows.append(("created", PriceExplanation.timestamp(job.createdAt)))
        if let completedAt = job.completedAt { rows.append(("completed", PriceExplanation.timestamp(completedAt))) }
        let basis = options.usageDate == .completedAt && job.completedAt == nil
            ? "created_at, as the job has no completed_at" : options.usageDate.rawValue
        rows.append(("usage day", "\(result.usageDay) (UTC day of \(basis))"))

        let rate: ResolvedRate?
        switch result.outcome {
        case .billed(let charge): rate = charge.rate
        case .pending: rate = nil
        case .notBilled(let found), .unpriced(_, let found): rate = found
        }
        if let rate {
            let entry = rate.entry
            rows.append(("rate", "\(rate.label): \(entry.provider) \(entry.model), \(entry.sizesText), "
                + "\(entry.rate.formatted(rate.currency))\(entry.unit.suffix), \(entry.periodText)"))
            rows.append(("source", entry.source.isEmpty ? "(none given)" : entry.source))
            rows.append(("modifiers", modifierText(rate, job: job)))
        }

        switch result.outcome {
        case .billed(let charge):
            rows.append(("arithmetic", charge.arithmetic))
            rows.append(("cost", charge.amount.formatted(charge.currency)))
        case .pending:
            rows.append(("cost", "pending: \(job.status.rawValue) jobs are shown but not billed"))
        case .notBilled:
            let why = options.billFailedOverride == false ? "--bill-failed is off" : "the rate card does not bill failed jobs"
            rows.append(("cost", "not billed: the job failed and \(why)"))
        case .unpriced(let reason, _):
            rows.append(("cost", "unpriced (\(reason.rawValue)): \(reason.explanation)"))
        }

        return PriceExplanation(job: job, result: result, rows: rows.map { PriceExplanation.Row($0.0, $0.1) },
                                json: json(job, result, rate: rate))
    }

    private func modifierText(_ rate: ResolvedRate, job: Job) -> String {
        var parts: [String] = []
        if rate.batchDiscount != .zero {
            parts.append("batch −\(rate.batchDiscount) " + (job.isBatch ? "(applied)" : "(not a batch job)"))
        }
        if rate.discount != .zero { parts.append("negotiated −\(rate.discount) (applied)") }
        let failed = options.billFailedOverride.map { "failed jobs \($0 ? "billed" : "not billed") (override)" }
            ?? "failed jobs \(rate.billFailed ? "billed" : "not billed")"
        parts.append(failed)
        return parts.joined(separator: ", ")
    }

    private func json(_ job: Job, _ result: PriceResult, rate: ResolvedRate?) -> JSONValue {
        func number(_ value: Int?) -> JSONValue { value.map { .number(String($0)) } ?? .null }
        func number(_ value: Int64?) -> JSONValue { value.map { .number(String($0)) } ?? .null }
        var members: [(String, JSONValue)] = [
            ("video_id", .string(job.videoID)),
            ("provider", .string(job.provider)),
            ("model", .string(job.model)),
            ("snapshot_of", ModelName.snapshotBase(of: job.model).map(JSONValue.string) ?? .null),
            ("size", .string(job.size)),
            ("seconds", number(job.seconds)),
            ("billable_seconds", number(result.billableSeconds)),
            ("kind", .string(job.kind.rawValue)),
            ("batch", .bool(job.isBatch)),
            ("status", .string(job.status.rawValue)),
            ("created_at", number(job.createdAt)),
            ("completed_at", number(job.completedAt)),
            ("usage_day", .string(result.usageDay.iso)),
            ("usage_date", .string(options.usageDate.rawValue)),
            ("outcome", .string(result.outcome.name)),
            ("reason", result.unpricedReason.map { .string($0.rawValue) } ?? .null),
            ("rate", rate?.json ?? .null),
        ]
        if case .billed(let charge) = result.outcome {
            members.append(("quantity", number(charge.quantity)))
            members.append(("unit", .string(charge.rate.entry.unit.rawValue)))
            members.append(("modifiers", .array(charge.steps.map { step in
                .object([("modifier", .string(step.modifier.rawValue)),
                         ("percent", .number(step.percent.number)),
                         ("unit_rate", .string(step.unitRate.decimalString))])
            })))
            members.append(("arithmetic", .string(charge.arithmetic)))
            members.append(("cost", .string(charge.amount.decimalString)))
            members.append(("currency", .string(charge.currency)))
        } else {
            members.append(("cost", .null))
        }
        return .object(members)
    }
}

extension PriceExplanation {
    /// `2026-01-05 10:00:00 UTC`.
    static func timestamp(_ unix: Int64) -> String {
        let day = Day(unix: unix)
        let second = Int(unix - day.unixStart)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(day.iso) \(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60)) UTC"
    }
}

extension ResolvedRate {
    /// The entry with its origin and resolved modifiers, for `rates show --json` and `explain`.
    public var json: JSONValue {
        let entry = self.entry
        return .object([
            ("origin", .string(origin.rawValue)),
            ("card", .string(cardName)),
            ("index", .number(String(index))),
            ("provider", .string(entry.provider)),
            ("model", .string(entry.model.text)),
            ("sizes", entry.sizes.map { .array($0.map { .string($0.description) }) } ?? .null),
            ("unit", .string(entry.unit.rawValue)),
            ("rate", .string(entry.rate.decimalString)),
            ("currency", .string(currency)),
            ("effective_from", entry.effectiveFrom.map { .string($0.iso) } ?? .null),
            ("effective_to", entry.effectiveTo.map { .string($0.iso) } ?? .null),
            ("source", .string(entry.source)),
            ("batch_discount_percent", .number(batchDiscount.number)),
            ("discount_percent", .number(discount.number)),
            ("bill_failed", .bool(billFailed)),
        ])
    }
}
