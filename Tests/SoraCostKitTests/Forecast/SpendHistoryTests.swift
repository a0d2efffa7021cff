import Foundation
import Testing
@testable import SoraCostKit

/// The ledger-to-forecast adapter: daily series from priced ledger jobs, per-model stop days,
/// period forecasts.
@Suite struct SpendHistoryTests {
    let march = Month(year: 2026, month: 3)

    /// A card whose `sora-2` ends mid-March (no rate from 2026-03-20) while `sora-2-pro` goes on.
    static let retiringCard = """
        {"version": 1, "entries": [
          {"provider": "openai", "model": "sora-2", "unit": "second", "rate": "0.10", "effective_to": "2026-03-20"},
          {"provider": "openai", "model": "sora-2-pro", "unit": "second", "rate": "0.30"}
        ]}
        """

    /// Both models priced for good.
    static let lastingCard = """
        {"version": 1, "entries": [{"provider": "openai", "model": "sora-2*", "unit": "second", "rate": "0.10"}]}
        """

    func pricer(_ card: String? = nil) throws -> Pricer {
        Pricer(card: EffectiveCard(builtIn: RateCard(sourceName: "none", entries: []),
                                   user: try card.map { try RateCard.parse(text: $0, sourceName: "card.json") }))
    }

    /// Seeded noisy spend: 1 to 4 sora-2 jobs a day of 4, 8 or 12 seconds.
    func noisy(_ spend: SpendLedger, days: ClosedRange<Day>, seed: UInt64 = 11) throws {
        var generator = ForecastFixtures.Generator(seed: seed)
        try spend.ledger.transaction {
            for day in days {
                for _ in 0..<(1 + Int(generator.next() % 4)) {
                    try spend.add(on: day, seconds: [4, 8, 12][Int(generator.next() % 3)])
                }
            }
        }
    }

    @Test func theSeriesIsTheLedgersPricedDailySpendFromItsFirstDay() throws {
        let spend = try SpendLedger()
        try spend.add(on: .on("2026-02-20"), project: "studio")
        try spend.add(on: .on("2026-03-02"), seconds: 4)
        try spend.add(on: .on("2026-03-02"), seconds: 12, model: "sora-2-2025-12-08")
        try spend.add(on: .on("2026-03-05"), seconds: 4, model: "sora-2-pro")
        try spend.add(on: .on("2026-03-09"))  // after the as-of day: never read
        let history = try SpendHistory.load(ledger: spend.ledger, pricer: try pricer(SpendHistoryTests.retiringCard),
                                            asOf: .on("2026-03-05"), filter: JobFilter(project: "marketing"))
        #expect(history.start == .on("2026-02-20"))
        #expect(history.lastDataDay == .on("2026-03-05"))  // jobs after the cut do not exist
        #expect(history.components.map(\.label) == ["openai/sora-2", "openai/sora-2-pro"])
        #expect(history.components.map(\.stopDay) == [.on("2026-03-20"), nil])
        let total = history.total
        #expect(total.start == .on("2026-02-20") && total.end == .on("2026-03-05"))
        #expect(total[.on("2026-02-20")] == .zero, "studio's job is outside the filter")
        #expect(total[.on("2026-03-02")] == Money(decimal: "1.60"))
        #expect(total[.on("2026-03-05")] == Money(decimal: "1.20"))
        #expect(history.actual(in: march.days) == Money(decimal: "2.80"))
    }

