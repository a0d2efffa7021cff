import Testing
@testable import SoraCostKit

@Suite struct BacktestTests {
    /// 2025-01-01 to 2026-01-31: thirteen whole months of noisy spend, seeded.
    let series: DailySeries = {
        var generator = ForecastFixtures.Generator(seed: 42)
        return ForecastFixtures.series(start: Day(year: 2025, month: 1, day: 1), days: 396) { index, day in
            let level = 80 + Double(index) * 40 / 365
            let weekday = day.isoWeekday >= 6 ? 0.6 : 1.1
            return level * weekday * (1 + 0.2 * generator.normal())
        }
    }()

    @Test func coverageIsPlausibleAndErrorsShrinkThroughTheMonth() throws {
        let result = Backtest.run(series: series)
        #expect(result.months.count == 13)
        #expect(result.monthsSkipped.isEmpty)
        // Days 1 … 6 of January 2025 have fewer than seven days of history.
        #expect(result.skippedInsufficientHistory == 6)
        #expect(result.rows.count == 30)
        #expect(result.rows[0].forecasts == 12 && result.rows[0].skippedInsufficientHistory == 1)
        #expect(result.rows[29].forecasts == 8)  // the 31-day months: 2025-01, 03, 05, 07, 08, 10, 12, 2026-01
        #expect(result.forecasts == result.rows.map(\.forecasts).reduce(0, +))
        let coverage = try #require(result.coverage)
        #expect(coverage >= 0.65 && coverage <= 0.95, "coverage \(coverage)")
        let early = result.rows[0..<5].compactMap(\.mape).reduce(0, +) / 5
        let middle = result.rows[12..<17].compactMap(\.mape).reduce(0, +) / 5
        let late = result.rows[24..<29].compactMap(\.mape).reduce(0, +) / 5
        #expect(early > middle && middle > late, "MAPE \(early) \(middle) \(late)")
        let mape = try #require(result.mape)
        #expect(mape > 0 && mape < 0.1, "MAPE \(mape)")
    }

    @Test func constantSpendScoresPerfectly() throws {
        let constant = DailySeries(start: Day(year: 2025, month: 1, day: 1),
                                   amounts: Array(repeating: Money(decimal: "7.77")!, count: 120))
        let result = Backtest.run(series: constant)
        #expect(result.months.map(\.iso) == ["2025-01", "2025-02", "2025-03", "2025-04"])
        #expect(result.mape == 0)
        #expect(result.coverage == 1)
    }

    @Test func onlyRequestedCompleteMonthsWithSpendAreScored() throws {
        let june = Month(year: 2025, month: 6)
        let result = Backtest.run(series: series, months: [june, Month(year: 2026, month: 2), june])
        #expect(result.months == [june])
        #expect(result.monthsSkipped == [Month(year: 2026, month: 2)])
        #expect(result.forecasts == 29 && result.skippedInsufficientHistory == 0)
        // A month that starts mid-series on day 15 is not complete.
        let partial = DailySeries(start: Day(year: 2025, month: 1, day: 15), amounts: Array(series.amounts[14...]))
        #expect(Backtest.run(series: partial).months.first == Month(year: 2025, month: 2))
        // A month with no spend has no percentage error.
        var quiet = series.amounts
        for index in 31..<59 { quiet[index] = .zero }
        #expect(Backtest.run(series: DailySeries(start: series.start, amounts: quiet)).monthsSkipped
            == [Month(year: 2025, month: 2)])
    }

    @Test func aYearOfDailyDataRunsWellUnderASecond() {
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = Backtest.run(series: series) }
        #expect(elapsed < .seconds(1), "\(elapsed)")
    }

    @Test func selectFindsTheSameValueAsSorting() {
        var generator = ForecastFixtures.Generator(seed: 9)
        for size in [1, 2, 3, 10, 57, 300] {
            // Coarse values so there are many ties.
            let values = (0..<size).map { _ in Double(Int(generator.uniform() * 12)) }
            let sorted = values.sorted()
            for rank in Set([0, size / 10, size / 2, size - 1 - size / 10, size - 1]) {
                var scratch = values
                #expect(ForecastInterval.select(&scratch, rank: rank) == sorted[rank], "size \(size) rank \(rank)")
            }
        }
        var ascending = (0..<100).map(Double.init)
        #expect(ForecastInterval.select(&ascending, rank: 9) == 9)
    }

    @Test func orderStatisticRanksGiveAtLeastEightyPercent() throws {
        #expect(ForecastInterval.ranks(count: 8) == nil)
        let nine = try #require(ForecastInterval.ranks(count: 9))
        #expect(nine.low == 0 && nine.high == 8)
        let hundred = try #require(ForecastInterval.ranks(count: 100))
        #expect(hundred.low == 9 && hundred.high == 90)
        // (n + 1 − 2k) / (n + 1) with k = 10 and n = 100: 81/101.
        #expect(abs(ForecastInterval.t90(dof: 6) - 1.4398) < 0.002)
        #expect(abs(ForecastInterval.t90(dof: 21) - 1.3232) < 0.001)
    }
}
