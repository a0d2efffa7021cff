import Foundation
import Testing
@testable import SoraCostKit

@Suite struct RateCardTests {
    @Test func parsesEveryFieldExactly() throws {
        let card = try PriceFixtures.card("""
            {"version": 1, "currency": "EUR", "batch_discount_percent": 25, "bill_failed": true,
             "_comment": "ignored",
             "entries": [
               {"provider": "azure", "model": "sora-2-pro*", "sizes": ["720x1280", "1792x1024"],
                "unit": "second", "rate": 0.365, "effective_from": "2025-10-06", "effective_to": "2026-09-25",
                "source": "contract", "discount_percent": "12.5", "bill_failed": false},
               {"provider": "flat", "model": "*", "unit": "generation", "rate": "0.16"}
             ]}
            """)
        #expect(card.defaults == RateDefaults(currency: "EUR", batchDiscount: RatePercent(whole: 25), billFailed: true))
        let first = try #require(card.entries.first)
        #expect(first.rate.micros == 365_000)
        #expect(first.model.isGlob)
        #expect(first.sizes == [RateSize(width: 720, height: 1280), RateSize(width: 1792, height: 1024)])
        #expect(first.effectiveFrom == Day(year: 2025, month: 10, day: 6))
        #expect(first.effectiveTo == Day(year: 2026, month: 9, day: 25))
        #expect(first.discount == RatePercent(hundredths: 1_250))
        #expect(first.billFailed == false)
        #expect(card.entries[1].unit == .generation)
        #expect(card.entries[1].sizes == nil)
        #expect(card.entries[1].effectiveFrom == nil)
    }

    @Test func builtInCardIsValidAndPricesOnlyPublishedSizes() {
        #expect(BuiltInRates.card.validate().isEmpty)
        let sizes = BuiltInRates.card.entries.flatMap { $0.sizes ?? [] }.map(\.description)
        #expect(Set(sizes) == ["720x1280", "1280x720", "1024x1792", "1792x1024"])
        #expect(BuiltInRates.card.entries.allSatisfy { $0.provider == "openai" && $0.unit == .second })
        #expect(BuiltInRates.card.entries.map(\.rate.decimalString) == ["0.10", "0.30", "0.50"])
    }

    @Test func cardJSONRoundTrips() throws {
        let text = BuiltInRates.card.json.compactText
        let reparsed = try RateCard.parse(text: text, sourceName: BuiltInRates.sourceName)
        #expect(reparsed == BuiltInRates.card)
    }

    @Test func sampleCompanyCardLoads() throws {
        let card = try RateCard.load(path: PriceFixtures.ratesDirectory + "/company.json")
        #expect(Set(card.entries.map(\.provider)) == ["azure", "vidgate", "flatcast", "openai"])
        let contract = try #require(card.entries.first { $0.provider == "openai" })
        #expect(contract.rate == Money.usd("0.70"))
        #expect(contract.source.contains("contract"))
    }

    @Test func documentedExampleCardIsValid() throws {
        let docs = URL(fileURLWithPath: PriceFixtures.ratesDirectory)
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/README-pricing.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let start = try #require(text.range(of: "```json\n"))
        let end = try #require(text.range(of: "\n```", range: start.upperBound..<text.endIndex))
        let card = try RateCard.parse(text: String(text[start.upperBound..<end.lowerBound]), sourceName: "README-pricing.md")
        #expect(card.entries.count == 4)
    }

