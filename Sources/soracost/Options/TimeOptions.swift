import ArgumentParser
import Foundation
import SoraCostKit

// Days, months and zones are parsed once, here at the boundary, with argument-parser's one
// wording for a bad value ("The value 'x' is invalid for '--as-of <YYYY-MM-DD>'", followed by
// the option's help line); commands receive the typed values.

extension Day: ExpressibleByArgument {
    /// A calendar date `YYYY-MM-DD`.
    public init?(argument: String) {
        self.init(iso: argument)
    }
}

extension Month: ExpressibleByArgument {
    /// A calendar month `YYYY-MM`.
    public init?(argument: String) {
        self.init(iso: argument)
    }
}

extension ReportZone: ExpressibleByArgument {
    /// An IANA time zone name such as `Europe/Paris`.
    public init?(argument: String) {
        self.init(identifier: argument)
    }

    public var defaultValueDescription: String { identifier }
}

extension ReportDimension: ExpressibleByArgument {
    /// One grouping key: `model`, `project`, `tag:campaign`, ...
    public init?(argument: String) {
        self.init(argument)
    }
}

/// An `--as-of` value: a calendar date `YYYY-MM-DD` (to its end, in `--tz`), or an ISO 8601
/// instant such as `2026-09-14T08:00:00Z`.
enum AsOfMoment: ExpressibleByArgument, Equatable {
    case day(Day)
    /// Unix seconds, UTC.
    case instant(Int64)

    init?(argument: String) {
        if let day = Day(iso: argument) {
            self = .day(day)
        } else if let instant = Timestamp.parseISO(argument) {
            self = .instant(instant)
        } else {
            return nil
        }
    }
}

/// `--as-of` and `--tz`: the moment to treat as now and the zone days are counted in.
///
/// The moment cuts the data: jobs whose usage instant is later do not exist for the run. The
/// clock is read once per run: a command reads `Clock.now` once and passes it in.
struct TimeOptions: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp(
        "Treat this day (to its end) or instant as now; later jobs are left out (default: now).",
        valueName: "YYYY-MM-DD|timestamp"))
    var asOf: AsOfMoment?

    @Option(help: ArgumentHelp("Count days in this IANA time zone, such as Europe/Paris or America/New_York.",
                               valueName: "zone"))
    var tz: ReportZone = .utc

    /// The day of the as-of moment in `--tz`, else the day holding `now` (Unix seconds).
    func today(now: Int64) -> Day {
        tz.day(of: cut(now: now))
    }

    /// The last instant that counts (Unix seconds, inclusive): the end of the `--as-of` day, the
    /// `--as-of` instant, else `now`.
    func cut(now: Int64) -> Int64 {
        switch asOf {
        case .day(let day)?: tz.start(of: day.advanced(by: 1)) - 1
        case .instant(let instant)?: instant
        case nil: now
        }
    }
}

/// The wall clock, read by a command once per run.
enum Clock {
    /// Unix seconds, UTC.
    static var now: Int64 { Int64(Date().timeIntervalSince1970) }
}
