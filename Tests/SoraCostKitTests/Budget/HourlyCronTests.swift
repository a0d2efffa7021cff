import Foundation
import Testing
@testable import SoraCostKit

/// A month of hourly cron runs over a growing history: a budget's state changes only in a run
/// that sees new data, never because the clock passed midnight or an hour went by.
@Suite struct HourlyCronTests {
    static let first = Day.on("2026-02-01")

    /// Jobs of day `index` (from 1 February): one each hour 08:00–19:00, 4 or 8 seconds, plus
    /// growth: an extra 8 s job in the first `index / 12` of those hours.
    static func plan(_ index: Int) -> [(hour: Int, seconds: Int)] {
        var jobs: [(hour: Int, seconds: Int)] = []
        for hour in 8...19 {
            jobs.append((hour, (index + hour) % 3 == 0 ? 8 : 4))
            if hour < 8 + index / 12 { jobs.append((hour, 8)) }
        }
        return jobs
    }

    static func add(_ spend: SpendLedger, day index: Int, hour: Int, seconds: Int) throws {
        let created = first.advanced(by: index).unixStart + Int64(hour) * 3600 + 600
        try spend.record { id in
            Job(provider: "openai", videoID: id, model: "sora-2", status: .completed, seconds: seconds,
                width: 1280, height: 720, createdAt: created, completedAt: created + 120, project: "marketing", tags: [:])
        }
    }

    @Test func noStateChangesWithoutNewData() throws {
        let spend = try SpendLedger()
        let april = Day.on("2026-04-01")
        let aprilIndex = HourlyCronTests.first.distance(to: april)
        try spend.ledger.transaction {
            for index in 0..<aprilIndex {
                for job in HourlyCronTests.plan(index) {
                    try HourlyCronTests.add(spend, day: index, hour: job.hour, seconds: job.seconds)
                }
            }
        }
        // The budget is April's actual total (at $0.10 a second); forecast thresholds around it.
        var aprilMicros: Int64 = 0
        for index in aprilIndex..<(aprilIndex + 30) {
            aprilMicros += Int64(HourlyCronTests.plan(index).map(\.seconds).reduce(0, +)) * 100_000
        }
        let budget = Budget(name: "team", period: .month, amount: Money(micros: aprilMicros), currency: "USD",
                            scope: BudgetScope(), thresholds: [BudgetThreshold(percent: 50)]
                                + [97, 100, 103].map { BudgetThreshold(percent: $0, basis: .forecast) })
        let evaluator = BudgetEvaluator(ledger: spend.ledger, pricer: Pricer(card: EffectiveCard()))

        var previous: [BudgetThreshold]?
        var changes = 0
        var quietChanges = 0
        for index in aprilIndex..<(aprilIndex + 30) {
            for hour in 0..<24 {
                // Jobs created in the hour before this run arrive before it.
                var newData = false
                for job in HourlyCronTests.plan(index) where job.hour == hour - 1 {
                    try HourlyCronTests.add(spend, day: index, hour: job.hour, seconds: job.seconds)
                    newData = true
                }
                let cut = HourlyCronTests.first.advanced(by: index).unixStart + Int64(hour) * 3600
                let state = evaluator.evaluate(budget, cut: cut).reached
                if let previous, previous != state {
                    changes += 1
                    if !newData { quietChanges += 1 }
                }
                previous = state
            }
        }
        print("hourly cron, April (720 runs): \(changes) state changes, \(quietChanges) without new data")
        #expect(changes >= 2)  // the states do move as spend arrives
        #expect(quietChanges == 0)
    }
}
