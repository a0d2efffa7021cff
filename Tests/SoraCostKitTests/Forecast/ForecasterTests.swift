import Testing
@testable import SoraCostKit

@Suite struct ForecasterTests {
    let forecaster = Forecaster()
    let march = Month(year: 2026, month: 3)

    /// `days` days of the same amount, ending on `last`.
    func constant(_ amount: String, days: Int, through last: Day) -> DailySeries {
        DailySeries(start: last.advanced(by: 1 - days), amounts: Array(repeating: Money(decimal: amount)!, count: days))
    }

    /// iid noise around $100 a day (sd $20), 400 days ending on `last`, seeded.
    func noisy(through last: Day, seed: UInt64 = 7) -> DailySeries {
        var generator = ForecastFixtures.Generator(seed: seed)
        return ForecastFixtures.series(start: last.advanced(by: -399), days: 400) { _, _ in 100 + 20 * generator.normal() }
    }

    func width(_ outcome: ForecastOutcome) throws -> Int64 {
        let forecast = try #require(outcome.forecast)
        return forecast.high.micros - forecast.low.micros
    }

    @Test func constantSpendIsForecastExactlyWithAZeroWidthInterval() throws {
        let asOf = Day(year: 2026, month: 3, day: 15)
        let outcome = forecaster.forecast(series: constant("12.34", days: 120, through: asOf), asOf: asOf, month: march)
        let forecast = try #require(outcome.forecast)
        #expect(forecast.actualToDate == Money(decimal: "185.10"))
        #expect(forecast.projectedRemainder == Money(decimal: "197.44"))
        #expect(forecast.expectedTotal == Money(decimal: "382.54"))
        #expect(forecast.low == forecast.expectedTotal)
        #expect(forecast.high == forecast.expectedTotal)
        #expect(forecast.daysElapsed == 15 && forecast.daysRemaining == 16 && forecast.daysProjected == 16)
        #expect(forecast.historyDaysUsed == 7)
        #expect(!forecast.weekdayAdjusted)
        #expect(forecast.interval == .pastErrors(count: 60))
    }

    @Test func actualToDateIsExactToTheMicroAndTheProjectionIsWholeCents() throws {
        let asOf = Day(year: 2026, month: 3, day: 15)
        var series = constant("0.123456", days: 60, through: asOf).amounts
        series[series.count - 1] = Money(micros: 1)  // 2026-03-15
        series[series.count - 2] = Money(micros: 987_654_321)  // 2026-03-14
        let outcome = forecaster.forecast(series: DailySeries(start: asOf.advanced(by: -59), amounts: series),
                                          asOf: asOf, month: march)
        let forecast = try #require(outcome.forecast)
        #expect(forecast.actualToDate.micros == 13 * 123_456 + 987_654_321 + 1)
        #expect(forecast.projectedRemainder.micros % 10_000 == 0)
        #expect(forecast.expectedTotal == forecast.actualToDate + forecast.projectedRemainder)
        #expect(forecast.low >= forecast.actualToDate)
        #expect(forecast.low <= forecast.expectedTotal && forecast.expectedTotal <= forecast.high)
    }

    @Test func spendAfterTheAsOfDayIsIgnored() throws {
        let asOf = Day(year: 2026, month: 3, day: 12)
        let full = noisy(through: Day(year: 2026, month: 3, day: 31))
        let cut = DailySeries(start: full.start, amounts: Array(full.amounts[...full.start.distance(to: asOf)]))
        let withFuture = forecaster.forecast(series: full, asOf: asOf, month: march)
        #expect(withFuture == forecaster.forecast(series: cut, asOf: asOf, month: march))
        let outcome = try #require(withFuture.forecast)
        #expect(outcome.actualToDate == full.total(march.firstDay...asOf))
    }

