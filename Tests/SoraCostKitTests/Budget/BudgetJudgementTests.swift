import Foundation
import Testing
@testable import SoraCostKit

/// Forecast thresholds need evidence; unpriced jobs are counted per period.
@Suite struct BudgetJudgementTests {
    let spend: SpendLedger
    let pricer = Pricer(card: EffectiveCard())

    /// Noisy daily spend: 4 or 12 seconds (0.40 or 1.20) from 2026-05-01 to 2026-08-12.
    init() throws {
        spend = try SpendLedger()
        try spend.ledger.transaction {
            var day = Day.on("2026-05-01")
            var index = 0
            while day <= .on("2026-08-12") {
                try spend.add(on: day, seconds: (index * 7) % 3 == 0 ? 12 : 4)
                day = day.advanced(by: 1)
                index += 1
            }
        }
    }

    func budget(_ micros: Int64) -> Budget {
        Budget(name: "b", period: .month, amount: Money(micros: micros), thresholds: [BudgetThreshold(percent: 100, basis: .forecast)])
    }

    @Test func aForecastThresholdNeedsTheIntervalsLowEnd() throws {
        let evaluator = BudgetEvaluator(ledger: spend.ledger, pricer: pricer)
        let probe = evaluator.evaluate(budget(1_000_000_000), asOf: .on("2026-08-12"))
        let forecast = try #require(probe.forecast?.forecast)
        #expect(forecast.low < forecast.expectedTotal)
        // Expected over the amount, low end under it: not enough evidence.
        let between = forecast.low.micros + (forecast.expectedTotal.micros - forecast.low.micros) / 2
        #expect(evaluator.evaluate(budget(between), asOf: .on("2026-08-12")).reached.isEmpty)
        // Low end at the amount: reached.
        #expect(evaluator.evaluate(budget(forecast.low.micros), asOf: .on("2026-08-12")).level == .critical)
        // Spend already over the amount: reached whatever the forecast.
        #expect(evaluator.evaluate(budget(probe.spend.micros), asOf: .on("2026-08-12")).level == .critical)
    }

    @Test func unpricedJobsAreCountedOverThePeriodOnly() throws {
        try spend.add(on: .on("2026-07-20"), model: "sora-9")
        try spend.add(on: .on("2026-08-03"), model: "sora-9")
        try spend.add(on: .on("2026-08-11"), model: "sora-9")
        let evaluator = BudgetEvaluator(ledger: spend.ledger, pricer: pricer)
        #expect(evaluator.evaluate(budget(1_000_000_000), asOf: .on("2026-08-12")).unpricedJobs == 2)
        // Cut before the second August job: it does not exist yet.
        #expect(evaluator.evaluate(budget(1_000_000_000), cut: Day.on("2026-08-11").unixStart).unpricedJobs == 1)
    }
}
