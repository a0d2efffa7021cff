import Foundation
import Testing
@testable import SoraCostKit

/// `UsageScan` is the one engine that groups and prices jobs; these tests hold it to pricing every
/// job alone and summing (`PerJobReference` below), on a ledger seeded with every kind
/// of value a key can take: NULL and empty texts, tags, extensions with and without a segment,
/// pending, failed, unpriced, batch, several providers and accounts.
@Suite struct UsageScanTests {
    let ledger: Ledger
    let writer: JobWriter
    let source: SourceRecord
    let card = EffectiveCard(user: nil)

    init() throws {
        ledger = try Ledger(path: ":memory:")
        writer = try ledger.makeJobWriter()
        source = try ledger.ensureSource(kind: "file", name: "test")
        try seed()
    }

    /// February to April 2026 (a DST change in both Paris and New York), a job every ~5 hours.
    func seed() throws {
        let models: [(String, (Int, Int))] = [("sora-2", (1280, 720)), ("sora-2-pro", (1792, 1024)),
                                              ("sora-2-pro-2025-10-06", (720, 1280)), ("sora-2-pro", (1920, 1080)),
                                              ("sora-3-preview", (1280, 720))]
        let start = Day(iso: "2026-02-01")!.unixStart
        let kinds: [RequestKind] = [.create, .create, .remix, .edit, .extension]
        for n in 0..<420 {
            let (model, size) = models[n % models.count]
            let status: JobStatus = n % 11 == 0 ? .failed : n % 17 == 0 ? .queued : n % 19 == 0 ? .inProgress : .completed
            let kind = kinds[n % kinds.count]
            let created = start + Int64(n) * 18_017
            var tags: [String: String] = [:]
            if n % 4 != 0 { tags["campaign"] = "c\(n % 3)" }
            if n % 6 == 0 { tags["team"] = n % 12 == 0 ? "" : "video" }
            let job = Job(
                provider: n % 23 == 0 ? "azure" : "openai", videoID: "video_\(n)",
                account: [nil, "acct-a", "acct-b", ""][n % 4], model: model, status: status,
                seconds: [4, 8, 12, 16][n % 4], width: size.0, height: size.1, createdAt: created,
                completedAt: status.isTerminal ? created + Int64(n % 5) * 20_000 : nil,
                errorCode: status == .failed ? [nil, "moderation_blocked", "internal_error"][n % 3] : nil,
                project: ["web", "app", nil, ""][n % 4], user: n % 7 == 0 ? nil : "user\(n % 9)@example.com",
                tags: tags, isBatch: n % 9 == 0, kind: kind,
                segmentSeconds: kind == .extension && n % 2 == 0 ? 4 : nil)
            try writer.record(Observation(job: job, prompt: nil, raw: "{}"), sourceID: source.id, sourceName: "test",
                              line: nil, importID: nil, now: 0)
        }
    }

    static let dimensionSets: [[ReportDimension]] = [
        [], [.model], [.project, .model], [.size, .resolution, .kind], [.provider, .account, .status],
        [.user, .tag("campaign"), .tag("team")], [.tag("missing"), .model, .tag("campaign")],
        MonthlyReview.dimensions,
    ]

