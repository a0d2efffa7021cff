import Testing
@testable import SoraCostKit

@Suite struct HistoryRepricingTests {
    let jobs: JobLedger
    let august = Month(iso: "2026-08")!

    init() throws {
        jobs = try JobLedger(path: ":memory:")
        let day = Day(iso: "2026-08-10")!.unixStart
        func add(_ model: String, _ size: (Int, Int), _ seconds: Int, project: String?, status: JobStatus = .completed,
                 at: Int64 = day) throws {
            try jobs.record { Job(videoID: $0, model: model, status: status, seconds: seconds, width: size.0, height: size.1,
                                  createdAt: at, project: project) }
        }
        try add("sora-2-pro", (1792, 1024), 12, project: "studio")          // 6.00
        try add("sora-2-pro-2025-10-06", (1024, 1792), 8, project: "studio") // 4.00, a snapshot, portrait
        try add("sora-2", (1280, 720), 8, project: "web")                    // 0.80
        try add("sora-2", (1280, 720), 8, project: "web", status: .failed)   // not billed
        try add("sora-2", (1280, 720), 8, project: nil)                      // 0.80
        try add("sora-2", (1280, 720), 8, project: "web", at: Day(iso: "2026-09-01")!.unixStart) // September
    }

    @Test func asBilledTiesOutWithTheUsageScanAndMappingRepricesBoth() throws {
        let pricer = Pricer(card: EffectiveCard())
        let map = RepricingMap(models: ["sora-2-pro": "sora-2"], sizes: [(RateSize("1792x1024")!, RateSize("1280x720")!)])
        let history = try HistoryRepricing(month: august, map: map, ledger: jobs.ledger, billed: pricer, repriced: pricer)
        let (rows, _) = try UsageQuery(days: august.days).run(ledger: jobs.ledger, pricer: pricer)
        #expect(history.total.billed == UsageQuery.total(rows).cost)
        #expect(history.total.billed == Money(decimal: "11.60"))
        // 12 s + 8 s of sora-2 at 720p: 2.00 instead of 10.00.
        #expect(history.total.repriced == Money(decimal: "3.60"))
        #expect(history.total.difference == Money(decimal: "-8.00"))
        #expect(history.total.jobs == 5)
        #expect(history.rows.map(\.project) == ["studio", "web", nil])
        let studio = history.rows[0]
        #expect(studio.model == "sora-2-pro" && studio.repricedAs == ["sora-2"] && studio.repricedUnpricedJobs == 0)
    }

    @Test func aMappingWithoutAPriceLeavesJobsUnpricedNotFree() throws {
        let pricer = Pricer(card: EffectiveCard())
        let history = try HistoryRepricing(month: august, map: RepricingMap(models: ["sora-2-pro": "sora-2"]),
                                           ledger: jobs.ledger, billed: pricer, repriced: pricer)
        let studio = history.rows[0]
        #expect(studio.billed == Money(decimal: "10.00"))
        #expect(studio.repriced == .zero)
        #expect(studio.repricedUnpricedJobs == 2, "sora-2 has no 1024p price")
        let document = history.document.document
        #expect(document.notes.contains { $0.contains("not priced at 0") })
    }

    @Test func mapSizeKeepsOrientation() {
        let map = RepricingMap(sizes: [(RateSize("1792x1024")!, RateSize("1280x720")!)])
        let group = UsageGroup(provider: "openai", model: "sora-2-pro", width: 1024, height: 1792, status: .completed,
                               isBatch: false, kind: .create, usageDay: Day(index: 0))
        let mapped = map.apply(to: group)
        #expect((mapped.width, mapped.height) == (720, 1280))
        #expect(RepricingMap.pair("a=b")! == ("a", "b"))
        #expect(RepricingMap.pair("=b") == nil)
    }
}
