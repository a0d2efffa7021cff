import Testing
@testable import SoraCostKit

/// Money arithmetic never traps: a result that does not fit is `.overflow`, which sticks like
/// a NaN and is reported by whoever finishes the computation.
@Suite struct MoneyOverflowTests {
    let huge = Money(micros: .max - 1)

    @Test func sumsAndProductsThatDoNotFitAreOverflowNotATrap() {
        #expect((huge + Money(micros: 2)).isOverflow)
        #expect((huge * 2).isOverflow)
        #expect((Money(micros: 800_000_000_000 * 1_000_000) * 20).isOverflow)
        #expect([huge, huge, Money(micros: 1)].sum().isOverflow)
        var total = huge
        total += Money(micros: 5)
        #expect(total.isOverflow)
        #expect((-Money.overflow).isOverflow)
        #expect((Money.overflow - Money(micros: 1)).isOverflow)
        #expect(Money(micros: 100).scaled(by: 50, over: 100) == Money(micros: 50))
        #expect(huge.scaled(by: 3, over: 2).isOverflow)
    }

    @Test func resultsThatFitAreExact() {
        #expect(Money(micros: 100_000) * 8 == Money(micros: 800_000))
        #expect(Money(micros: 7) + Money(micros: -3) == Money(micros: 4))
        #expect(!(huge + Money(micros: 1)).isOverflow)
    }

    @Test func checkedThrowsANamedError() {
        #expect(throws: MoneyOverflow(what: "the total")) { try Money.overflow.checked("the total") }
        #expect(MoneyOverflow(what: "the total").localizedDescription.contains("the total overflows"))
    }

    @Test func aRateAboveTheBoundIsACardIssue() {
        let entry = RateEntry(provider: "openai", model: "sora-2", unit: .second,
                              rate: Money(micros: 1_000_000_001))
        let issues = RateCardValidator.entryIssues(entry, index: 0, source: "card.json")
        #expect(issues.contains { $0.field == "rate" && $0.message.contains("above the limit of 1000.00 per second") })
        let atLimit = RateEntry(provider: "openai", model: "sora-2", unit: .second, rate: RateCardValidator.maximumRate)
        #expect(RateCardValidator.entryIssues(atLimit, index: 0, source: "card.json").isEmpty)
    }
}
