import Foundation
@testable import SoraCostKit

/// A ledger on disk filled with jobs of known cost, for the budget and forecast-adapter tests.
///
/// At the built-in list price a completed `sora-2` 1280x720 job costs $0.10 per second, so
/// `seconds` 8 is $0.80; `sora-2-pro` at 720p is $0.30 per second.
final class SpendLedger {
    let directory: TemporaryDirectory
    let ledger: Ledger
    let writer: JobWriter
    let source: SourceRecord
    private var count = 0

    var path: String { ledger.path }

    init() throws {
        (directory, ledger) = try TemporaryDirectory.withLedger()
        writer = try JobWriter(database: ledger.database)
        source = try ledger.ensureSource(kind: "file", name: "test")
    }

    /// Adds one completed job created at noon UTC of `day`.
    func add(on day: Day, seconds: Int = 8, model: String = "sora-2", provider: String = "openai",
             project: String? = "marketing", tags: [String: String] = [:], size: (Int, Int) = (1280, 720)) throws {
        count += 1
        let created = day.unixStart + 43_200
        let job = Job(provider: provider, videoID: "video_\(count)", model: model, status: .completed, seconds: seconds,
                      width: size.0, height: size.1, createdAt: created, completedAt: created + 120, project: project,
                      tags: tags)
        try writer.record(Observation(job: job, prompt: nil, raw: "{}"), sourceID: source.id, sourceName: "test",
                          line: nil, importID: nil, now: 0)
    }

    /// One job of `seconds` on every day of `days`.
    func addDaily(_ days: ClosedRange<Day>, seconds: Int = 8, model: String = "sora-2", provider: String = "openai",
                  project: String? = "marketing") throws {
        try ledger.database.transaction {
            for day in days { try add(on: day, seconds: seconds, model: model, provider: provider, project: project) }
        }
    }

    /// Every value stored in the budget tables (both have nine columns), for asserting that no
    /// secret reached them.
    func budgetTablesText() throws -> String {
        var out: [String] = []
        for table in ["budget_alerts", "notification_outbox"] {
            let statement = try ledger.database.prepare("SELECT * FROM \(table)")
            try statement.bind([])
            while try statement.step() {
                for column in 0..<9 { out.append(statement.text(Int32(column)) ?? "") }
            }
        }
        return out.joined(separator: "\n")
    }
}
