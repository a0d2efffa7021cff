import Testing
@testable import SoraCostKit

@Suite struct ReportCellTests {
    @Test(arguments: [
        (Int64(1), Int64(3), "33.3"),
        (2, 3, "66.7"),
        (1, 8, "12.5"),
        (1, 16, "6.2"),      // 62.5 per mille rounds half to even: 62
        (3, 16, "18.8"),     // 187.5 rounds to 188
        (-1, 3, "-33.3"),
        (1, -3, "-33.3"),
        (-1, 2_000, "0.0"),    // -0.5 per mille rounds to even zero: no "-0.0"
        (0, 5, "0.0"),
        (5, 5, "100.0"),
        (7, 2, "350.0"),
        (Int64.max, Int64.max - 1, "100.0"),
    ])
    func percentUsesIntegerHalfEvenRounding(numerator: Int64, denominator: Int64, expected: String) {
        #expect(ReportRatio(numerator: numerator, denominator: denominator).oneDecimalText == expected)
    }

    @Test func basisPointsAndZeroDenominator() {
        #expect(ReportRatio.basisPoints(1234).oneDecimalText == "12.3")
        #expect(ReportRatio.basisPoints(1235).oneDecimalText == "12.4")
        #expect(ReportRatio.basisPoints(1225).oneDecimalText == "12.2")
        #expect(ReportRatio(numerator: 1, denominator: 0).permille == nil)
        #expect(ReportCell.percent(3, of: 0).displayText == "n/a")
        #expect(ReportCell.percent(3, of: 0).plainText == nil)
        // A ratio too large for an Int64 of per mille saturates instead of trapping.
        #expect(ReportRatio(numerator: Int64.max, denominator: 1).permille == Int64.max)
    }

    @Test func moneySharesAreExact() {
        let part = Money(micros: 914_375_000)
        let whole = Money(micros: 1_234_375_000)
        #expect(ReportCell.percent(part, of: whole).displayText == "74.1%")
        #expect(ReportCell.percent(part, of: whole).plainText == "74.1")
    }

    @Test func plainAndDisplayTexts() {
        #expect(ReportCell.money(Money(micros: 8_000_000)).plainText == "8.00")
        #expect(ReportCell.money(Money(micros: -1_500_000)).displayText == "-1.50")
        #expect(ReportCell.money(Money(micros: 125_000)).plainText == "0.125")
        #expect(ReportCell.integer(-42).plainText == "-42")
        #expect(ReportCell.date(Day(year: 2026, month: 9, day: 3)).plainText == "2026-09-03")
        #expect(ReportCell.month(Month(year: 2026, month: 9)).plainText == "2026-09")
        #expect(ReportCell.null.plainText == nil)
        #expect(ReportCell.null.displayText == "")
        #expect(ReportCell.money(.zero).isNumeric)
        #expect(!ReportCell.text("12").isNumeric)
    }

    @Test func columnKeysMustBeSnakeCase() {
        #expect(ReportColumn.isValidKey("cost_usd"))
        #expect(ReportColumn.isValidKey("p95"))
        #expect(!ReportColumn.isValidKey("Cost"))
        #expect(!ReportColumn.isValidKey("1st"))
        #expect(!ReportColumn.isValidKey(""))
        #expect(!ReportColumn.isValidKey("cost usd"))
        #expect(!ReportColumn.isValidKey("coût"))
    }

    @Test func displayWidthCountsWideCharactersTwice() {
        #expect(TerminalText.displayWidth("sora-2") == 6)
        #expect(TerminalText.displayWidth("映像チーム") == 10)
        #expect(TerminalText.displayWidth("e\u{301}") == 1)   // e + combining acute is one column
        #expect(TerminalText.displayWidth("🎬") == 2)
        #expect(TerminalText.sanitized("a\nb\tc\u{1B}[31m\u{202E}") == "a b c\u{FFFD}[31m\u{FFFD}")
    }
}
