import Testing
@testable import SoraCostKit

@Suite struct DailySeriesTests {
    let first = Day(year: 2026, month: 3, day: 1)

    @Test func fillsGapsWithZeroAndAddsSameDayPoints() throws {
        let series = DailySeries([
            (first.advanced(by: 3), Money(micros: 5)),
            (first, Money(micros: 1)),
            (first.advanced(by: 3), Money(micros: 7)),
        ])
        #expect(series.start == first)
        #expect(series.amounts.map(\.micros) == [1, 0, 0, 12])
        #expect(series.end == first.advanced(by: 3))
        #expect(series[first.advanced(by: 1)] == .zero)
        #expect(series[first.advanced(by: -1)] == .zero)
        #expect(series[first.advanced(by: 9)] == .zero)
    }

    @Test func boundsWidenButNeverDropPoints() {
        let series = DailySeries([(first.advanced(by: 2), Money(micros: 3))],
                                 from: first.advanced(by: 5), through: first.advanced(by: 4))
        #expect(series.start == first.advanced(by: 2))
        #expect(series.end == first.advanced(by: 5))
        #expect(series.amounts.map(\.micros) == [3, 0, 0, 0])
        #expect(DailySeries([]).isEmpty)
        #expect(DailySeries([], from: first).amounts == [.zero])
    }

    @Test func totalsAreExactAndClippedToTheKnownRange() {
        let series = DailySeries(start: first, amounts: [
            Money(micros: 1), Money(micros: 123_456_789), Money(micros: -2), Money(micros: 999_999),
        ])
        #expect(series.total(first...first.advanced(by: 3)).micros == 124_456_787)
        #expect(series.total(first.advanced(by: -10)...first.advanced(by: 1)).micros == 123_456_790)
        #expect(series.total(first.advanced(by: 4)...first.advanced(by: 9)) == .zero)
    }

    @Test func sumAlignsSeriesOnTheUnionOfTheirDays() {
        let a = DailySeries(start: first, amounts: [Money(micros: 1), Money(micros: 2)])
        let b = DailySeries(start: first.advanced(by: 3), amounts: [Money(micros: 10)])
        let sum = DailySeries.sum([a, b, DailySeries([])])
        #expect(sum.start == first)
        #expect(sum.amounts.map(\.micros) == [1, 2, 0, 10])
    }
}
