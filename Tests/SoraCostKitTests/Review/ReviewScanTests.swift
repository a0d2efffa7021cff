import Foundation
import Testing
@testable import SoraCostKit

/// The monthly review read in one pass (`ReviewScan`) is, section by section, the review whose
/// sections each read the ledger on their own (`UsageReport.build`, `SpendHistory.load`,
/// `BudgetEvaluator`, `AnomalyDetector.scan`, the accrual's scan), and the one pass reads the
/// ledger once.
@Suite struct ReviewScanTests {
    let jobs: ReportLedger

    /// Seven months of varied jobs (2026-04-01 to 2026-10-31): two providers, dated snapshots,
    /// sizes with and without a price, failures with codes, pending, batch, extensions, several
    /// projects, users, accounts and tags, and a few spikes for the anomaly rule.
    init() throws {
        jobs = try ReportLedger()
        var random = SeededRandom(seed: 16)
        let models: [(String, (Int, Int))] = [("sora-2", (1280, 720)), ("sora-2-pro", (1792, 1024)),
                                              ("sora-2-pro-2025-10-06", (720, 1280)), ("sora-2-pro", (1920, 1080)),
                                              ("SORA-2", (720, 1280)), ("sora-2", (1024, 1792))]
        let first = Day(iso: "2026-04-01")!
        for offset in 0..<214 {
            let day = first.advanced(by: offset)
            let spike = offset % 37 == 20
            for _ in 0..<(spike ? 80 : 2 + Int(random.next() % 5)) {
                let pick = Int(random.next() % 1000)
                let (model, size) = models[pick % models.count]
                let status: JobStatus = pick % 13 == 0 ? .failed : (pick % 29 == 0 ? .queued : .completed)
                let at = day.unixStart + Int64(random.next() % 86_400)
                try jobs.add(Timestamp.iso(at), model: model, size: size, seconds: [4, 8, 12][pick % 3], status: status,
                             provider: pick % 17 == 0 ? "azure" : "openai", project: ["web", "app", "studio", nil][pick % 4],
                             user: pick % 7 == 0 ? nil : "user\(pick % 5)@example.com",
                             tags: pick % 3 == 0 ? [:] : ["team": pick % 2 == 0 ? "brand" : "vfx"],
                             errorCode: status == .failed ? ["moderation_blocked", "internal_error"][pick % 2] : nil,
                             batch: pick % 9 == 0)
            }
        }
    }

    static let budgets: [Budget] = [
        Budget(name: "web-monthly", period: .month, amount: Money(decimal: "40")!, scope: BudgetScope(project: "web"),
               thresholds: [BudgetThreshold(percent: 80), BudgetThreshold(percent: 100, basis: .forecast)]),
        Budget(name: "studio-weekly", period: .week, amount: Money(decimal: "9")!, scope: BudgetScope(project: "studio")),
        Budget(name: "pro", period: .month, amount: Money(decimal: "60")!, scope: BudgetScope(model: "Sora-2-PRO")),
        Budget(name: "brand-daily", period: .day, amount: Money(decimal: "2")!,
               scope: BudgetScope(project: "web", tags: ["team": "brand"])),
        Budget(name: "user1", period: .quarter, amount: Money(decimal: "100")!, scope: BudgetScope(user: "user1@example.com")),
        Budget(name: "azure", period: .month, amount: Money(decimal: "5")!, scope: BudgetScope(provider: "AZURE")),
        Budget(name: "org", period: .quarter, amount: Money(decimal: "500")!),
    ]

    /// A card that prices Azure's sora-2 and has estimates for what nothing prices.
    static let estimatingPricer = Pricer(card: EffectiveCard(user: try! RateCard.parse(text: """
        {"version": 1, "entries": [{"provider": "azure", "model": "sora-2", "unit": "second", "rate": "0.10"}],
         "estimates": [{"provider": "openai", "model": "sora-2-pro", "sizes": ["1920x1080"], "unit": "second", "estimate": "0.70"},
                       {"provider": "azure", "model": "sora-2-pro", "unit": "generation", "estimate": "1.50"}]}
        """, sourceName: "estimates.json")))

