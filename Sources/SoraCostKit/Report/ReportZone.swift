import Foundation

/// The time zone reports count days in: UTC unless `--tz` names an IANA zone.
///
/// The zone's UTC offsets over a report's span are worked out once (`offsetSegments`); a job's
/// local day is then its instant plus the offset in force, in whole days: plain integer
/// arithmetic, fast over millions of rows (`UsageScan.Part.localDay`).
public struct ReportZone: Sendable, Equatable {
    public let identifier: String
    let timeZone: TimeZone

    public static let utc = ReportZone(utc: ())

    private init(utc: ()) {
        identifier = "UTC"
        timeZone = TimeZone(identifier: "UTC")!
    }

    /// An IANA zone such as `Europe/Paris`; nil for an unknown name.
    ///
    /// Foundation also reads `GMT+5` and `UTC-03:00` as fixed offsets, with the sign the other
    /// way round from IANA's `Etc/GMT+5` (which is UTC−5): not IANA names, so refused rather
    /// than guessed. `GMT+0` and the like (IANA links to UTC) stay accepted.
    public init?(identifier: String) {
        let rest = identifier.dropFirst(3)
        if identifier.hasPrefix("GMT") || identifier.hasPrefix("UTC"), let sign = rest.first, sign == "+" || sign == "-",
           rest.dropFirst().contains(where: { $0 != "0" && $0 != ":" }) {
            return nil
        }
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.identifier = identifier
        timeZone = zone
    }

    /// Offset from UTC in seconds at the Unix instant `unix`.
    public func offset(at unix: Int64) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(unix)))
    }

    /// The local calendar day holding the instant.
    public func day(of unix: Int64) -> Day {
        Day(unix: unix, offsetSeconds: offset(at: unix))
    }

    /// The instant at which the local day `day` begins: the first instant whose local date is
    /// `day`. That is local midnight, or, where the clocks skip midnight (America/Santiago on
    /// 2026-09-06 goes from 23:59:59 to 01:00), the transition that skips it.
    ///
    /// Within each stretch of one offset (`offsetSegments`) local time rises with the instant, so
    /// the first instant of a stretch to reach local midnight is its start or midnight less its
    /// offset; the earliest stretch that has one holds the answer. Offsets stay within a day of
    /// UTC, so the stretches of two days either side of midnight read as UTC are enough.
    public func start(of day: Day) -> Int64 {
        let midnight = day.unixStart
        let segments = offsetSegments(from: midnight - 2 * 86_400, to: midnight + 2 * 86_400)
        for (segment, next) in zip(segments, segments.dropFirst()) {
            let first = max(segment.start, midnight - Int64(segment.offset))
            if first < next.start { return first }
        }
        let last = segments[segments.count - 1]
        return max(last.start, midnight - Int64(last.offset))
    }

    /// `(start, offset)` pairs: from each start on, the offset holds until the next start.
    func offsetSegments(from: Int64, to: Int64) -> [(start: Int64, offset: Int)] {
        var segments = [(start: from, offset: offset(at: from))]
        var cursor = Date(timeIntervalSince1970: TimeInterval(from))
        while let next = timeZone.nextDaylightSavingTimeTransition(after: cursor),
              Int64(next.timeIntervalSince1970) < to {
            let start = Int64(next.timeIntervalSince1970)
            segments.append((start, offset(at: start)))
            cursor = next
        }
        return segments
    }
}
