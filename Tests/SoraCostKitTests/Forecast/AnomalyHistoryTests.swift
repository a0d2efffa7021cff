import Foundation
import Testing
@testable import SoraCostKit

/// The anomalies of a period read by user and project only the window before it
/// (`AnomalyDetector.readStart`), and are exactly those of reading the whole history: a run of
/// flagged days that began before what was read has the days before it read, a window at a time.
@Suite struct AnomalyHistoryTests {
    let pricer = Pricer(card: EffectiveCard(user: nil))
    let april = Day(iso: "2026-04-01")!...Day(iso: "2026-04-30")!

    /// $10 a day of `sora-2` from 2026-01-01 for user `a`, and from `growthFrom` on user `b`'s
    /// spend growing 20% a day (flagged day after day: its baseline never catches up), and one
    /// spike of user `a` on April 20.
    func history(growthFrom: Day?) throws -> SpendLedger {
        let spend = try SpendLedger()
        try spend.ledger.transaction {
            var day = Day(iso: "2026-01-01")!
            var seconds = 100.0
            while day <= april.upperBound {
                try spend.add(on: day, seconds: day == Day(iso: "2026-04-20")! ? 2_000 : 100, project: "web")
                if let growthFrom, day >= growthFrom {
                    try spend.add(on: day, seconds: Int(seconds), project: "growth")
                    seconds *= 1.2
                }
                day = day.advanced(by: 1)
            }
        }
        return spend
    }

    func compare(_ spend: SpendLedger) throws -> [SeriesAnomaly] {
        let cut = april.upperBound.advanced(by: 1).unixStart - 1
        let first = Day(iso: "2026-01-01")!
        let bounded = try AnomalyDetector.scan(ledger: spend.ledger, pricer: pricer, through: cut, days: april)
        let rows = try UsageQuery(from: first.unixStart, to: cut + 1, zone: .utc,
                                  dimensions: AnomalyDetector.seriesDimensions, granularity: .day)
            .run(ledger: spend.ledger, pricer: pricer).rows
        let whole = AnomalyDetector.anomalies(of: rows, first: first, asOf: april.upperBound, days: april,
                                              rule: AnomalyRule())
        #expect(bounded == whole)
        return whole
    }

    @Test func aQuietHistoryReadsOnlyItsLastWeeks() throws {
        let found = try compare(try history(growthFrom: nil))
        #expect(found.map(\.anomaly.day) == [Day(iso: "2026-04-20")!, Day(iso: "2026-04-20")!], "total and project=web")
        #expect(AnomalyDetector.readStart(first: Day(iso: "2026-01-01")!, days: april) == Day(iso: "2026-03-04")!)
    }

    @Test func aRunThatBeganLongBeforeIsReadBackToItsStart() throws {
        let found = try compare(try history(growthFrom: Day(iso: "2026-01-20")!))
        let readStart = AnomalyDetector.readStart(first: Day(iso: "2026-01-01")!, days: april)
        let growth = found.filter { $0.series == "project=growth" }
        #expect(growth.count == 30, "every day of April is flagged")
        #expect(growth.allSatisfy { $0.runStart.advanced(by: -1 - AnomalyRule().window) < readStart },
                "the run began before what the first read saw")
    }
}