    @Test func stopDaysComeFromTheLatestEndOfTheMatchingEntries() throws {
        let builtIn = EffectiveCard()
        #expect(builtIn.stopDay(provider: "openai", model: "sora-2") == .on("2026-09-25"))
        #expect(builtIn.stopDay(provider: "OpenAI", model: "sora-2-pro-2025-10-06") == .on("2026-09-25"))
        #expect(builtIn.stopDay(provider: "openai", model: "veo-3") == nil)
        let company = EffectiveCard(user: try RateCard.parse(text: """
            {"version": 1, "entries": [
              {"provider": "azure", "model": "sora-2", "unit": "second", "rate": "0.10", "effective_from": "2025-10-06"},
              {"provider": "openai", "model": "sora-2-pro", "sizes": ["1920x1080"], "unit": "second", "rate": "0.70",
               "effective_from": "2026-03-01", "effective_to": "2026-12-01"},
              {"provider": "gate", "model": "sora-2*", "unit": "generation", "rate": "0.16", "effective_to": "2026-05-01"}
            ]}
            """, sourceName: "company.json"))
        #expect(company.stopDay(provider: "azure", model: "sora-2") == nil, "open-ended: not retired")
        #expect(company.stopDay(provider: "openai", model: "sora-2-pro") == .on("2026-12-01"), "latest end, any size")
        #expect(company.stopDay(provider: "openai", model: "sora-2") == .on("2026-09-25"))
        #expect(company.stopDay(provider: "gate", model: "sora-2-pro") == .on("2026-05-01"), "globs match too")
    }

    @Test func aModelWhoseCardEndsMidMonthProjectsNothingAfter() throws {
        let spend = try SpendLedger()
        // sora-2 $0.80 a day, sora-2-pro $1.20 a day, from 2026-01-01 (later days are not read
        // by a forecast as of an earlier day).
        try spend.addDaily(.on("2026-01-01")...(.on("2026-03-17")))
        try spend.addDaily(.on("2026-01-01")...(.on("2026-03-17")), seconds: 4, model: "sora-2-pro")
        let pricer = try pricer(SpendHistoryTests.retiringCard)
        let history = try SpendHistory.load(ledger: spend.ledger, pricer: pricer, asOf: .on("2026-03-10"),
                                            dimension: .model)
        let keyed = history.forecast(month: march)
        #expect(keyed.rows.map(\.key) == ["sora-2", "sora-2-pro"])
        let retiring = try #require(keyed.rows.first?.outcome.forecast)
        let lasting = try #require(keyed.rows.last?.outcome.forecast)
        // sora-2 is projected on 11…19 March only (9 days), sora-2-pro on all 21 remaining days.
        #expect(retiring.daysProjected == 9 && retiring.projectedRemainder == Money(decimal: "7.20"))
        #expect(retiring.notes == ["openai/sora-2: projection stops at 2026-03-20: model retired"])
        #expect(lasting.daysProjected == 21 && lasting.projectedRemainder == Money(decimal: "25.20"))
        let total = try #require(keyed.total.forecast)
        #expect(total.actualToDate == Money(decimal: "20.00"))
        #expect(total.projectedRemainder == Money(decimal: "32.40"))
        #expect(total.expectedTotal == retiring.expectedTotal + lasting.expectedTotal)

        // Without --by the total is still projected model by model.
        let plain = try SpendHistory.load(ledger: spend.ledger, pricer: pricer, asOf: .on("2026-03-10"))
        #expect(plain.forecast(month: march).total == keyed.total)

        // A budget week that runs past the stop day, as of its Tuesday: sora-2 stops on Friday the
        // 20th, the week on Sunday the 22nd.
        let tuesday = try SpendHistory.load(ledger: spend.ledger, pricer: pricer, asOf: .on("2026-03-17"))
        let week = try #require(tuesday.forecast(days: .on("2026-03-16")...(.on("2026-03-22"))).forecast)
        #expect(week.actualToDate == Money(decimal: "4.00"))
        #expect(week.expectedTotal == Money(decimal: "11.60"), "4.00 + 2 × 0.80 + 5 × 1.20")
        #expect(week.notes == ["openai/sora-2: nothing projected from 2026-03-20: model retired (its rate card ends)"])

        // Forecast after the stop day: the retired model adds nothing at all.
        try spend.addDaily(.on("2026-03-18")...(.on("2026-03-25")), seconds: 4, model: "sora-2-pro")
        let late = try SpendHistory.load(ledger: spend.ledger, pricer: pricer, asOf: .on("2026-03-25"), dimension: .model)
            .forecast(month: march)
        let gone = try #require(late.rows.first { $0.key == "sora-2" }?.outcome.forecast)
        #expect(gone.projectedRemainder == .zero && gone.daysProjected == 0 && gone.low == gone.high)
        #expect(gone.notes == ["openai/sora-2: nothing projected: model retired, no spend from 2026-03-20"])
        let rest = try #require(late.total.forecast)
        #expect(rest.projectedRemainder == Money(decimal: "7.20"), "only sora-2-pro, 6 days")
    }