    struct Case: CustomTestStringConvertible, Sendable {
        var month: String
        var asOf: String?
        var zone = "UTC"
        /// Seconds before the end of the as-of day that the cut falls (an `--as-of` instant).
        var early: Int64 = 0
        var by: [ReportDimension] = []
        var chart = false
        var testDescription: String { "\(month) as of \(asOf ?? "-") \(zone) early \(early) by \(by) chart \(chart)" }
    }

    static let cases: [Case] = [
        Case(month: "2026-08", asOf: "2026-08-15"),
        Case(month: "2026-08", asOf: "2026-08-31"),
        Case(month: "2026-08", asOf: "2026-09-20"),
        Case(month: "2026-08", asOf: "2026-07-10"),
        Case(month: "2026-08", asOf: nil),
        Case(month: "2026-04", asOf: "2026-04-03"),
        Case(month: "2026-10", asOf: "2026-10-27", zone: "Europe/Paris"),
        Case(month: "2026-09", asOf: "2026-09-12", zone: "America/New_York", early: 30_000),
        Case(month: "2026-08", asOf: "2026-08-20", by: [.project, .tag("team")], chart: true),
    ]

    func request(_ test: Case) throws -> UsageReportRequest {
        let zone = try #require(ReportZone(identifier: test.zone))
        let period = ReportPeriod(month: try #require(Month(iso: test.month)))
        let asOf = test.asOf.flatMap(Day.init(iso:))
        var request = UsageReportRequest(cadence: .monthly, period: period, zone: zone, dimensions: test.by, asOf: asOf,
                                         chartLink: test.chart ? "chart.svg" : nil)
        request.cut = asOf.map { zone.start(of: $0.advanced(by: 1)) - 1 - test.early }
        return request
    }

    @Test(arguments: cases)
    func onePassEqualsEverySectionOnItsOwn(_ test: Case) throws {
        for (pricer, budgets) in [(jobs.pricer, Self.budgets), (Self.estimatingPricer, Self.budgets), (jobs.pricer, nil)] {
            let request = try request(test)
            let month = try #require(request.period.month)
            let scan = try ReviewScan(request, month: month, asOf: request.asOf ?? month.lastDay, budgets: budgets,
                                      ledger: jobs.ledger, pricer: pricer)
            let together = try MonthlyReviewReport.build(request, budgets: budgets, ledger: jobs.ledger, pricer: pricer,
                                                         scan: scan)
            let alone = try MonthlyReviewReport.build(request, budgets: budgets, ledger: jobs.ledger, pricer: pricer,
                                                      scan: nil)
            #expect(scan.shared.ledgerReads == 0, "every section's rows come from the one pass")
            #expect(together.document.sections.map(\.key) == alone.document.sections.map(\.key))
            for (one, own) in zip(together.document.sections, alone.document.sections) {
                #expect(one == own, "section \(own.key)")
            }
            #expect(together.document == alone.document)
            #expect(together.rows == alone.rows && together.total == alone.total && together.currency == alone.currency)
            #expect(together.chart?.render() == alone.chart?.render())
            let keys = together.document.sections.map(\.key)
            #expect(keys.contains("forecast") && keys.contains("budgets") && keys.contains("anomalies"))
            #expect(keys.contains("estimated_accrual") == (pricer.card.user != nil))
        }
    }

    /// Each budget row is what evaluating that budget alone gives (`budget status`'s path).
    @Test func theBudgetsSectionMatchesEachBudgetEvaluatedAlone() throws {
        let request = try request(Self.cases[0])
        let month = try #require(request.period.month)
        let review = try MonthlyReviewReport.build(request, budgets: Self.budgets, ledger: jobs.ledger, pricer: jobs.pricer)
        let section = try #require(review.document.sections.first { $0.key == "budgets" })
        let evaluator = BudgetEvaluator(ledger: jobs.ledger, pricer: jobs.pricer)
        let day = try #require(request.asOf)
        var compared = 0
        for budget in Self.budgets {
            let alone = evaluator.evaluate(budget, asOf: day)
            guard alone.interval.days.overlaps(month.days) else { continue }
            let row = try #require(section.table.rows.first { $0.first == .text(budget.name) })
            #expect(row[5] == .money(alone.spend), "\(budget.name)")
            #expect(row[7] == (alone.forecast?.forecast.map { .money($0.expectedTotal) } ?? .null), "\(budget.name)")
            #expect(row[10] == .text(alone.level.description), "\(budget.name)")
            compared += 1
        }
        #expect(compared == Self.budgets.count)
        // The seeded spike of 2026-08-10 is flagged, so the anomalies compared above are not all empty.
        let anomalies = try #require(review.document.sections.first { $0.key == "anomalies" })
        #expect(anomalies.table.rows.contains { $0[2] == .date(Day(iso: "2026-08-10")!) }, "\(anomalies.table.rows) \(anomalies.notes)")
    }

    /// A budget on a dated snapshot cannot be told apart in the shared rows: it alone is read from
    /// the ledger, and still gets its own figures.
    @Test func aSnapshotScopeIsReadOnItsOwn() throws {
        let request = try request(Self.cases[1])
        let month = try #require(request.period.month)
        let budgets = Self.budgets + [Budget(name: "snapshot", period: .month, amount: Money(decimal: "10")!,
                                             scope: BudgetScope(model: "sora-2-pro-2025-10-06"))]
        let scan = try ReviewScan(request, month: month, asOf: request.asOf!, budgets: budgets, ledger: jobs.ledger,
                                  pricer: jobs.pricer)
        let together = try MonthlyReviewReport.build(request, budgets: budgets, ledger: jobs.ledger, pricer: jobs.pricer,
                                                     scan: scan)
        let alone = try MonthlyReviewReport.build(request, budgets: budgets, ledger: jobs.ledger, pricer: jobs.pricer,
                                                  scan: nil)
        #expect(scan.shared.ledgerReads == 1)
        #expect(together.document == alone.document)
    }

    /// The shared scan answers a planned query exactly as the query's own scan, over runs of
    /// several parts, and reads the ledger for one it did not plan.
    @Test func aSharedScanAnswersEachPlannedQueryAsItsOwnScan() throws {
        let zone = try #require(ReportZone(identifier: "Europe/Paris"))
        let queries = [
            UsageQuery(days: Day(iso: "2026-04-01")!...Day(iso: "2026-10-31")!, zone: zone, dimensions: [.provider, .model],
                       granularity: .day),
            UsageQuery(days: Day(iso: "2026-06-15")!...Day(iso: "2026-08-15")!, zone: zone,
                       dimensions: [.user, .tag("team")], granularity: .week),
            UsageQuery(days: Day(iso: "2026-08-01")!...Day(iso: "2026-08-31")!, zone: zone,
                       dimensions: [.project, .model, .size, .resolution, .status, .kind, .account, .user, .provider],
                       granularity: .month),
            UsageQuery(days: Day(iso: "2026-10-20")!...Day(iso: "2026-10-31")!, zone: zone, dimensions: [.project],
                       granularity: .total),
        ]
        let shared = try SharedUsageScan(windows: queries.map { .init(from: $0.from, to: $0.to, dimensions: $0.dimensions) },
                                         zone: zone, ledger: jobs.ledger, pricer: jobs.pricer)
        #expect(shared.scan.parts.count == 6)
        for query in queries {
            let (rows, currency) = try shared.run(query)
            let own = try query.run(ledger: jobs.ledger, pricer: jobs.pricer)
            #expect(!rows.isEmpty && rows == own.rows && currency == own.currency, "\(query.dimensions)")
        }
        #expect(shared.ledgerReads == 0)
        var unplanned = queries[1]
        unplanned.dimensions.append(.project)
        #expect(try shared.run(unplanned).rows == unplanned.run(ledger: jobs.ledger, pricer: jobs.pricer).rows)
        #expect(shared.ledgerReads == 1)
    }
}
