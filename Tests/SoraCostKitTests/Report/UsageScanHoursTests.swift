import Foundation
import Testing
@testable import SoraCostKit

/// Parts counted from the `usage_hours` rollup give exactly the groups of reading every job, in
/// any zone, beside parts read from the jobs; parts the rollup cannot count are read from the jobs.
@Suite struct UsageScanHoursTests {
    let directory: TemporaryDirectory
    let ledger: Ledger
    let pricer = Pricer(card: EffectiveCard(user: nil))

    /// 2026-02-20 to 2026-04-10 (over the US and EU clock changes), a job every ~53 minutes of
    /// `UsageScanSplitTests`' varied kinds (every kind, extensions with and without a segment,
    /// failures, pending, batch, two providers).
    init() throws {
        directory = try TemporaryDirectory()
        ledger = try Ledger(path: directory.file("ledger.sqlite"))
        try UsageScanSplitTests.record(jobs: 1_400, from: Day(iso: "2026-02-20")!.unixStart, every: 3_187, into: ledger)
    }

    func compare(_ parts: [UsageScan.Part], expectHourly: Int) throws {
        // The leading and trailing parts the rollup counts.
        let leading = parts.prefix(while: UsageScan.countsByHour).count
        let trailing = leading < parts.count ? parts.reversed().prefix(while: UsageScan.countsByHour).count : 0
        #expect(leading + trailing == expectHourly)
        let fromHours = try UsageScan(parts: parts, ledger: ledger, pricer: pricer)
        let fromJobs = try UsageScan(parts: parts, ledger: ledger, pricer: pricer, readsHours: false)
        for part in parts.indices {
            for keys in [[], [ReportDimension.model, .size, .status, .kind, .provider], [.model]]
                + (parts[part].dimensions.isEmpty ? [] : [parts[part].dimensions]) {
                for granularity in [ReportGranularity.day, .total] {
                    let a = try fromHours.rows(part: part, dimensions: keys, granularity: granularity)
                    let b = try fromJobs.rows(part: part, dimensions: keys, granularity: granularity)
                    #expect(!b.rows.isEmpty && UsageScanSplitTests.keyed(a.rows) == UsageScanSplitTests.keyed(b.rows)
                            && a.currency == b.currency, "part \(part) by \(keys) \(granularity)")
                }
            }
            #expect(fromHours.failureRows(part: part).map(\.jobs) == fromJobs.failureRows(part: part).map(\.jobs))
        }
    }

    @Test(arguments: ["UTC", "America/New_York", "Europe/Paris", "Pacific/Chatham"])
    func hourlyPartsCountWhatTheJobsCount(zone identifier: String) throws {
        let zone = try #require(ReportZone(identifier: identifier))
        let day = { (iso: String) in Day(iso: iso)! }
        let parts = [
            UsageScan.Part(days: day("2026-02-20")...day("2026-03-15"), zone: zone, dimensions: [.model]),
            UsageScan.Part(days: day("2026-03-16")...day("2026-03-31"), zone: zone, dimensions: []),
            UsageScan.Part(days: day("2026-04-01")...day("2026-04-10"), zone: zone, dimensions: [.project, .user],
                           countsFailures: true),
        ]
        // Chatham is 13h45 ahead (12h45 from April): its days start at quarter hours.
        try compare(parts, expectHourly: identifier == "Pacific/Chatham" ? 0 : 2)
    }

    /// A part boundary on a day whose midnight the clocks skip (Havana, 00:00 -05 to 01:00 -04)
    /// or repeat (Santiago, 24:00 -03 back to 23:00 -04): the rollup's hours and the jobs agree.
    @Test(arguments: [("America/Havana", "2026-03-08"), ("America/Santiago", "2026-04-05")])
    func partsMeetingOnAClockChangeAtMidnightCountWhatTheJobsCount(zone identifier: String, day iso: String) throws {
        let zone = try #require(ReportZone(identifier: identifier))
        let day = { (iso: String) in Day(iso: iso)! }
        let change = day(iso)
        let parts = [
            UsageScan.Part(days: day("2026-02-20")...change.advanced(by: -1), zone: zone, dimensions: []),
            UsageScan.Part(days: change...change, zone: zone, dimensions: [.project]),
            UsageScan.Part(days: change.advanced(by: 1)...day("2026-04-10"), zone: zone, dimensions: []),
        ]
        try compare(parts, expectHourly: 2)
        // Each part holds its own days only.
        let scan = try UsageScan(parts: parts, ledger: ledger, pricer: pricer)
        #expect(try scan.rows(part: 0, dimensions: [], granularity: .day).rows.last?.bucket == change.advanced(by: -1))
        #expect(try scan.rows(part: 1, dimensions: [], granularity: .day).rows.map(\.bucket) == [change])
        #expect(try scan.rows(part: 2, dimensions: [], granularity: .day).rows.first?.bucket == change.advanced(by: 1))
    }

    @Test func aPartThatCountsFailuresOrReadsKeysIsReadFromTheJobs() throws {
        let day = { (iso: String) in Day(iso: iso)! }
        let parts = [
            UsageScan.Part(days: day("2026-02-20")...day("2026-03-01"), zone: .utc, dimensions: [], countsFailures: true),
            UsageScan.Part(days: day("2026-03-02")...day("2026-04-10"), zone: .utc, dimensions: []),
        ]
        try compare(parts, expectHourly: 1)
        try compare([UsageScan.Part(days: day("2026-02-20")...day("2026-04-10"), zone: .utc, dimensions: [.user])],
                    expectHourly: 0)
        // History on both sides of a part read from the jobs (a forecast made after the month).
        try compare([UsageScan.Part(days: day("2026-02-20")...day("2026-03-01"), zone: .utc, dimensions: [.model]),
                     UsageScan.Part(days: day("2026-03-02")...day("2026-03-20"), zone: .utc, dimensions: [.user]),
                     UsageScan.Part(days: day("2026-03-21")...day("2026-04-10"), zone: .utc, dimensions: [])],
                    expectHourly: 2)
        // A part that starts or ends inside an hour.
        let odd = UsageScan.Part(from: day("2026-03-01").unixStart + 1_800, to: day("2026-03-20").unixStart,
                                 zone: .utc, dimensions: [])
        try compare([odd], expectHourly: 0)
    }
}
