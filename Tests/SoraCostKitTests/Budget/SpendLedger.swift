import Foundation
@testable import SoraCostKit

/// A ledger on disk filled with jobs of known cost, for the budget and forecast-adapter tests.
///
/// At the built-in list price a completed `sora-2` 1280x720 job costs $0.10 per second, so
/// `seconds` 8 is $0.80; `sora-2-pro` at 720p is $0.30 per second.
final class SpendLedger: JobLedger {
    let directory: TemporaryDirectory

    var path: String { ledger.path }

    init() throws {
        directory = try TemporaryDirectory()
        try super.init(path: directory.file("ledger.sqlite"))
    }

    /// Adds one completed job created at noon UTC of `day`.
    func add(on day: Day, seconds: Int = 8, model: String = "sora-2", provider: String = "openai",
             project: String? = "marketing", tags: [String: String] = [:], size: (Int, Int) = (1280, 720)) throws {
        let created = day.unixStart + 43_200
        try record { id in
            Job(provider: provider, videoID: id, model: model, status: .completed, seconds: seconds,
                width: size.0, height: size.1, createdAt: created, completedAt: created + 120, project: project,
                tags: tags)
        }
    }

    /// One job of `seconds` on every day of `days`.
    func addDaily(_ days: ClosedRange<Day>, seconds: Int = 8, model: String = "sora-2", provider: String = "openai",
                  project: String? = "marketing") throws {
        try ledger.transaction {
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
