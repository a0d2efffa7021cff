import Foundation
import Testing
@testable import SoraCostKit

@Suite struct BudgetCheckTests {
    let spend: SpendLedger
    let pricer = Pricer(card: EffectiveCard())

    /// Marketing spends $0.80 every day (one 8 s sora-2 job) from 2026-06-01 to 2026-09-20.
    init() throws {
        spend = try SpendLedger()
        try spend.addDaily(.on("2026-06-01")...(.on("2026-09-20")))
    }

    var check: BudgetCheck {
        BudgetCheck(ledger: spend.ledger, evaluator: BudgetEvaluator(ledger: spend.ledger, pricer: pricer))
    }

    func monthly(_ amount: String, _ thresholds: [BudgetThreshold], name: String = "marketing",
                 scope: BudgetScope = BudgetScope(project: "marketing"), currency: String = "USD") -> Budget {
        Budget(name: name, period: .month, amount: Money(decimal: amount)!, currency: currency, scope: scope,
               thresholds: thresholds)
    }

    @Test func levelsFollowTheReachedThresholds() throws {
        // On 2026-08-10 the month has spent 8.00 and is forecast at 31 × 0.80 = 24.80.
        let asOf = Day.on("2026-08-10")
        let cases: [(Budget, BudgetLevel)] = [
            (monthly("100.00", BudgetThreshold.defaults), .ok),
            (monthly("10.00", [BudgetThreshold(percent: 80)]), .warning),
            (monthly("8.00", [BudgetThreshold(percent: 80), BudgetThreshold(percent: 100)]), .critical),
            (monthly("24.80", [BudgetThreshold(percent: 100, basis: .forecast)]), .critical),
            (monthly("24.81", [BudgetThreshold(percent: 100, basis: .forecast)]), .ok),
            (monthly("24.80", [BudgetThreshold(percent: 90, basis: .forecast)]), .warning),
            (monthly("100.00", BudgetThreshold.defaults, currency: "EUR"), .unknown),
        ]
        for (budget, level) in cases {
            let evaluation = BudgetEvaluator(ledger: spend.ledger, pricer: pricer).evaluate(budget, asOf: asOf)
            #expect(evaluation.spend == Money(decimal: "8.00"))
            #expect(evaluation.level == level, "\(budget.amount) \(budget.thresholds)")
        }
        let forecast = try #require(BudgetEvaluator(ledger: spend.ledger, pricer: pricer)
            .evaluate(monthly("100", []), asOf: asOf).forecast?.forecast)
        #expect(forecast.expectedTotal == Money(decimal: "24.80"))
        #expect(forecast.low == forecast.expectedTotal && forecast.high == forecast.expectedTotal)
    }

    @Test func theRunsLevelIsTheWorstAndCriticalBeatsUnknown() {
        #expect(BudgetLevel.worst([.ok, .warning]) == .warning)
        #expect(BudgetLevel.worst([.warning, .unknown]) == .unknown)
        #expect(BudgetLevel.worst([.unknown, .critical, .ok]) == .critical)
        #expect(BudgetLevel.worst([]) == .ok)
    }

    @Test func scopesSelectJobsBySnapshotTagAndProvider() throws {
        let day = Day.on("2026-09-21")
        try spend.add(on: day, model: "sora-2-2025-12-08", project: "studio", tags: ["team": "vfx"])
        try spend.add(on: day, seconds: 4, model: "SORA-2", provider: "Azure", project: "studio")
        try spend.add(on: day, seconds: 4, model: "sora-2-pro", project: "studio", tags: ["team": "vfx"])
        let evaluator = BudgetEvaluator(ledger: spend.ledger, pricer: Pricer(card: EffectiveCard(user: try RateCard.parse(
            text: #"{"version": 1, "entries": [{"provider": "azure", "model": "sora-2", "unit": "second", "rate": "0.10"}]}"#,
            sourceName: "azure.json"))))
        func spent(_ scope: BudgetScope) -> Money {
            evaluator.evaluate(Budget(name: "x", period: .day, amount: Money(decimal: "1")!, scope: scope), asOf: day).spend
        }
        #expect(spent(BudgetScope(project: "studio")) == Money(decimal: "2.40"))
        #expect(spent(BudgetScope(project: "studio", model: "sora-2")) == Money(decimal: "1.20"))
        #expect(spent(BudgetScope(model: "Sora-2-Pro")) == Money(decimal: "1.20"))
        #expect(spent(BudgetScope(provider: "azure")) == Money(decimal: "0.40"))
        #expect(spent(BudgetScope(project: "studio", tags: ["team": "vfx"])) == Money(decimal: "2.00"))
        #expect(spent(BudgetScope(tags: ["team": "brand"])) == .zero)
        #expect(spent(BudgetScope()) == Money(decimal: "2.40"))
    }

    @Test func eachCrossingIsAnnouncedOncePerPeriodAndReArmsInTheNext() throws {
        let budget = monthly("20.00", [BudgetThreshold(percent: 80), BudgetThreshold(percent: 100)])
        var announced: [String] = []
        var levels: [BudgetLevel] = []
        var day = Day.on("2026-07-01")
        while day <= .on("2026-08-31") {
            let result = try check.run(budgets: [budget], asOf: day, now: 1_000 + Int64(day.index))
            announced += result.newCrossings.map { "\($0.asOf.iso) \($0.interval.label) \($0.threshold)" }
            levels.append(result.level)
            day = day.advanced(by: 1)
        }
        // $0.80 a day: 80% of $20 is reached on day 20, 100% on day 25 of each month.
        #expect(announced == [
            "2026-07-20 2026-07 80% actual", "2026-07-25 2026-07 100% actual",
            "2026-08-20 2026-08 80% actual", "2026-08-25 2026-08 100% actual",
        ])
        // The level is the state: CRITICAL every day from the 25th, not only on the day it was new.
        #expect(levels[23] == .warning && levels[24...30].allSatisfy { $0 == .critical } && levels[31] == .ok)

        let again = try check.run(budgets: [budget], asOf: .on("2026-08-31"), now: 5_000)
        #expect(again.newCrossings.isEmpty)
        #expect(again.level == .critical)
        #expect(try spend.ledger.announcedThresholds(budget: "marketing", period: "2026-08")
            == [BudgetThreshold(percent: 80), BudgetThreshold(percent: 100)])
    }

    @Test func crossingsReadWellForPeopleAndMachines() throws {
        let budget = monthly("24.00", [BudgetThreshold(percent: 100, basis: .forecast), BudgetThreshold(percent: 25)])
        let result = try check.run(budgets: [budget], asOf: .on("2026-08-10"), now: 1)
        #expect(result.newCrossings.map(\.line) == [
            "CRITICAL marketing 2026-08: 100% of budget reached (forecast): expected 24.80 of 24.00 USD (103.3%), "
                + "80% range 24.80–24.80; spent so far 8.00",
            "WARNING marketing 2026-08: 25% of budget reached (actual): spent 8.00 of 24.00 USD (33.3%)",
        ])
        let payload = try #require(result.newCrossings.first?.payload)
        #expect(payload["budget"] == .string("marketing"))
        #expect(payload["period"] == .string("2026-08"))
        #expect(payload["threshold"] == .number("100"))
        #expect(payload["basis"] == .string("forecast"))
        #expect(payload["spend"] == .string("8.00"))
        #expect(payload["amount"] == .string("24.00"))
        #expect(payload["currency"] == .string("USD"))
        #expect(payload["forecast"]?["expected"] == .string("24.80"))
        #expect(payload["scope"]?["project"] == .string("marketing"))
        #expect(payload["text"]?.stringValue?.hasPrefix("CRITICAL marketing 2026-08") == true)

        let json = BudgetReport.checkJSON(result, zone: .utc)
        #expect(json["level"] == .string("CRITICAL") && json["exit_status"] == .number("2"))
        guard case .array(let crossings)? = json["new_crossings"], case .array(let budgets)? = json["budgets"] else {
            Issue.record("new_crossings and budgets must be arrays: \(json.compactText)")
            return
        }
        #expect(crossings.count == 2 && budgets.count == 1)
        #expect(budgets[0]["reached"] == .array([.string("100% forecast"), .string("25% actual")]))
        #expect(budgets[0]["percent_used"] == .string("33.3"))
    }

    @Test func tooLittleHistoryJudgesOnActualSpendAlone() throws {
        let young = try SpendLedger()
        try young.addDaily(.on("2026-08-01")...(.on("2026-08-03")), seconds: 4)
        let evaluation = BudgetEvaluator(ledger: young.ledger, pricer: pricer)
            .evaluate(monthly("1.50", [BudgetThreshold(percent: 100, basis: .forecast), BudgetThreshold(percent: 80)]),
                      asOf: .on("2026-08-03"))
        #expect(evaluation.forecast == .insufficientHistory(daysAvailable: 2, required: 7))
        #expect(evaluation.reached == [BudgetThreshold(percent: 80)])
        #expect(evaluation.level == .warning)
    }

    @Test func aBudgetWhoseSpendIsPricedInSeveralCurrenciesIsUnknown() throws {
        try spend.add(on: .on("2026-08-10"), provider: "eurogate")
        let card = try RateCard.parse(text: #"""
            {"version": 1, "entries": [{"provider": "eurogate", "model": "sora-2", "unit": "second", "rate": "0.09", "currency": "EUR"}]}
            """#, sourceName: "eur.json")
        let evaluator = BudgetEvaluator(ledger: spend.ledger, pricer: Pricer(card: EffectiveCard(user: card)))
        let everything = evaluator.evaluate(monthly("100", [], scope: BudgetScope()), asOf: .on("2026-08-10"))
        #expect(everything.level == .unknown)
        #expect(everything.failure?.contains("several currencies (EUR, USD)") == true)
        let euros = evaluator.evaluate(monthly("100", [], scope: BudgetScope(provider: "eurogate")), asOf: .on("2026-08-10"))
        #expect(euros.level == .unknown)
        #expect(euros.failure == "the budget is in USD but its jobs are priced in EUR")
        let fine = evaluator.evaluate(monthly("100", [], scope: BudgetScope(provider: "eurogate"), currency: "EUR"),
                                      asOf: .on("2026-08-10"))
        #expect(fine.level == .ok && fine.spend == Money(decimal: "0.72"))
    }
}
