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
        @OptionGroup var pricing: PricingOptions
        @OptionGroup(title: "Output (explain prints table: label: value lines, or json)") var output: OutputOptions

        func validate() throws {
            try output.require([.table, .json], for: "explain")
        }

        func run() throws {
            let pricer = try pricing.makePricer()
            var jobs: [(explanation: PriceExplanation, seen: ExplainDocument.Seen)] = []
            do {
                let opened = try ledger.open(create: false)
                for job in try opened.jobs(videoID: videoID) {
                    let seen = try opened.sightings(of: job)
                    jobs.append((pricer.explain(job), ExplainDocument.Seen(
                        firstSeen: seen.firstSeen, lastSeen: seen.lastSeen, firstSource: seen.firstSource,
                        lastSource: seen.lastSource, sources: seen.sources)))
                }
            } catch {
                throw Console.fail(error)
            }
            guard !jobs.isEmpty else {
                Console.error("no job with video id '\(videoID)' in \(ledger.path); check the id, or import the logs that hold it")
                throw ExitCode(Console.Status.failure)
            }
            try output.write(ExplainDocument(videoID: videoID, jobs: jobs).render(output.format))
        }
    }
}

/// When and from where the ledger saw a job.
struct JobSightings {
    /// Unix seconds, UTC.
    var firstSeen: Int64
    var lastSeen: Int64
    var firstSource: String?
    var lastSource: String?
    /// Every source that has seen the job, by name.
    var sources: [String]
}

extension Ledger {
    /// Where `job` was seen: the sighting times and sources the importer records with each row.
    fileprivate func sightings(of job: Job) throws -> JobSightings {
        let rows = try database.prepare("""
            SELECT j.first_seen, j.last_seen, f.name, l.name
            FROM jobs j LEFT JOIN sources f ON f.id = j.first_source LEFT JOIN sources l ON l.id = j.last_source
            WHERE j.id = ?
            """).rows([.int(job.rowID)]) { ($0.int64(0), $0.int64(1), $0.text(2), $0.text(3)) }
        let sources = try database.prepare("""
            SELECT s.name FROM jobs j JOIN sources s ON s.id = j.first_source WHERE j.id = ?1
            UNION
            SELECT s.name FROM job_sources js JOIN sources s ON s.id = js.source_id WHERE js.job_id = ?1
            ORDER BY 1
            """).rows([.int(job.rowID)]) { $0.text(0) ?? "" }
        let row = rows.first ?? (0, 0, nil, nil)
        return JobSightings(firstSeen: row.0, lastSeen: row.1, firstSource: row.2, lastSource: row.3, sources: sources)
    }
}
