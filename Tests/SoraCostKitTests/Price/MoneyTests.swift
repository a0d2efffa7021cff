import Testing
@testable import SoraCostKit

@Suite struct MoneyTests {
    @Test func parsesAndPrintsExactly() throws {
        #expect(Money(decimal: "0.10")?.micros == 100_000)
        #expect(Money(decimal: "8")?.decimalString == "8.00")
        #expect(Money(decimal: "0.125")?.decimalString == "0.125")
        #expect(Money(decimal: "-1.5")?.decimalString == "-1.50")
        #expect(Money(decimal: "1e3") == nil)
        #expect(Money(decimal: "0.0000001") == nil)
        #expect(Money(decimal: ".") == nil)
    }

    @Test func roundsHalfEvenOnlyForDisplay() {
        #expect(Money(micros: 5_000).roundedToCents.micros == 0)
        #expect(Money(micros: 15_000).roundedToCents.micros == 20_000)
        #expect(Money(micros: -15_000).roundedToCents.micros == -20_000)
        #expect(Money(micros: 1_000_000).scaled(by: 1, over: 3).micros == 333_333)
        #expect(Money(micros: 300_000).scaled(by: 50, over: 100).micros == 150_000)
    }
}

@Suite struct DayTests {
    @Test func roundTripsCivilDates() throws {
        #expect(Day(year: 1970, month: 1, day: 1).index == 0)
        let day = try #require(Day(iso: "2026-09-24"))
        #expect(day.iso == "2026-09-24")
        #expect(Day(iso: "2026-02-29") == nil)
        #expect(Day(iso: "2024-02-29")?.iso == "2024-02-29")
        #expect(Day(unix: 1_760_627_796).iso == "2025-10-16")
        #expect(Day(unix: -1).iso == "1969-12-31")
        #expect(Day(iso: "2026-11-23")?.isoWeekday == 1)
        #expect(Month(iso: "2026-02")?.dayCount == 28)
    }

    /// ISO dates are digits and hyphens only: a sign or a space in a field is refused, not read
    /// as the number it would be to `Int` ("+9" as 9).
    @Test func refusesSignsAndSpacesInDateFields() {
        for text in ["2026-+9-01", "+026-09-01", "2026-09-+1", "2026- 9-01", "-026-09-01", "2026-09-1 ", "２026-09-01"] {
            #expect(Day(iso: text) == nil, "\(text)")
        }
        for text in ["2026-+9", "+026-09", "2026- 9", "2026-9 "] {
            #expect(Month(iso: text) == nil, "\(text)")
        }
        #expect(Month(iso: "2026-09")?.iso == "2026-09")
    }
}