    @Test func intervalsWidenWithFewerDaysOfHistory() throws {
        let asOf = Day.on("2026-03-10")
        var widths: [Int64] = []
        for days in [8, 20, 120] {
            let spend = try SpendLedger()
            try noisy(spend, days: asOf.advanced(by: 1 - days)...asOf)
            let history = try SpendHistory.load(ledger: spend.ledger, pricer: try pricer(SpendHistoryTests.lastingCard),
                                                asOf: asOf)
            let forecast = try #require(history.forecast(month: march).total.forecast)
            #expect(forecast.low < forecast.expectedTotal && forecast.expectedTotal < forecast.high)
            widths.append(forecast.high.micros - forecast.low.micros)
        }
        #expect(widths[0] > widths[2] && widths[1] > widths[2], "\(widths)")
    }

    @Test func tooLittleHistoryGivesNoNumber() throws {
        let spend = try SpendLedger()
        try spend.addDaily(.on("2026-03-01")...(.on("2026-03-03")))
        let history = try SpendHistory.load(ledger: spend.ledger, pricer: try pricer(SpendHistoryTests.retiringCard),
                                            asOf: .on("2026-03-03"))
        let keyed = history.forecast(month: march)
        #expect(keyed.total == .insufficientHistory(daysAvailable: 2, required: 7))  // complete days: the as-of day is in progress
        let document = ForecastReport.document(history: history, month: march, forecast: keyed)
        #expect(document.summary.map(\.key) == ["actual_to_date", "forecast"])
        #expect(document.summary[0].value == .money(Money(decimal: "2.40")!))
        #expect(document.summary[1].value == .text("insufficient history: 2 of 7 days"))
        #expect(document.sections[0].table.rows == [[.money(Money(decimal: "2.40")!), .null, .null, .null, .null, .null,
                                                     .text("insufficient history: 2 of 7 days")]])

        let empty = try SpendHistory.load(ledger: try SpendLedger().ledger, pricer: try pricer(), asOf: .on("2026-03-03"))
        #expect(empty.forecast(month: march).total == .insufficientHistory(daysAvailable: 0, required: 7))
        #expect(empty.forecast(days: march.days) == .insufficientHistory(daysAvailable: 0, required: 7))
    }

    @Test func aMonthLongPeriodIsExactlyTheMonthForecast() throws {
        let spend = try SpendLedger()
        try noisy(spend, days: .on("2025-11-01")...(.on("2026-03-12")))
        let history = try SpendHistory.load(ledger: spend.ledger, pricer: try pricer(SpendHistoryTests.retiringCard),
                                            asOf: .on("2026-03-12"))
        let month = try #require(history.forecast(month: march).total.forecast)
        let period = try #require(history.forecast(days: march.days).forecast)
        #expect(period.actualToDate == month.actualToDate && period.expectedTotal == month.expectedTotal)
        #expect(period.low == month.low && period.high == month.high)

        // A quarter adds its months: January and February are actual, March is the month forecast.
        let quarter = try #require(history.forecast(days: .on("2026-01-01")...(.on("2026-03-31"))).forecast)
        #expect(quarter.actualToDate == history.actual(in: .on("2026-01-01")...(.on("2026-03-12"))))
        #expect(quarter.expectedTotal == history.actual(in: .on("2026-01-01")...(.on("2026-02-28"))) + month.expectedTotal)
        #expect(quarter.low <= quarter.expectedTotal && quarter.expectedTotal <= quarter.high)
    }
}