    @Test(arguments: [ReportGranularity.day, .week, .month, .total])
    func rowsEqualPerJobPricing(granularity: ReportGranularity) throws {
        // Most of the ledger (read straight through the table), then a part (through the index).
        for days in [Day(iso: "2026-02-10")!...Day(iso: "2026-04-12")!, Day(iso: "2026-03-03")!...Day(iso: "2026-03-20")!] {
            for zone in [ReportZone.utc, ReportZone(identifier: "Europe/Paris")!, ReportZone(identifier: "America/New_York")!] {
                for usageDate in PricingOptions.UsageDate.allCases {
                    let pricer = Pricer(card: card, options: PricingOptions(usageDate: usageDate))
                    for dimensions in UsageScanTests.dimensionSets {
                        let query = UsageQuery(days: days, zone: zone, dimensions: dimensions, granularity: granularity)
                        let expected = try PerJobReference.run(query, ledger: ledger, pricer: pricer)
                        let actual = try query.run(ledger: ledger, pricer: pricer)
                        #expect(!expected.rows.isEmpty)
                        #expect(actual.currency == expected.currency)
                        #expect(Set(actual.rows.map(RowValue.init)) == Set(expected.rows.map(RowValue.init)),
                                "\(zone.identifier) \(usageDate) \(dimensions)")
                        #expect(actual.rows.count == expected.rows.count)
                    }
                }
            }
        }
    }

    @Test func aScanOverMostOfTheLedgerReadsTheTableStraightThrough() throws {
        func straight(_ first: String, _ last: String, instant: String = "created_at") throws -> Bool {
            let query = UsageQuery(days: Day(iso: first)!...Day(iso: last)!)
            return try ledger.coversMostOfTheLedger(from: query.from, to: query.to, instant: instant)
        }
        // The seeded jobs run from 2026-02-01 to 2026-04-28.
        #expect(try straight("2026-01-01", "2026-12-31"))
        #expect(try straight("2026-02-10", "2026-04-12"))
        #expect(try !straight("2026-03-03", "2026-03-20"))
        #expect(try !straight("2026-05-01", "2026-12-31"))
        #expect(try !straight("2026-01-01", "2026-12-31", instant: "COALESCE(completed_at, created_at)"))
        #expect(try !Ledger(path: ":memory:").coversMostOfTheLedger(from: 0, to: .max / 8, instant: "created_at"))
    }

    @Test func aFilterRestrictsTheJobsAsPerJob() throws {
        let pricer = Pricer(card: card)
        var query = UsageQuery(days: Day(iso: "2026-02-01")!...Day(iso: "2026-04-30")!, dimensions: [.model, .user],
                               granularity: .day)
        query.filter = JobFilter(project: "app", model: "SORA-2-pro", tags: ["campaign": "c1"])
        let expected = try PerJobReference.run(query, ledger: ledger, pricer: pricer) {
            $0.project == "app" && ModelName.billsAs($0.model, base: "SORA-2-pro") && $0.tags["campaign"] == "c1"
        }
        let actual = try query.run(ledger: ledger, pricer: pricer)
        #expect(!expected.rows.isEmpty)
        #expect(Set(actual.rows.map(RowValue.init)) == Set(expected.rows.map(RowValue.init)))
        #expect(UsageQuery.total(actual.rows).jobs < UsageQuery.total(try UsageQuery(from: query.from, to: query.to).run(ledger: ledger, pricer: pricer).rows).jobs)
    }

    /// One scan of two months gives each month's rows and failures as separate queries do.
    @Test(arguments: ["UTC", "Europe/Paris"])
    func oneScanOfTwoMonthsEqualsAQueryPerMonth(zoneName: String) throws {
        let zone = zoneName == "UTC" ? ReportZone.utc : ReportZone(identifier: zoneName)!
        let pricer = Pricer(card: card)
        let month = Month(iso: "2026-04")!
        let dimensions = MonthlyReview.dimensions + [.tag("campaign"), .account, .tag("team")]
        let scan = try UsageScan(parts: [month.previous.days, month.days].map {
            UsageScan.Part(days: $0, zone: zone, dimensions: dimensions, countsFailures: true)
        }, ledger: ledger, pricer: pricer)
        for (part, days) in [month.previous.days, month.days].enumerated() {
            for dimensions in [MonthlyReview.dimensions, [.project], [.tag("campaign"), .model], [.tag("team"), .account, .user, .project, .tag("campaign")]] {
                let query = UsageQuery(days: days, zone: zone, dimensions: dimensions, granularity: .day)
                let expected = try PerJobReference.run(query, ledger: ledger, pricer: pricer)
                let actual = try scan.rows(part: part, dimensions: dimensions, granularity: .day)
                #expect(!expected.rows.isEmpty)
                #expect(Set(actual.rows.map(RowValue.init)) == Set(expected.rows.map(RowValue.init)))
            }
            let failures = try FailureQuery(days: days, zone: zone).run(ledger: ledger, options: pricer.options)
            #expect(failures.count == 3)
            #expect(scan.failureRows(part: part) == failures)
        }
    }

    @Test func theInternerNumbersTextsByTheirBytes() {
        var interner = TextInterner()
        func id(_ text: String?) -> Int32 {
            guard let text else { return interner.id(of: nil) }
            return Array(text.utf8).withUnsafeBytes { interner.id(of: $0) }
        }
        let web = id("web")
        #expect(id(nil) == 0)
        #expect(id("app") != web)
        #expect(id("web") == web)
        #expect(id("") != 0)
        #expect(id("wéb") != web)
        #expect(interner.values == [nil, "web", "app", "", "wéb"])
        #expect(interner.id(web, is: "web"))
        #expect(!interner.id(0, is: ""))
    }
}