    @Test func brokenCardReportsEveryIssueWithFileEntryAndField() throws {
        let path = PriceFixtures.ratesDirectory + "/broken.json"
        let error = try #require(throws: RateCardError.self) { try RateCard.load(path: path) }
        let found = Set(error.issues.map { "\($0.item.map { String($0.index) } ?? "-") \($0.field ?? "-")" })
        #expect(found == [
            "- currency",
            "0 unit",
            "1 effective_to", "1 rate",
            "2 effective_to",
            "3 currency",
            "4 batch_discount_percent", "4 effective_from",
            "5 rate", "5 efective_from",
        ])
        #expect(error.issues.allSatisfy { $0.source == path })
        let messages = error.issues.map(\.description)
        #expect(messages.contains { $0.hasPrefix("\(path): entries[0].unit: unknown unit \"minute\"") })
        #expect(messages.contains { $0.hasPrefix("\(path): entries[1].rate: must not be negative") })
        #expect(messages.contains { $0.hasPrefix("\(path): entries[1].effective_to: \"2026-02-30\" is not a calendar date") })
        #expect(messages.contains { $0.hasPrefix("\(path): entries[2].effective_to: 2026-04-01 must be after effective_from 2026-05-01") })
        #expect(messages.contains { $0.hasPrefix("\(path): currency: \"dollars\" is not an ISO 4217") })
        #expect(messages.contains { $0.hasPrefix("\(path): entries[4].effective_from: period from 2026-04-01, open-ended overlaps entries[3]") })
    }

    @Test func overlappingPeriodsForOneKeyAreRejected() throws {
        // 1280x720 and 720x1280 are one size; the second period starts before the first ends.
        let error = try #require(throws: RateCardError.self) {
            try PriceFixtures.card("""
                {"version": 1, "entries": [
                  {"provider": "gw", "model": "sora-2", "sizes": ["720x1280"], "unit": "second", "rate": "0.10",
                   "effective_from": "2026-01-01", "effective_to": "2026-04-01"},
                  {"provider": "gw", "model": "sora-2", "sizes": ["1280x720"], "unit": "second", "rate": "0.12",
                   "effective_from": "2026-03-31"},
                  {"provider": "gw", "model": "sora-2", "unit": "second", "rate": "0.20"}
                ]}
                """, name: "gw.json")
        }
        #expect(error.issues.count == 1)
        let issue = try #require(error.issues.first)
        #expect(issue.item?.index == 1)
        #expect(issue.field == "effective_from")
        #expect(issue.description.hasPrefix("gw.json: entries[1].effective_from: period from 2026-03-31, open-ended overlaps entries[0]"))
    }

    @Test func adjacentPeriodsDoNotOverlap() throws {
        let card = try PriceFixtures.card("""
            {"version": 1, "entries": [
              {"provider": "gw", "model": "sora-2", "unit": "second", "rate": "0.10", "effective_to": "2026-04-01"},
              {"provider": "gw", "model": "sora-2", "unit": "second", "rate": "0.12", "effective_from": "2026-04-01"}
            ]}
            """)
        #expect(card.entries.count == 2)
    }

    @Test func badJSONNamesLineAndColumn() throws {
        let error = try #require(throws: RateCardError.self) {
            try PriceFixtures.card("{\n  \"version\": 1,\n  \"entries\": [ {\"rate\" \"0.10\"} ]\n}", name: "bad.json")
        }
        #expect(error.issues.count == 1)
        let issue = try #require(error.issues.first)
        #expect(issue.line == 3)
        #expect(issue.column == 24)
        #expect(issue.description == "bad.json:3:24: invalid JSON: expected ':' after a member name")
    }

    @Test(arguments: [
        (#"{"version": 2, "entries": []}"#, "version"),
        (#"{"entries": []}"#, "version"),
        (#"{"version": 1}"#, "entries"),
        (#"{"version": 1, "entries": {}}"#, "entries"),
        (#"{"version": 1, "entries": [], "currency": "US"}"#, "currency"),
        (#"{"version": 1, "entries": [], "discount_percent": 12.345}"#, "discount_percent"),
        (#"{"version": 1, "entries": [{"provider": "a", "model": "m", "unit": "second", "rate": "1e-1"}]}"#, "rate"),
        (#"{"version": 1, "entries": [{"provider": "a", "model": "m", "unit": "second"}]}"#, "rate"),
        (#"{"version": 1, "entries": [{"provider": "a", "model": "m", "unit": "second", "rate": "0.1", "sizes": []}]}"#, "sizes"),
        (#"{"version": 1, "entries": [{"provider": "a", "model": "m", "unit": "second", "rate": "0.1", "sizes": ["720p"]}]}"#, "sizes[0]"),
        (#"{"version": 1, "entries": [{"provider": "", "model": "m", "unit": "second", "rate": "0.1"}]}"#, "provider"),
        (#"{"version": 1, "entries": [{"provider": "a", "model": "m", "unit": "second", "rate": "0.1", "bill_failed": "no"}]}"#, "bill_failed"),
    ])
    func rejectsOneBadField(text: String, field: String) throws {
        let error = try #require(throws: RateCardError.self) { try PriceFixtures.card(text) }
        #expect(error.issues.map(\.field) == [field])
    }

    @Test func missingFileIsAnIssueNamingThePath() throws {
        let error = try #require(throws: RateCardError.self) { try RateCard.load(path: "/nonexistent/rates.json") }
        #expect(error.issues.first?.description.hasPrefix("/nonexistent/rates.json: cannot read the rate card") == true)
    }

    @Test func validateFindsIssuesInCardsBuiltInCode() {
        let card = RateCard(sourceName: "code", entries: [
            RateEntry(provider: "x", model: "m", unit: .second, rate: Money(micros: -1), currency: "usd",
                      effectiveFrom: Day(year: 2026, month: 1, day: 2), effectiveTo: Day(year: 2026, month: 1, day: 2)),
        ])
        #expect(card.validate().map(\.field) == ["rate", "currency", "effective_to"])
    }

    @Test(arguments: [
        ("sora-2-2025-12-08", "sora-2"),
        ("sora-2-pro-2025-10-06", "sora-2-pro"),
        ("sora-2-2025-10-06", "sora-2"),
    ])
    func snapshotNamesHaveABase(model: String, base: String) {
        #expect(ModelName.snapshotBase(of: model) == base)
    }

    @Test(arguments: ["sora-2", "sora-2-pro", "sora-2-2025-13-08", "-2025-12-08", "sora-2-20251208"])
    func otherNamesAreNotSnapshots(model: String) {
        #expect(ModelName.snapshotBase(of: model) == nil)
    }

    @Test func globsMatchCaseInsensitivelyWithStarOnly() {
        let pattern = ModelPattern("Sora-2-PRO*")
        #expect(pattern.match(ModelName("sora-2-pro")) != nil)
        #expect(pattern.match(ModelName("sora-2-pro-hd")) != nil)
        #expect(pattern.match(ModelName("sora-2")) == nil)
        #expect(ModelPattern("*-pro").match(ModelName("sora-2-pro-2025-10-06"))?.kind == .pattern)
        #expect(ModelPattern("s*a*2").match(ModelName("sora-2")) != nil)
        #expect(ModelPattern("sora?2").match(ModelName("sora-2")) == nil)
    }

    @Test func percentsAreExact() {
        #expect(RatePercent(decimal: "12.5")?.hundredths == 1_250)
        #expect(RatePercent(decimal: "12.345") == nil)
        #expect(RatePercent(hundredths: 1_250).description == "12.5%")
        #expect(RatePercent(hundredths: 705).description == "7.05%")
        #expect(RatePercent(whole: 50).discounting(Money.usd("0.30")) == Money.usd("0.15"))
    }
}
