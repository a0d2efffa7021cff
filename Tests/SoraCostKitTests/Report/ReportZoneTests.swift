import Testing
@testable import SoraCostKit

@Suite struct ReportZoneTests {
    /// Local days and the UTC instants they begin at, worked out from each zone's rules.
    @Test(arguments: [
        // Clocks go from 23:59:59 -04 to 01:00 -03: the day begins at the jump, 04:00 UTC.
        ("America/Santiago", "2026-09-05", "2026-09-05T04:00:00Z"),
        ("America/Santiago", "2026-09-06", "2026-09-06T04:00:00Z"),
        ("America/Santiago", "2026-09-07", "2026-09-07T03:00:00Z"),
        // Clocks go from 23:59:59 -03 back to 23:00 -04: the 4th lasts 25 hours.
        ("America/Santiago", "2026-04-04", "2026-04-04T03:00:00Z"),
        ("America/Santiago", "2026-04-05", "2026-04-05T04:00:00Z"),
        ("America/Asuncion", "2023-09-30", "2023-09-30T04:00:00Z"),
        ("America/Asuncion", "2023-10-01", "2023-10-01T04:00:00Z"),
        ("America/Asuncion", "2023-10-02", "2023-10-02T03:00:00Z"),
        ("America/Havana", "2026-03-08", "2026-03-08T05:00:00Z"),
        ("America/Havana", "2026-03-09", "2026-03-09T04:00:00Z"),
        // Back from 01:00 -04 to 00:00 -05: midnight is the first one.
        ("America/Havana", "2026-11-01", "2026-11-01T04:00:00Z"),
        ("America/Havana", "2026-11-02", "2026-11-02T05:00:00Z"),
        // Changes at 02:00, away from midnight.
        ("America/New_York", "2026-03-08", "2026-03-08T05:00:00Z"),
        ("America/New_York", "2026-03-09", "2026-03-09T04:00:00Z"),
        ("America/New_York", "2026-11-01", "2026-11-01T04:00:00Z"),
        ("America/New_York", "2026-11-02", "2026-11-02T05:00:00Z"),
        // East of UTC, midnight skipped (00:00 +02 becomes 01:00 +03) and repeated at 24:00.
        ("Africa/Cairo", "2026-04-24", "2026-04-23T22:00:00Z"),
        ("Africa/Cairo", "2026-04-25", "2026-04-24T21:00:00Z"),
        ("Africa/Cairo", "2026-10-29", "2026-10-28T21:00:00Z"),
        ("Africa/Cairo", "2026-10-30", "2026-10-29T22:00:00Z"),
        // Half-hour offsets, with and without a change (Adelaide's at 02:00 on 2026-10-04).
        ("Australia/Adelaide", "2026-10-04", "2026-10-03T14:30:00Z"),
        ("Australia/Adelaide", "2026-10-05", "2026-10-04T13:30:00Z"),
        ("Asia/Kolkata", "2026-09-06", "2026-09-05T18:30:00Z"),
        ("UTC", "2026-09-06", "2026-09-06T00:00:00Z"),
    ])
    func aDayStartsAtItsFirstLocalInstant(zone identifier: String, day iso: String, start expected: String) throws {
        let zone = try #require(ReportZone(identifier: identifier))
        let day = try #require(Day(iso: iso))
        #expect(zone.start(of: day) == Timestamp.parseISO(expected))
    }

    /// Every day of four years in zones west and east of UTC, with changes at midnight and at
    /// other hours, forward and back, whole and part hours: the day's start is on that day and
    /// the second before it on the day before, so the days tile time with no gap or overlap.
    @Test(arguments: ["America/Santiago", "America/Asuncion", "America/Havana", "America/New_York", "Africa/Cairo",
                      "Australia/Adelaide", "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kolkata", "UTC"])
    func everyDayBeginsWhereTheDayBeforeEnds(zone identifier: String) throws {
        let zone = try #require(ReportZone(identifier: identifier))
        for day in Day(iso: "2023-01-01")!...Day(iso: "2026-12-31")! {
            let start = zone.start(of: day)
            #expect(zone.day(of: start) == day && zone.day(of: start - 1) == day.advanced(by: -1), "\(identifier) \(day)")
        }
    }
}
