/// What `soracost explain VIDEO_ID` prints: the pricer's explanation of each job with that id,
/// plus the job's attribution and where the ledger saw it, as aligned `label: value` lines or as
/// JSON.
public struct ExplainDocument: Sendable {
    /// When and from where the ledger saw one job.
    public typealias Seen = JobSightings

    public var videoID: String
    /// One entry per job with this id (one per provider), in the ledger's order.
    public var jobs: [(explanation: PriceExplanation, seen: Seen)]

    /// Every job with `videoID` in `ledger` (one per provider that served it), explained by
    /// `pricer`; `jobs` is empty when the ledger has no such job.
    public init(videoID: String, ledger: Ledger, pricer: Pricer) throws {
        let jobs = try ledger.jobs(videoID: videoID)
        self.init(videoID: videoID, jobs: try jobs.map { job in
            let explanation = pricer.explain(job)
            if case .billed(let charge) = explanation.result.outcome {
                // Throws MoneyOverflow rather than printing a meaningless cost.
                _ = try charge.amount.checked("the cost of \(job.videoID)")
                _ = try charge.unitRate.checked("the unit rate of \(job.videoID)")
            }
            return (explanation, try ledger.sightings(of: job))
        })
    }

    public init(videoID: String, jobs: [(explanation: PriceExplanation, seen: Seen)]) {
        self.videoID = videoID
        self.jobs = jobs
    }

    /// The two formats that suit one record: JSON, else the labelled lines (a CSV or Markdown
    /// table of one job would add nothing over them).
    public func render(_ format: ReportFormat) -> String {
        format == .json ? json.prettyText : text
    }

    /// `label: value` lines per job, jobs separated by a blank line.
    public var text: String {
        var blocks: [String] = []
        if jobs.count > 1 {
            let providers = jobs.map(\.explanation.job.provider).joined(separator: ", ")
            blocks.append("\(jobs.count) jobs have this video id, one per provider (\(providers)):")
        }
        for (explanation, seen) in jobs {
            blocks.append(PriceExplanation.aligned(ExplainDocument.rows(explanation, seen)).joined(separator: "\n"))
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// One job's rows: the explanation's, with the attribution inserted before the usage day and
    /// the sightings after the cost.
    public static func rows(_ explanation: PriceExplanation, _ seen: Seen) -> [PriceExplanation.Row] {
        typealias Row = PriceExplanation.Row
        var rows = explanation.rows
        let job = explanation.job
        var attribution: [Row] = []
        if let progress = job.progress, !job.status.isTerminal { attribution.append(Row("progress", "\(progress)%")) }
        if let message = job.errorMessage { attribution.append(Row("error", message)) }
        if let remixedFrom = job.remixedFrom { attribution.append(Row("remix of", remixedFrom)) }
        if let expiresAt = job.expiresAt { attribution.append(Row("expires", PriceExplanation.timestamp(expiresAt))) }
        attribution.append(Row("account", job.account ?? "-"))
        attribution.append(Row("project", job.project ?? "-"))
        attribution.append(Row("user", job.user ?? "-"))
        attribution.append(Row("tags", tagsText(job.tags)))
        let insertAt = rows.firstIndex { $0.label == "usage day" } ?? rows.count
        rows.insert(contentsOf: attribution, at: insertAt)

        rows.append(Row("first seen", PriceExplanation.timestamp(seen.firstSeen) + (seen.firstSource.map { " in \($0)" } ?? "")))
        rows.append(Row("last seen", PriceExplanation.timestamp(seen.lastSeen) + (seen.lastSource.map { " in \($0)" } ?? "")))
        rows.append(Row("seen in", seen.sources.isEmpty ? "-" : "\(seen.sources.count) source\(seen.sources.count == 1 ? "" : "s"): "
            + seen.sources.joined(separator: ", ")))
        return rows
    }

    /// `{"schema_version": "soracost.explain/1", "video_id": ..., "jobs": [...]}`: the pricer's
    /// explanation object of each job with its attribution and sightings added.
    public var json: JSONValue {
        func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        let objects: [JSONValue] = jobs.map { explanation, seen in
            let job = explanation.job
            var members: [(String, JSONValue)] = []
            if case .object(let priced) = explanation.json { members = priced }
            members.append(("attribution", .object([
                ("account", optional(job.account)),
                ("project", optional(job.project)),
                ("user", optional(job.user)),
                ("tags", .object(job.tags.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ])))
            members.append(("job", .object([
                ("progress", job.progress.map { .number(String($0)) } ?? .null),
                ("expires_at", job.expiresAt.map { .number(String($0)) } ?? .null),
                ("remixed_from", optional(job.remixedFrom)),
                ("error_code", optional(job.errorCode)),
                ("error_message", optional(job.errorMessage)),
                ("segment_seconds", job.segmentSeconds.map { .number(String($0)) } ?? .null),
            ])))
            members.append(("seen", .object([
                ("first_seen", .number(String(seen.firstSeen))),
                ("first_source", optional(seen.firstSource)),
                ("last_seen", .number(String(seen.lastSeen))),
                ("last_source", optional(seen.lastSource)),
                ("sources", .array(seen.sources.map(JSONValue.string))),
            ])))
            return .object(members)
        }
        return .object([
            ("schema_version", .string("soracost.explain/1")),
            ("video_id", .string(videoID)),
            ("jobs", .array(objects)),
        ])
    }

    static func tagsText(_ tags: [String: String]) -> String {
        tags.isEmpty ? "-" : tags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }
}
