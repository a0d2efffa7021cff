import Foundation
import Testing
@testable import SoraCostKit

@Suite struct ScenarioTests {
    static let text = """
        {"version": 1, "lines": [
          {"name": "app", "model": "sora-2-pro", "size": "720x1280", "seconds": 8, "count": 50, "per": "day"},
          {"name": "drafts", "model": "sora-2-pro", "size": "1792x1024", "seconds": 12, "count": 40, "per": "week",
           "failure_share": 5},
          {"name": "finals", "model": "sora-2", "size": "1280x720", "seconds": 12, "count": 20, "per": "month", "batch": true}
        ]}
        """
    let estimator = Estimator(pricer: Pricer(card: EffectiveCard()), day: Day(iso: "2026-09-01")!,
                              month: Month(iso: "2026-09")!)

    @Test func parsesAndEstimatesWithSubtotalsAndTotal() throws {
        let scenario = try Scenario.parse(text: Self.text, sourceName: "plan.json")
        #expect(scenario.lines.map(\.name) == ["app", "drafts", "finals"])
        #expect(scenario.lines[1].failureShare == RatePercent(whole: 5))
        #expect(scenario.lines[2].isBatch)
        let estimate = try ScenarioEstimate(scenario, estimator: estimator)
        let month = estimate.lines.map { $0.figure("per_month_30d")!.amount.decimalString }
        // 50 × 2.40 × 30; 40 × 6.00 × 0.95 × 30 / 7; 20 × 0.60 (batch). A week: 840 + 228 + 20 × 0.60 × 7 / 30.
        #expect(month == ["3600.00", "977.142857", "12.00"])
        let total = try #require(ScenarioEstimate.total(of: estimate.lines, bases: estimate.bases))
        #expect(total.first { $0.basis.key == "per_month_30d" }?.amount.decimalString == "4589.142857")
        #expect(total.first { $0.basis.key == "per_week" }?.amount.decimalString == "1070.80")
        #expect(estimate.byModel.map(\.model) == ["sora-2-pro", "sora-2"])
        #expect(estimate.byModel[0].lines.count == 2)
    }

    /// The example the README links to stays a valid scenario.
    @Test func theDocumentedExampleLoads() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/examples/scenario.json").path
        let scenario = try Scenario.load(path: path)
        #expect(scenario.lines.map(\.name) == ["app-portrait", "marketing-drafts", "marketing-finals"])
        #expect(try ScenarioEstimate(scenario, estimator: estimator).unpriced.isEmpty)
    }

    @Test func reportsEveryIssueWithFileItemAndField() {
        let text = """
            {"version": 1, "lines": [
              {"name": "a", "model": "sora-2", "size": "720by1280", "seconds": 8, "count": 1, "per": "fortnight"},
              {"name": "b", "size": "1280x720", "seconds": 0, "count": -1, "per": "day", "colour": "red"},
              {"name": "a", "model": "sora-2", "size": "1280x720", "seconds": 8, "count": 1, "per": "day", "failure_share": 120}
            ]}
            """
        #expect {
            try Scenario.parse(text: text, sourceName: "plan.json")
        } throws: { error in
            let lines = (error as? ConfigError)?.issues.map(\.description) ?? []
            return lines == [
                #"plan.json: lines[0] "a": size: "720by1280" is not WIDTHxHEIGHT such as "1280x720""#,
                #"plan.json: lines[0] "a": per: unknown period "fortnight"; use day, week or month (30 days)"#,
                #"plan.json: lines[1] "b": colour: unknown member; expected one of name, description, provider, model, size, seconds, count, per, batch, failure_share (prefix a comment with _)"#,
                #"plan.json: lines[1] "b": model: missing; name the model, such as "sora-2""#,
                #"plan.json: lines[1] "b": seconds: "0" is not a whole number from 1 to 86400"#,
                #"plan.json: lines[1] "b": count: "-1" is not a whole number from 0 to 1000000000"#,
                #"plan.json: lines[2] "a": failure_share: "120" is not a percentage from 0 to 100 with at most two decimals"#,
            ]
        }
    }

    @Test func malformedJSONHasLineAndColumn() {
        #expect {
            try Scenario.parse(text: "{\"version\": 1,\n \"lines\": [}", sourceName: "plan.json")
        } throws: { error in
            (error as? ConfigError)?.issues.first?.description.hasPrefix("plan.json:2:") == true
        }
    }

    @Test func variantsParseAndApply() throws {
        let variant = try EstimateVariant(parsing: "model=sora-2-pro:sora-2,size=1792x1024:1280x720,batch=true")
        let portrait = EstimateLine(model: "sora-2-pro", size: RateSize("1024x1792")!, seconds: 4, count: 1, per: .day)
        let changed = variant.apply(to: portrait)
        #expect(changed.model == "sora-2")
        #expect(changed.size == RateSize("720x1280")!, "a portrait line stays portrait")
        #expect(changed.isBatch)
        let other = EstimateLine(model: "sora-2", size: RateSize("1280x720")!, seconds: 4, count: 1, per: .day)
        #expect(variant.apply(to: other).size == RateSize("1280x720")!)
        #expect(try EstimateVariant(parsing: "model=sora-2").apply(to: portrait).model == "sora-2")
        #expect(try EstimateVariant(parsing: "rates=other.json").ratesPath == "other.json")
        #expect(throws: EstimateVariantError.self) { try EstimateVariant(parsing: "colour=red") }
        #expect(throws: EstimateVariantError.self) { try EstimateVariant(parsing: "size=big") }
        #expect(throws: EstimateVariantError.self) { try EstimateVariant(parsing: "model") }
    }

    @Test func comparisonShowsTheDifference() throws {
        let scenario = try Scenario.parse(text: Self.text, sourceName: "plan.json")
        let base = try ScenarioEstimate(scenario, estimator: estimator)
        let variant = try EstimateVariant(parsing: "model=sora-2-pro:sora-2,size=1792x1024:1280x720")
        let cheaper = try ScenarioEstimate(variant.apply(to: scenario), estimator: estimator)
        let document = EstimateDocument(scenario: base, source: "plan.json", day: estimator.day,
                                        comparisons: [(variant, cheaper)])
        let table = try #require(document.document.sections.first { $0.key == "comparison" }?.table)
        // app: 50 × 8 s × 0.10 × 30 = 1200 vs 3600; drafts 40 × 12 × 0.10 × 0.95 × 30 / 7 = 195.428571.
        #expect(table.rows[0] == [.text("app"), .money(Money(decimal: "3600")!), .money(Money(decimal: "1200")!),
                                  .money(Money(decimal: "-2400")!)])
        #expect(table.total?[3] == .money(Money(decimal: "-3181.714286")!))
        #expect(!document.isUnpriced)
    }
}
