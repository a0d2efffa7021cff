import ArgumentParser
import Foundation
import SoraCostKit

extension SoraCostCommand {
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show how one job is priced: its facts, the rate entry, modifiers and arithmetic.",
            discussion: """
                Shows every normalized field of the job, its attribution, where and when it was \
                seen, the rate card entry that prices it (or why it is unpriced, pending or not \
                billed), the modifiers and the arithmetic. A video id served by several \
                providers shows each job.

                Exit status: 0 shown; 2 no job has this id, or the ledger or rate card could not \
                be used; 64 bad usage.
                """)

        @Argument(help: ArgumentHelp("The video id, e.g. video_68d7512d07848190b3e45da0ecbebcde004da08e1e0678d5.",
                                     valueName: "video-id"))
        var videoID: String

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var pricing: PricingArguments

        @Option(help: ArgumentHelp("Output format: table (label: value lines) or json.", valueName: "format"))
        var format: String = ReportFormat.table.rawValue

        @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var output: String?

        /// Only the two formats that suit one record: a CSV or Markdown table of one job would
        /// add nothing over the labelled lines.
        var outputFormat: ReportFormat? {
            let parsed = try? ReportFormat(parsing: format)
            return parsed == .table || parsed == .json ? parsed : nil
        }

        func validate() throws {
            if outputFormat == nil {
                throw ValidationError("--format must be table or json for explain")
            }
        }

        func run() throws {
            let pricer = try pricing.makePricer()
            var explained: [(PriceExplanation, JobSightings)] = []
            do {
                let opened = try ledger.open(create: false)
                for job in try opened.jobs(videoID: videoID) {
                    explained.append((pricer.explain(job), try opened.sightings(of: job)))
                }
            } catch {
                throw Console.fail(error)
            }
            guard !explained.isEmpty else {
                Console.error("no job with video id '\(videoID)' in \(ledger.path); check the id, or import the logs that hold it")
                throw ExitCode(Console.Status.failure)
            }
            let text = outputFormat == .json
                ? ExplainText.json(videoID: videoID, explained).prettyText
                : ExplainText.lines(explained)
            try OutputFile.emit(text, to: output)
        }
    }
}

/// The text and JSON `explain` prints: the kit's price explanation plus the job's attribution
/// and sightings, which live in the ledger rather than in the pricing.
enum ExplainText {
    /// `label: value` lines per job, jobs separated by a blank line.
    static func lines(_ explained: [(PriceExplanation, JobSightings)]) -> String {
        var blocks: [String] = []
        if explained.count > 1 {
            let providers = explained.map(\.0.job.provider).joined(separator: ", ")
            blocks.append("\(explained.count) jobs have this video id, one per provider (\(providers)):")
        }
        for (explanation, seen) in explained {
            blocks.append(block(explanation, seen))
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// One job: the explanation's rows with the attribution inserted before the usage day and
    /// the sightings after the cost, all re-aligned on one label width.
    static func block(_ explanation: PriceExplanation, _ seen: JobSightings) -> String {
        // The kit lays each line out as `label:` plus padding plus the value; labels hold no colon.
        var rows: [(String, String)] = explanation.lines.map { line in
            guard let colon = line.firstIndex(of: ":") else { return ("", line) }
            let value = line[line.index(after: colon)...].drop { $0 == " " }
            return (String(line[..<colon]), String(value))
        }
        let job = explanation.job
        var attribution: [(String, String)] = []
        if let progress = job.progress, !job.status.isTerminal { attribution.append(("progress", "\(progress)%")) }
        if let message = job.errorMessage { attribution.append(("error", message)) }
        if let remixedFrom = job.remixedFrom { attribution.append(("remix of", remixedFrom)) }
        if let expiresAt = job.expiresAt { attribution.append(("expires", timestamp(expiresAt))) }
        attribution.append(("account", job.account ?? "-"))
        attribution.append(("project", job.project ?? "-"))
        attribution.append(("user", job.user ?? "-"))
        attribution.append(("tags", tagsText(job.tags)))
        let insertAt = rows.firstIndex { $0.0 == "usage day" } ?? rows.count
        rows.insert(contentsOf: attribution, at: insertAt)

        rows.append(("first seen", timestamp(seen.firstSeen) + (seen.firstSource.map { " in \($0)" } ?? "")))
        rows.append(("last seen", timestamp(seen.lastSeen) + (seen.lastSource.map { " in \($0)" } ?? "")))
        rows.append(("seen in", seen.sources.isEmpty ? "-" : "\(seen.sources.count) source\(seen.sources.count == 1 ? "" : "s"): "
            + seen.sources.joined(separator: ", ")))

        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0 + ":" + String(repeating: " ", count: width - $0.0.count + 1) + $0.1 }
            .joined(separator: "\n")
    }

    /// `{"schema_version": "soracost.explain/1", "video_id": ..., "jobs": [...]}`: the kit's
    /// explanation object of each job with its attribution and sightings added.
    static func json(videoID: String, _ explained: [(PriceExplanation, JobSightings)]) -> JSONValue {
        func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        let jobs: [JSONValue] = explained.map { explanation, seen in
            let job = explanation.job
            var members: [(String, JSONValue)] = []
            if case .object(let priced) = explanation.json { members = priced }
            members.append(("attribution", .object([
                ("account", optional(job.account)),
                ("project", optional(job.project)),
                ("user", optional(job.user)),
                ("tags", .object(job.tags.keys.sorted().map { ($0, .string(job.tags[$0]!)) })),
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
            ("jobs", .array(jobs)),
        ])
    }

    static func tagsText(_ tags: [String: String]) -> String {
        tags.isEmpty ? "-" : tags.keys.sorted().map { "\($0)=\(tags[$0]!)" }.joined(separator: ", ")
    }

    /// `2026-01-05 10:00:00 UTC`, as the kit's explanation prints times.
    static func timestamp(_ unix: Int64) -> String {
        let day = Day(unix: unix)
        let second = Int(unix - day.unixStart)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(day.iso) \(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60)) UTC"
    }
}
