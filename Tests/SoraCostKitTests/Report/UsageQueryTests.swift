import Testing
@testable import SoraCostKit

@Suite struct UsageQueryTests {
    let ledger: Ledger
    let writer: JobWriter
    let pricer = Pricer(card: EffectiveCard(user: nil))
    let source: SourceRecord

    init() throws {
        ledger = try Ledger(path: ":memory:")
        writer = try ledger.makeJobWriter()
        source = try ledger.ensureSource(kind: "file", name: "test")
    }

    func add(_ id: String, model: String = "sora-2", size: (Int, Int) = (1280, 720), seconds: Int = 8,
             status: JobStatus = .completed, at created: Int64, project: String? = nil, batch: Bool = false) throws {
        let job = Job(videoID: id, model: model, status: status, seconds: seconds, width: size.0, height: size.1,
                      createdAt: created, project: project, isBatch: batch)
        try writer.record(Observation(job: job, prompt: nil, raw: "{}"), sourceID: source.id, sourceName: "test", line: nil,
                          importID: nil, now: 0)
    }

    func seedMonth() throws {
        let start = Day(iso: "2026-03-01")!.unixStart
        var n = 0
        for day in 0..<31 {
            for slot in 0..<(day % 5 + 1) {
                n += 1
                let models = [("sora-2", (1280, 720)), ("sora-2-pro", (1792, 1024)), ("sora-2-pro-2025-10-06", (720, 1280)),
                              ("sora-2-pro", (1920, 1080))]
                let (model, size) = models[n % models.count]
                try add("video_\(n)", model: model, size: size, seconds: [4, 8, 12, 16][n % 4],
                        status: n % 11 == 0 ? .failed : (n % 13 == 0 ? .inProgress : .completed),
                        at: start + Int64(day * 86_400 + slot * 3_600 * 5 + 1_800), project: ["a", "b", nil][n % 3],
                        batch: n % 7 == 0)
            }
        }
    }

    @Test func daysOfAMonthSumExactlyToTheMonth() throws {
        try seedMonth()
        let month = Month(iso: "2026-03")!
        let daily = try UsageQuery(days: month.days, dimensions: [.project], granularity: .day).run(ledger: ledger, pricer: pricer)
        let monthly = try UsageQuery(days: month.days, granularity: .month).run(ledger: ledger, pricer: pricer)
        #expect(monthly.rows.count == 1)
        let total = UsageQuery.total(daily.rows)
        #expect(total == monthly.rows[0].measures)
        #expect(total.cost > .zero)
        #expect(total.unpricedJobs > 0)
        #expect(total.pending > 0)

        // The same cost, priced job by job.
        var perJob = Money.zero
        try ledger.forEachJob { job in
            if case .billed(let charge) = pricer.price(job).outcome { perJob += charge.amount }
        }
        #expect(perJob == total.cost)
    }

    @Test func snapshotsAreReportedUnderTheirBaseModel() throws {
        try seedMonth()
        let rows = try UsageQuery(days: Month(iso: "2026-03")!.days, dimensions: [.model]).run(ledger: ledger, pricer: pricer).rows
        #expect(rows.map(\.keys) == [["sora-2"], ["sora-2-pro"]])
    }

    @Test func timeZoneMovesAJobAcrossTheDayBoundary() throws {
        // 2026-03-31 23:30 UTC is already 2026-04-01 in Paris (UTC+2 after the March change).
        try add("video_late", at: Timestamp.parseISO("2026-03-31T23:30:00Z")!)
        let paris = try #require(ReportZone(identifier: "Europe/Paris"))
        let march = Month(iso: "2026-03")!
        let april = Month(iso: "2026-04")!
        let utcMarch = try UsageQuery(days: march.days, granularity: .day).run(ledger: ledger, pricer: pricer).rows
        #expect(utcMarch.map { $0.bucket?.iso } == ["2026-03-31"])
        let parisMarch = try UsageQuery(days: march.days, zone: paris, granularity: .day).run(ledger: ledger, pricer: pricer).rows
        #expect(parisMarch.isEmpty)
        let parisApril = try UsageQuery(days: april.days, zone: paris, granularity: .day).run(ledger: ledger, pricer: pricer).rows
        #expect(parisApril.map { $0.bucket?.iso } == ["2026-04-01"])
        #expect(parisApril.first?.measures.cost == Money(decimal: "0.80"))
    }

    @Test func localDaysFollowDaylightSavingChanges() throws {
        let newYork = try #require(ReportZone(identifier: "America/New_York"))
        // DST began 2026-03-08: midnight is 05:00 UTC before and 04:00 UTC after.
        #expect(newYork.start(of: Day(iso: "2026-03-08")!) == Timestamp.parseISO("2026-03-08T05:00:00Z"))
        #expect(newYork.start(of: Day(iso: "2026-03-09")!) == Timestamp.parseISO("2026-03-09T04:00:00Z"))
        try add("video_a", at: Timestamp.parseISO("2026-03-09T03:30:00Z")!)  // 23:30 on the 8th in New York
        let rows = try UsageQuery(days: Day(iso: "2026-03-01")!...Day(iso: "2026-03-31")!, zone: newYork,
                                  granularity: .day).run(ledger: ledger, pricer: pricer).rows
        #expect(rows.map { $0.bucket?.iso } == ["2026-03-08"])
    }

    @Test func aDayWhoseMidnightIsSkippedStartsAtTheJump() throws {
        // Santiago's clocks go from 2026-09-05 23:59:59 -04 to 2026-09-06 01:00 -03 (04:00 UTC):
        // the 5th has 24 hours, the 6th 23. A job every half hour, 2026-09-04 00:15 -04 on.
        let santiago = try #require(ReportZone(identifier: "America/Santiago"))
        let first = try #require(Timestamp.parseISO("2026-09-04T04:15:00Z"))
        for n in 0..<192 { try add("video_\(n)", at: first + Int64(n) * 1_800) }
        let days = Day(iso: "2026-09-04")!...Day(iso: "2026-09-08")!
        let range = try UsageQuery(days: days, zone: santiago, granularity: .day).run(ledger: ledger, pricer: pricer).rows
        #expect(range.map { $0.bucket?.iso } == ["2026-09-04", "2026-09-05", "2026-09-06", "2026-09-07", "2026-09-08"])
        #expect(range.map(\.measures.jobs) == [48, 48, 46, 48, 2])
        // Each day alone holds exactly its own row: the days sum to the range.
        var sum = UsageMeasures()
        for day in days {
            let rows = try UsageQuery(days: day...day, zone: santiago, granularity: .day).run(ledger: ledger, pricer: pricer).rows
            #expect(rows.map(\.bucket) == [day])
            sum.add(UsageQuery.total(rows))
        }
        #expect(sum == UsageQuery.total(range))
        #expect(sum.jobs == 192)
    }
}