    @Test func weeklyPatternIsProjectedWithWeekdayFactors() throws {
        let asOf = Day(year: 2026, month: 3, day: 11)
        let start = asOf.advanced(by: -55)
        let series = ForecastFixtures.series(start: start, days: 56) { _, day in day.isoWeekday >= 6 ? 20 : 100 }
        let forecast = try #require(forecaster.forecast(series: series, asOf: asOf, month: march).forecast)
        var expected = Money.zero
        for day in asOf.advanced(by: 1)...march.lastDay {
            expected += Money(decimal: day.isoWeekday >= 6 ? "20" : "100")!
        }
        #expect(forecast.weekdayAdjusted)
        // Factors are shrunk by n/(n+1) towards 1, so the pattern is followed closely, not exactly;
        // a flat mean is much further off: 20 days left hold 6 weekend days, more than 2/7 of them.
        let flat = series.total(asOf.advanced(by: -27)...asOf).scaled(by: 20, over: 28).roundedToCents
        #expect(abs(forecast.projectedRemainder.micros - expected.micros) * 50 < expected.micros)
        #expect(abs(forecast.projectedRemainder.micros - expected.micros) < abs(flat.micros - expected.micros))
    }

    /// Sparse, bursty spend ($50 every fifth day, $10 a day on average): projected from the mean
    /// of its last 42 days, not from a robust mean of its last days, which would drop the bursts.
    @Test func sparseBurstySpendIsProjectedAtItsLongRunMean() throws {
        let asOf = Day(year: 2026, month: 3, day: 11)
        let series = ForecastFixtures.series(start: asOf.advanced(by: -89), days: 90) { index, _ in index % 5 == 0 ? 50 : 0 }
        let forecast = try #require(forecaster.forecast(series: series, asOf: asOf, month: march).forecast)
        // 20 days left at about $10 a day.
        #expect(forecast.projectedRemainder > Money(decimal: "160")! && forecast.projectedRemainder < Money(decimal: "240")!,
                "\(forecast.projectedRemainder)")
    }

    @Test func aRawWeekKeepsItsWeekdayMixAndCapsABurst() {
        let week = [100.0, 100, 100, 100, 100, 20, 20]
        #expect(abs(RobustStatistics.cappedMean(week, madMultiple: 3) - 540.0 / 7) < 1e-9)
        let burst = [10.0, 12, 9, 11, 10, 8, 90]
        // Median 10, MAD 1: the burst counts 10 + 3 × 1.4826 = 14.45.
        #expect(abs(RobustStatistics.cappedMean(burst, madMultiple: 3) - (60 + 10 + 3 * 1.4826) / 7) < 1e-9)
    }

    @Test func weekdayFactorsStayNearOneForPureNoise() throws {
        var generator = ForecastFixtures.Generator(seed: 11)
        let noise = (0..<56).map { _ in 100_000_000 + 20_000_000 * generator.normal() }
        let factors = ForecastEngine.weekdayFactors(total: noise, origin: 55) { $0 % 7 }
        #expect(factors.allSatisfy { abs($0 - 1) < 0.15 })
        let clean = (0..<56).map { Double($0 % 7 >= 5 ? 20 : 100) }
        let pattern = ForecastEngine.weekdayFactors(total: clean, origin: 55) { $0 % 7 }
        // Shrunk by n/(n+1) towards 1, so a clean pattern keeps most of its ratio.
        #expect(pattern[0] > 1.15 && pattern[6] < 0.45)
        #expect(abs(pattern.reduce(0, +) / 7 - 1) < 1e-12)
        // Under two ratios per weekday: no factors at all.
        #expect(ForecastEngine.weekdayFactors(total: clean, origin: 14) { $0 % 7 } == [Double](repeating: 1, count: 7))
    }

    @Test func intervalWidensWithFewerDaysOfHistory() throws {
        let asOf = Day(year: 2026, month: 3, day: 10)
        let full = noisy(through: asOf)
        var widths: [Int64] = []
        for days in [7, 14, 28, 400] {
            let series = DailySeries(start: asOf.advanced(by: 1 - days), amounts: Array(full.amounts.suffix(days)))
            widths.append(try width(forecaster.forecast(series: series, asOf: asOf, month: march)))
        }
        #expect(widths[0] > widths[1], "\(widths)")
        #expect(widths[1] > widths[2], "\(widths)")
        #expect(widths[2] > widths[3], "\(widths)")
    }

    @Test func intervalWidensWithMoreDaysRemaining() throws {
        let series = noisy(through: march.lastDay)
        var widths: [Int64] = []
        for day in [25, 15, 5] {
            widths.append(try width(forecaster.forecast(series: series, asOf: Day(year: 2026, month: 3, day: day), month: march)))
        }
        #expect(widths[0] < widths[1] && widths[1] < widths[2], "\(widths)")
    }

    @Test func tooLittleHistoryGivesNoNumber() throws {
        let asOf = Day(year: 2026, month: 3, day: 10)
        #expect(forecaster.forecast(series: constant("5", days: 6, through: asOf), asOf: asOf, month: march)
            == .insufficientHistory(daysAvailable: 6, required: 7))
        #expect(forecaster.forecast(series: constant("5", days: 7, through: asOf), asOf: asOf, month: march).forecast != nil)
        // Quiet days after the last point are history too: missing days are zero spend.
        let early = constant("5", days: 3, through: asOf.advanced(by: -4))
        // 7 own days (3 × $5, then 4 quiet days): spend on 3 of 7 days is sparse, so the level is
        // their plain mean, $15 ÷ 7 a day, × 21 days = 45.
        #expect(forecaster.forecast(series: early, asOf: asOf, month: march).forecast?.projectedRemainder == Money(decimal: "45"))
        #expect(forecaster.forecast(series: DailySeries([]), asOf: asOf, month: march)
            == .insufficientHistory(daysAvailable: 0, required: 7))
        let strict = Forecaster(minimumHistoryDays: 14)
        #expect(strict.forecast(series: constant("5", days: 10, through: asOf), asOf: asOf, month: march)
            == .insufficientHistory(daysAvailable: 10, required: 14))
    }

    @Test func aCompleteMonthNeedsNoHistory() throws {
        let asOf = march.lastDay
        let forecast = try #require(forecaster.forecast(series: constant("2.5", days: 3, through: asOf), asOf: asOf, month: march).forecast)
        #expect(forecast.expectedTotal == Money(decimal: "7.5"))
        #expect(forecast.low == forecast.high && forecast.high == forecast.expectedTotal)
        #expect(forecast.interval == .exact && forecast.daysRemaining == 0)
    }

    @Test func aMonthNotYetStartedIsProjectedWhole() throws {
        let asOf = Day(year: 2026, month: 2, day: 28)
        let forecast = try #require(forecaster.forecast(series: constant("3", days: 90, through: asOf), asOf: asOf, month: march).forecast)
        #expect(forecast.actualToDate == .zero && forecast.daysElapsed == 0 && forecast.daysRemaining == 31)
        #expect(forecast.projectedRemainder == Money(decimal: "93"))
    }

    @Test func nothingIsProjectedFromTheStopDayOn() throws {
        let september = Month(year: 2026, month: 9)
        let stop = Day(year: 2026, month: 9, day: 24)
        let asOf = Day(year: 2026, month: 9, day: 10)
        let outcome = forecaster.forecast(series: constant("10", days: 90, through: asOf), asOf: asOf,
                                          month: september, stopDay: stop)
        let forecast = try #require(outcome.forecast)
        // Projected: 11 … 23 September, 13 days; 24 … 30 September nothing.
        #expect(forecast.daysRemaining == 20 && forecast.daysProjected == 13)
        #expect(forecast.projectedRemainder == Money(decimal: "130"))
        #expect(forecast.expectedTotal == Money(decimal: "230"))
        #expect(forecast.notes.contains("projection stops at 2026-09-24: model retired"))
    }

    @Test func aStopBeforeTheAsOfDayLeavesExactlyTheActual() throws {
        let september = Month(year: 2026, month: 9)
        let stop = Day(year: 2026, month: 9, day: 24)
        let asOf = Day(year: 2026, month: 9, day: 26)
        let series = constant("10", days: 90, through: stop.advanced(by: -1))
        let forecast = try #require(forecaster.forecast(series: series, asOf: asOf, month: september, stopDay: stop).forecast)
        #expect(forecast.actualToDate == Money(decimal: "230"))
        #expect(forecast.projectedRemainder == .zero)
        #expect(forecast.expectedTotal == forecast.actualToDate)
        #expect(forecast.low == forecast.actualToDate && forecast.high == forecast.actualToDate)
        #expect(forecast.interval == .exact && forecast.daysProjected == 0)
        #expect(forecast.notes == ["nothing projected: model retired, no spend from 2026-09-24"])
        // Even with too little history: there is nothing to project.
        let short = constant("10", days: 3, through: asOf)
        #expect(forecaster.forecast(series: short, asOf: asOf, month: september, stopDay: stop).forecast?.expectedTotal
            == Money(decimal: "30"))
    }

    @Test func lowerBoundNeverFallsBelowActualToDate() throws {
        // Rare large days: the parametric interval alone would reach below zero remainder.
        var generator = ForecastFixtures.Generator(seed: 3)
        let series = ForecastFixtures.series(start: Day(year: 2026, month: 1, day: 1), days: 120) { _, _ in
            generator.uniform() < 0.1 ? 2_000 : 1
        }
        var clamped = 0
        for day in series.start.advanced(by: 6)...series.end! {
            let month = day.month
            guard let forecast = forecaster.forecast(series: series, asOf: day, month: month).forecast else {
                Issue.record("no forecast at \(day)")
                continue
            }
            #expect(forecast.low >= forecast.actualToDate, "\(day)")
            #expect(forecast.low <= forecast.expectedTotal && forecast.expectedTotal <= forecast.high, "\(day)")
            clamped += forecast.low == forecast.actualToDate ? 1 : 0
        }
        #expect(clamped > 0)
    }

    @Test func keyedRowsAddUpToTheTotalAndStopPerKey() throws {
        let september = Month(year: 2026, month: 9)
        let asOf = Day(year: 2026, month: 9, day: 10)
        var generator = ForecastFixtures.Generator(seed: 5)
        let retiring = ForecastFixtures.series(start: asOf.advanced(by: -119), days: 120) { _, _ in 50 + 10 * generator.normal() }
        let live = ForecastFixtures.series(start: asOf.advanced(by: -59), days: 60) { _, _ in 30 + 10 * generator.normal() }
        let keyed = forecaster.forecast(seriesByKey: ["sora-2-pro": live, "sora-2": retiring],
                                        stopDays: ["sora-2": Day(year: 2026, month: 9, day: 24)],
                                        asOf: asOf, month: september)
        #expect(keyed.rows.map(\.key) == ["sora-2", "sora-2-pro"])
        let rows = try keyed.rows.map { try #require($0.outcome.forecast) }
        let total = try #require(keyed.total.forecast)
        #expect(rows[0].daysProjected == 13 && rows[1].daysProjected == 20)
        #expect(total.actualToDate == rows[0].actualToDate + rows[1].actualToDate)
        #expect(total.projectedRemainder == rows[0].projectedRemainder + rows[1].projectedRemainder)
        #expect(total.expectedTotal == rows[0].expectedTotal + rows[1].expectedTotal)
        #expect(total.low >= total.actualToDate && total.low <= total.expectedTotal && total.expectedTotal <= total.high)
        #expect(total.notes.contains("sora-2: projection stops at 2026-09-24: model retired"))
        // The newer key is projected from its own days since its first spend (at most 7).
        #expect(rows[1].historyDaysUsed == 7)
        #expect(rows[1].methodName == "robust-level+replayed-errors")
    }

    /// sora-2-pro first spends mid-month at about $32/day: it is projected at its own rate, not
    /// diluted over the days before it existed.
    @Test func aModelFirstSeenMidMonthIsProjectedAtItsOwnRate() throws {
        let june = Month(year: 2026, month: 6)
        let asOf = Day(year: 2026, month: 6, day: 20)
        var generator = ForecastFixtures.Generator(seed: 8)
        let old = ForecastFixtures.series(start: asOf.advanced(by: -119), days: 120) { _, _ in 20 + 2 * generator.normal() }
        let pro = ForecastFixtures.series(start: Day(year: 2026, month: 6, day: 15), days: 6) { _, _ in 32 + 3 * generator.normal() }
        let keyed = forecaster.forecast(seriesByKey: ["sora-2": old, "sora-2-pro": pro], asOf: asOf, month: june)
        let row = try #require(keyed.rows[1].outcome.forecast)
        #expect(row.historyDaysUsed == 6)
        // 10 days left at about $32 a day: within 10% of $320, not the diluted $7 a day.
        #expect(row.projectedRemainder > Money(decimal: "288")! && row.projectedRemainder < Money(decimal: "352")!,
                "\(row.projectedRemainder)")
        let total = try #require(keyed.total.forecast)
        #expect(total.low <= total.expectedTotal && total.expectedTotal <= total.high)
    }

    @Test func noKeysMeansNoHistory() {
        let keyed = forecaster.forecast(seriesByKey: [:], asOf: Day(year: 2026, month: 3, day: 3), month: march)
        #expect(keyed.rows.isEmpty)
        #expect(keyed.total == .insufficientHistory(daysAvailable: 0, required: 7))
    }
}
