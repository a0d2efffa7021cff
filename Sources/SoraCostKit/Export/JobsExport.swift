/// The shapes `export jobs` writes.
public enum JobsExportFormat: String, Sendable, CaseIterable {
    case csv
    case jsonl
}

/// `export jobs`: one row per job with every normalized field, its attribution and its price,
/// streamed in usage order so memory stays flat however large the ledger.
///
/// Times are `YYYY-MM-DDTHH:MM:SSZ` (UTC); money is exact (`Money.decimalString`); a value the
/// job does not have is an empty CSV field or JSON `null`, and an unpriced job's cost is null,
/// never 0.
public struct JobsExporter {
    public let pricer: Pricer

    public init(pricer: Pricer) {
        self.pricer = pricer
    }

    /// The field names, in order (CSV header, JSON member names).
    public static let fields = [
        "provider", "video_id", "account", "model", "status", "progress", "seconds", "width", "height", "size",
        "resolution", "created_at", "completed_at", "expires_at", "remixed_from", "error_code", "error_message",
        "project", "user", "tags", "is_batch", "kind", "segment_seconds", "usage_day", "billable_seconds",
        "price_outcome", "unpriced_reason", "currency", "unit_rate", "quantity", "cost",
    ]

    /// Writes every job whose usage day (UTC) is in `days` (nil: every job), oldest first; returns
    /// the row count.
    public func export(days: ClosedRange<Day>?, format: JobsExportFormat, ledger: Ledger, to sink: ExportSink) throws -> Int {
        if format == .csv { try sink.write(ExportCSV.record(JobsExporter.fields)) }
        var rows = 0
        let body: (Job) throws -> Void = { job in
            let values = self.values(of: job)
            switch format {
            case .csv:
                try sink.writeRecord(values.map { $0?.text })
            case .jsonl:
                let members = zip(JobsExporter.fields, values).map { "\(JSONText.quote($0)):\($1?.json ?? "null")" }
                try sink.write("{" + members.joined(separator: ",") + "}\n")
            }
            rows += 1
        }
        try ledger.forEachJob(usageFrom: days?.lowerBound.unixStart ?? .min,
                              to: days?.upperBound.advanced(by: 1).unixStart ?? .max,
                              usageDate: pricer.options.usageDate, body)
        return rows
    }

    /// One exported value: text, or a number / boolean / JSON object written bare in JSON.
    enum Value {
        case text(String)
        case raw(String)

        var text: String {
            switch self {
            case .text(let text), .raw(let text): text
            }
        }

        var json: String {
            switch self {
            case .text(let text): JSONText.quote(text)
            case .raw(let text): text
            }
        }
    }

    func values(of job: Job) -> [Value?] {
        let price = pricer.price(job)
        var charge: PriceCharge?
        if case .billed(let billed) = price.outcome { charge = billed }
        func int(_ value: Int?) -> Value? { value.map { .raw(String($0)) } }
        func text(_ value: String?) -> Value? { value.map { .text($0) } }
        // Money as a JSON string keeps every digit exact for any reader.
        return [
            text(job.provider), text(job.videoID), text(job.account), text(job.model), text(job.status.rawValue),
            int(job.progress), int(job.seconds), int(job.width), int(job.height), text(job.size), text(job.resolution),
            text(Timestamp.iso(job.createdAt)), text(job.completedAt.map(Timestamp.iso)),
            text(job.expiresAt.map(Timestamp.iso)), text(job.remixedFrom), text(job.errorCode), text(job.errorMessage),
            text(job.project), text(job.user), Tags.encode(job.tags).map { .raw($0) },
            .raw(job.isBatch ? "true" : "false"), text(job.kind.rawValue), int(job.segmentSeconds),
            text(price.usageDay.iso), int(price.billableSeconds), text(price.outcome.name),
            text(price.unpricedReason?.rawValue), text(charge?.currency), text(charge?.unitRate.decimalString),
            int(charge?.quantity), text(charge?.amount.decimalString),
        ]
    }
}