/// A row in a form that compares regardless of the order of rows with equal sort keys.
private struct RowValue: Hashable {
    var bucket: Day?
    var keys: [String?]
    var jobs, completed, failed, pending, seconds, unpricedJobs, unpricedSeconds: Int
    var cost: Money
    var unpriced: [UnpricedReason: UnpricedUsage]

    init(_ row: UsageRow) {
        bucket = row.bucket
        keys = row.keys
        let m = row.measures
        (jobs, completed, failed, pending, seconds) = (m.jobs, m.completed, m.failed, m.pending, m.seconds)
        (unpricedJobs, unpricedSeconds, cost, unpriced) = (m.unpricedJobs, m.unpricedSeconds, m.cost, m.unpriced)
    }
}

/// Every job of the query priced alone (a group of one) and summed into its row: what the scan
/// must equal, since pricing is linear within a price group.
enum PerJobReference {
    static func run(_ query: UsageQuery, ledger: Ledger, pricer: Pricer,
                    where included: (Job) -> Bool = { _ in true }) throws -> (rows: [UsageRow], currency: String) {
        struct RowKey: Hashable {
            var bucket: Day?
            var keys: [String?]
        }
        var rows: [RowKey: UsageMeasures] = [:]
        var currencies: Set<String> = []
        try ledger.forEachJob { job in
            let instant = pricer.options.usageDate.instant(of: job)
            guard instant >= query.from, instant < query.to, included(job) else { return }
            let seconds = UsageGroup.billableSeconds(of: job)
            let price = pricer.price(group: UsageGroup(job: job, options: pricer.options), jobs: 1,
                                     seconds: seconds ?? 0, extensionsWithoutSegment: seconds == nil ? 1 : 0)
            if let currency = price.currency { currencies.insert(currency) }
            let keys: [String?] = query.dimensions.map { dimension in
                switch dimension {
                case .model: ModelName.snapshotBase(of: job.model) ?? job.model
                case .size: "\(job.width)x\(job.height)"
                case .resolution: "\(min(job.width, job.height))p"
                case .provider: job.provider
                case .account: job.account
                case .project: job.project
                case .user: job.user
                case .status: job.status.rawValue
                case .kind: job.kind.rawValue
                case .tag(let key): job.tags[key]
                }
            }
            let key = RowKey(bucket: query.granularity.bucket(of: query.zone.day(of: instant)), keys: keys)
            rows[key, default: UsageMeasures()].add(price, jobs: 1)
        }
        guard currencies.count <= 1 else { throw ReportError.mixedCurrencies(currencies.sorted()) }
        return (rows.map { UsageRow(bucket: $0.key.bucket, keys: $0.key.keys, measures: $0.value) },
                currencies.first ?? "USD")
    }
}
