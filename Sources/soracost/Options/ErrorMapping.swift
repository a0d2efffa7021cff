import ArgumentParser
import Foundation
import SoraCostKit

/// The one place that turns an error into the text a user reads. Kit errors describe the
/// problem; the wording that names this tool's options is added here.
enum ErrorMapping {
    /// A readable message for any error, never a stack trace.
    static func message(for error: Error) -> String {
        switch error {
        case let period as ReportPeriodError:
            switch period {
            case .monthWithRange: "use either --month or --since/--until, not both"
            case .untilWithoutSince: "--until needs --since (the first day of the report)"
            case .emptyRange(let since, let until):
                "--since \(since.iso) is after --until \(until.iso); both days are inclusive"
            }
        case let keys as ReportDimensionError:
            "--by: \(keys.description)"
        case let localized as LocalizedError where localized.errorDescription != nil:
            localized.errorDescription ?? ""
        default:
            String(describing: error)
        }
    }

    /// Ends the run with a usage error (exit 64) for options the kit found inconsistent, with
    /// `command`'s usage line, as a failed `validate()` would.
    static func usageFailure<Command: ParsableCommand>(_ error: Error, in command: Command.Type) -> Never {
        command.exit(withError: ValidationError(message(for: error)))
    }
}
