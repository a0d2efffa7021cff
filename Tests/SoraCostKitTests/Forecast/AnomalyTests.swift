import Foundation
import Testing
@testable import SoraCostKit

@Suite struct AnomalyTests {
    /// The research figures: the ×6 spike is flagged on the total and on its component; on the
    /// same histories without the spike the rule stays quiet but for the new model's level jump.
    @Test func theSpikeIsFlaggedAndOrdinaryDaysAreNot() {
        var falsePositives = 0
        for seed in 1...16 as ClosedRange<UInt64> {
            let series = SeededHistory.generate(seed: seed)
            let total = DailySeries.sum(series)
            let all = SeededHistory.start...SeededHistory.end
            let spike = SeededHistory.spikeDay
            #expect(AnomalyDetector.anomalies(in: total, days: all).contains { $0.anomaly.day == spike }, "seed \(seed)")
            #expect(AnomalyDetector.anomalies(in: series[0], days: all).contains { $0.anomaly.day == spike }, "seed \(seed)")
            let quiet = SeededHistory.generate(seed: seed, spike: false)
            for values in [DailySeries.sum(quiet)] + quiet {
                falsePositives += AnomalyDetector.anomalies(in: values, days: all).count
            }
        }
        print("anomaly rule, seeds 1–16: \(falsePositives) flagged days without a spike")
        #expect(falsePositives <= 1)
    }

    @Test func aNewSeriesHasNoBaselineAndARunIsOneAnomaly() {
        let start = Day.on("2026-03-01")
        var amounts = [Money](repeating: Money(decimal: "5")!, count: 40)
        amounts[30] = Money(decimal: "50")!
        amounts[31] = Money(decimal: "60")!
        let series = DailySeries(start: start, amounts: amounts)
        let found = AnomalyDetector.anomalies(in: series, days: start...start.advanced(by: 39))
        #expect(found.map(\.anomaly.day) == [start.advanced(by: 30), start.advanced(by: 31)])
        #expect(found.map(\.runStart) == [start.advanced(by: 30), start.advanced(by: 30)])
        // Asked from the second day on, the run still starts on the first.
        #expect(AnomalyDetector.anomalies(in: series, days: start.advanced(by: 31)...start.advanced(by: 39)).map(\.runStart)
            == [start.advanced(by: 30)])
        // Ten days of history: no baseline of its own yet.
        let young = DailySeries(start: start, amounts: Array(amounts[20..<32]))
        #expect(AnomalyDetector.anomalies(in: young, days: start...start.advanced(by: 11)).isEmpty)
    }

    /// `budget check --anomalies` flags the spike day once, on the total and on the project.
    @Test func budgetCheckAnnouncesAnAnomalyOnce() throws {
        let spend = try SpendLedger()
        try spend.addDaily(.on("2026-06-01")...(.on("2026-07-20")), seconds: 8, model: "sora-2-pro")
        for _ in 0..<9 { try spend.add(on: .on("2026-07-15"), model: "sora-2-pro") }
        let pricer = Pricer(card: EffectiveCard())
        let check = BudgetCheck(ledger: spend.ledger, evaluator: BudgetEvaluator(ledger: spend.ledger, pricer: pricer))
        let budget = Budget(name: "team", period: .month, amount: Money(decimal: "1000")!, thresholds: [BudgetThreshold(percent: 100)])
        let cut = Day.on("2026-07-15").unixStart + 86_399
        let first = try check.record(budgets: [budget], cut: cut, now: 1, anomalies: true)
        #expect(first.newAnomalies.map(\.series) == ["total", "project=marketing"])
        #expect(first.newAnomalies.first?.line == "ANOMALY team 2026-07-15: total spent 24.00 USD, 10.0× its baseline of 2.40 a day")
        #expect(first.level == .warning)
        let again = try check.record(budgets: [budget], cut: cut + 3600, now: 2, anomalies: true)
        #expect(again.newAnomalies.isEmpty && again.anomalies.count == 2)
        // Off unless asked for, per budget or for the run.
        #expect(try check.record(budgets: [budget], cut: cut, now: 3).anomalies.isEmpty)
        var optedIn = budget
        optedIn.anomalies = true
        #expect(try check.record(budgets: [optedIn], cut: cut, now: 4).anomalies.count == 2)
    }

    /// `AnomalyDetector.scan` reads one scan by user and project; it flags exactly what the rule
    /// flags on the series `SpendHistory` gives for the total, each user and each project.
    @Test func oneScanFlagsWhatTheSeparateHistoriesFlag() throws {
        let (directory, ledger) = try TemporaryDirectory.withLedger()
        _ = directory
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
        _ = try LogImporter(ledger: ledger).run(paths: [fixtures.appendingPathComponent("logs").path,
                                                        fixtures.appendingPathComponent("api-pages").path])
        let pricer = Pricer(card: EffectiveCard())
        var flagged = 0
        for month in ["2026-03", "2026-06", "2026-07", "2026-09"].compactMap({ Month(iso: $0) }) {
            let cut = month.lastDay.unixStart + 86_399
            var reference: [SeriesAnomaly] = []
            let total = try SpendHistory.load(ledger: ledger, pricer: pricer, through: cut)
            var series = [("total", total.total)]
            for dimension in [ReportDimension.user, .project] {
                let history = try SpendHistory.load(ledger: ledger, pricer: pricer, through: cut, dimension: dimension)
                for key in history.keys where key != SpendHistory.noneKey {
                    series.append(("\(dimension)=\(key)", DailySeries.sum(history.components.filter { $0.key == key }.map(\.series))))
                }
            }
            for (name, values) in series {
                reference += AnomalyDetector.anomalies(in: values, days: month.days)
                    .map { SeriesAnomaly(series: name, anomaly: $0.anomaly, runStart: $0.runStart) }
            }
            let scanned = try AnomalyDetector.scan(ledger: ledger, pricer: pricer, through: cut, days: month.days)
            #expect(scanned == reference, "\(month.iso)")
            flagged += scanned.count
        }
        #expect(flagged > 0, "the fixtures have flagged days in these months")
    }
}
