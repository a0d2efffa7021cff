/// A calendar day, with no time zone of its own: the number of days since 1970-01-01.
///
/// Which day a job falls on depends on the zone the report uses (UTC unless `--tz`); convert an
/// instant with `Day(unix:offsetSeconds:)` using that zone's offset at the instant. The civil
/// calendar arithmetic is Howard Hinnant's days-from-civil algorithm
/// (https://howardhinnant.github.io/date_algorithms.html), exact for every Gregorian date.
public struct Day: Hashable, Comparable, Strideable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let index: Int

    public init(index: Int) { self.index = index }

    /// The day containing the Unix instant `unix`, shifted by a zone offset in seconds.
    public init(unix: Int64, offsetSeconds: Int = 0) {
        let shifted = unix + Int64(offsetSeconds)
        index = Int(shifted >= 0 ? shifted / 86_400 : (shifted - 86_399) / 86_400)
    }

    public init(year: Int, month: Int, day: Int) {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        index = era * 146_097 + doe - 719_468
    }

    /// Parses an ISO 8601 calendar date, `YYYY-MM-DD`; nil for anything else or an impossible date.
    public init?(iso text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Day.digits(parts[0]), let m = Day.digits(parts[1]), let d = Day.digits(parts[2]),
              (1...12).contains(m), d >= 1, d <= Day.daysIn(year: y, month: m)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The number `text` writes in ASCII digits alone, as every field of an ISO date does; nil
    /// for a sign, a space or anything else (`Int("+9")` would read 9).
    static func digits(_ text: some StringProtocol) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int(text)
    }

    /// Year, month (1–12) and day of month (1–31).
    public var civil: (year: Int, month: Int, day: Int) {
        let z = index + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// `YYYY-MM-DD`.
    public var iso: String {
        let (y, m, d) = civil
        return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }

    public var description: String { iso }

    /// Midnight at the start of this day, as Unix seconds in UTC.
    public var unixStart: Int64 { Int64(index) * 86_400 }

    /// ISO weekday: 1 is Monday, 7 is Sunday.
    public var isoWeekday: Int { ((index + 3) % 7 + 7) % 7 + 1 }

    /// The Monday of this day's ISO week.
    public var weekStart: Day { Day(index: index - (isoWeekday - 1)) }

    public var month: Month { let c = civil; return Month(year: c.year, month: c.month) }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.index < rhs.index }
    public func distance(to other: Day) -> Int { other.index - index }
    public func advanced(by n: Int) -> Day { Day(index: index + n) }
}

/// A calendar month, `YYYY-MM`.
public struct Month: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM`.
    public init?(iso text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let y = Day.digits(parts[0]), let m = Day.digits(parts[1]), (1...12).contains(m)
        else { return nil }
        self.init(year: y, month: m)
    }

    public var firstDay: Day { Day(year: year, month: month, day: 1) }
    public var dayCount: Int { Day.daysIn(year: year, month: month) }
    public var lastDay: Day { firstDay.advanced(by: dayCount - 1) }
    public var days: ClosedRange<Day> { firstDay...lastDay }
    public var next: Month { month == 12 ? Month(year: year + 1, month: 1) : Month(year: year, month: month + 1) }
    public var previous: Month { month == 1 ? Month(year: year - 1, month: 12) : Month(year: year, month: month - 1) }
    public var iso: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
    public var description: String { iso }

    public static func < (lhs: Month, rhs: Month) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }
}
