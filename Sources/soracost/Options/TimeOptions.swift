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

/// `--as-of` and `--tz`: the day to treat as today and the zone days are counted in.
///
/// The clock is read once per run: a command reads `Clock.now` once and passes it to `today(now:)`.
struct TimeOptions: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp(
        "The day to treat as today, for reproducible output (default: today in --tz).", valueName: "YYYY-MM-DD"))
    var asOf: Day?

    @Option(help: ArgumentHelp("Count days in this IANA time zone, such as Europe/Paris or America/New_York.",
                               valueName: "zone"))
    var tz: ReportZone = .utc

    /// The `--as-of` day, else the day holding `now` (Unix seconds) in `--tz`.
    func today(now: Int64) -> Day {
        asOf ?? tz.day(of: now)
    }
}

/// The wall clock, read by a command once per run.
enum Clock {
    /// Unix seconds, UTC.
    static var now: Int64 { Int64(Date().timeIntervalSince1970) }
}
