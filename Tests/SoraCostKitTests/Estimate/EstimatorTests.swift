import Testing
@testable import SoraCostKit

@Suite struct EstimatorTests {
    let day = Day(iso: "2026-09-01")!
    let september = Month(iso: "2026-09")!

    func estimator(_ card: RateCard? = nil, month: Month? = nil) -> Estimator {
        Estimator(pricer: Pricer(card: EffectiveCard(user: card)), day: day, month: month ?? september)
    }

    func line(_ model: String = "sora-2", _ size: String = "1280x720", seconds: Int = 8, count: Int = 10,
              per: EstimatePer = .day, batch: Bool = false, failing: RatePercent = .zero) -> EstimateLine {
        EstimateLine(model: model, size: RateSize(size)!, seconds: seconds, count: count, per: per, isBatch: batch,
                     failureShare: failing)
    }

    func amounts(_ estimate: LineEstimate) -> [String: String] {
        var result: [String: String] = [:]
        for key in ["per_job", "per_day", "per_week", "per_4_weeks", "per_month_30d", "per_calendar_month", "per_average_month"] {
            result[key] = estimate.figure(key)?.amount.decimalString
        }
        return result
    }

    @Test func publishedDailyExamples() throws {
        let small = try estimator().estimate(line())
        #expect(amounts(small)["per_day"] == "8.00")
        #expect(amounts(small)["per_month_30d"] == "240.00")
        #expect(amounts(small)["per_job"] == "0.80")
        let pro = try estimator().estimate(line("sora-2-pro", "1792x1024", seconds: 12, count: 5))
        #expect(amounts(pro)["per_day"] == "30.00")
        #expect(amounts(pro)["per_month_30d"] == "900.00")
        let allExact = pro.figures.allSatisfy { $0.isExact }
        #expect(allExact, "a daily count times whole days is exact")
        #expect(pro.charge?.rate.index == 2)
    }

    /// $20/week: four weeks $80 exactly; 30 days 20 × 30 / 7 = 85.7142857… → 85.714286; the
    /// average month 20 × 30.4375 / 7 = 86.9642857… → 86.964286; December's 31 days 88.571429.
    @Test func publishedWeeklyExampleLabelsEachMonth() throws {
        let estimate = try estimator(month: Month(iso: "2026-12")!).estimate(line(seconds: 4, count: 50, per: .week))
        let figures = amounts(estimate)
        #expect(figures["per_week"] == "20.00")
        #expect(figures["per_4_weeks"] == "80.00")
        #expect(figures["per_month_30d"] == "85.714286")
        #expect(figures["per_average_month"] == "86.964286")
        #expect(figures["per_calendar_month"] == "88.571429")
        #expect(figures["per_day"] == "2.857143")
        let exact = Dictionary(uniqueKeysWithValues: estimate.figures.map { ($0.basis.key, $0.isExact) })
        #expect(exact == ["per_day": false, "per_week": true, "per_4_weeks": true, "per_month_30d": false,
                          "per_calendar_month": false, "per_average_month": false])
        #expect(estimate.figure("per_calendar_month")?.basis.length == "2026-12: 31 days")
    }

    @Test func aMonthlyCountIsPerThirtyDays() throws {
        let estimate = try estimator().estimate(line(count: 300, per: .month))
        #expect(amounts(estimate)["per_day"] == "8.00")
        #expect(amounts(estimate)["per_month_30d"] == "240.00")
    }

    @Test func halfEvenRounding() throws {
        // 1 s at $0.10 once a week: per day 0.1 / 7 = 0.0142857… → 0.014286.
        let estimate = try estimator().estimate(line(seconds: 1, count: 1, per: .week))
        #expect(amounts(estimate)["per_day"] == "0.014286")
        #expect(EstimateFigure.scale(Money(micros: 5), by: 1, over: 2)! == (Money(micros: 2), false))
        #expect(EstimateFigure.scale(Money(micros: 7), by: 1, over: 2)! == (Money(micros: 4), false))
        #expect(EstimateFigure.scale(Money(micros: Int64.max), by: 3, over: 1) == nil)
    }

    @Test(arguments: [("sora-2-pro", "1920x1080", UnpricedReason.unknownSize), ("sora-3", "1280x720", .unknownModel)])
    func unpricedHasAReasonAndNoAmount(model: String, size: String, reason: UnpricedReason) throws {
        let estimate = try estimator().estimate(line(model, size))
        #expect(estimate.unpricedReason == reason)
        #expect(estimate.perJob == nil)
        #expect(estimate.figures.isEmpty)
        #expect(ScenarioEstimate.total(of: [estimate], bases: estimator().bases) == nil)
    }

    @Test func afterTheShutdownTheBuiltInCardHasNoRate() throws {
        let late = Estimator(pricer: Pricer(card: EffectiveCard()), day: Day(iso: "2026-12-01")!, month: september)
        #expect(try late.estimate(line()).unpricedReason == .noRateOnDate)
    }

    @Test func batchAndFailures() throws {
        #expect(amounts(try estimator().estimate(line(batch: true)))["per_day"] == "4.00")
        // Failures not billed by the built-in card: 10% of 10 jobs a day cost nothing.
        let notBilled = try estimator().estimate(line(failing: RatePercent(whole: 10)))
        #expect(amounts(notBilled)["per_day"] == "7.20")
        #expect(amounts(notBilled)["per_job"] == "0.72")
        #expect(notBilled.failedJobCost == nil)
        // A card that bills failures: every job costs the same.
        let card = try RateCard.parse(text: """
            {"version": 1, "bill_failed": true, "entries": [{"provider": "openai", "model": "sora-2", "sizes": ["1280x720"], "unit": "second",
             "rate": "0.10", "effective_from": "2025-10-06", "source": "contract"}]}
            """, sourceName: "bills.json")
        let billed = try estimator(card).estimate(line(failing: RatePercent(whole: 10)))
        #expect(amounts(billed)["per_day"] == "8.00")
        #expect(billed.failedJobCost == Money(decimal: "0.80"))
        #expect(billed.charge?.rate.cardName == "bills.json")
    }
}
