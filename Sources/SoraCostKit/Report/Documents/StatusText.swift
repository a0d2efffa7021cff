/// The plain-text rendering of `soracost status`.
public enum StatusText {
    public static func render(_ s: LedgerStatus) -> String {
        var out: [String] = []
        out.append("ledger   \(s.path) (schema \(s.schemaVersion))")
        let span = s.firstCreated.map { first in
            "\(Day(unix: first).iso) to \(Day(unix: s.lastCreated ?? first).iso) (UTC)"
        } ?? "no jobs yet"
        out.append("jobs     \(s.jobs), created \(span)")
        for (status, jobs) in s.byStatus {
            out.append("  \(pad(status, 12)) \(jobs)")
        }
        if !s.byProvider.isEmpty {
            out.append("by provider and account")
            for (provider, account, jobs) in s.byProvider {
                out.append("  \(pad(provider + " / " + (account ?? "-"), 30)) \(jobs)")
            }
        }
        if !s.sources.isEmpty {
            out.append("sources  (last read, lines read, jobs seen)")
            for source in s.sources {
                let when = source.lastReadAt.map(Timestamp.iso) ?? "never"
                out.append("  \(source.name)")
                out.append("      \(when)  \(source.lines) lines  \(source.jobs) jobs\(source.format.map { "  [\($0)]" } ?? "")")
            }
        }
        if !s.recentRuns.isEmpty {
            out.append("recent runs")
            for run in s.recentRuns {
                out.append("  #\(run.id) \(Timestamp.iso(run.startedAt)) \(run.command) \(run.status): \(run.counts.summary)")
            }
        }
        out.append("rejects  \(s.rejects) line\(s.rejects == 1 ? "" : "s") kept for audit\(s.rejects > 0 ? " (soracost rejects)" : "")")
        out.append("conflicts \(s.conflicts)")
        if let unpriced = s.unpriced {
            out.append(unpricedLine(unpriced))
        }
        out.append("pending  \(s.pendingJobs) job\(s.pendingJobs == 1 ? "" : "s") queued or in progress (not billed yet)")
        return out.joined(separator: "\n")
    }

    /// `unpriced 3 jobs, 24 s: unknown_model 1 job 8 s, ... (soracost rates check)`.
    public static func unpricedLine(_ unpriced: [UnpricedReason: UnpricedUsage]) -> String {
        let jobs = unpriced.values.reduce(0) { $0 + $1.jobs }
        let seconds = unpriced.values.reduce(0) { $0 + $1.seconds }
        var line = "unpriced \(jobs) job\(jobs == 1 ? "" : "s"), \(seconds) s"
        guard jobs > 0 else { return line }
        let parts = unpriced.keys.sorted().compactMap { reason -> String? in
            guard let usage = unpriced[reason], usage.jobs > 0 else { return nil }
            return "\(reason.rawValue) \(usage.jobs) job\(usage.jobs == 1 ? "" : "s") \(usage.seconds) s"
        }
        line += ": " + parts.joined(separator: ", ") + " (soracost rates check)"
        return line
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
