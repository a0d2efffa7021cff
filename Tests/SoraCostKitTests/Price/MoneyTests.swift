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
