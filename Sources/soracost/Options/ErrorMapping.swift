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
        case let system as NSError where system.domain == NSCocoaErrorDomain || system.domain == NSPOSIXErrorDomain:
            // Plain words with the path (`x.json: no such file or directory`), never
            // `NSCocoaErrorDomain Code=…`.
            systemMessage(system)
        case let localized as LocalizedError where localized.errorDescription != nil:
            (localized.errorDescription ?? "") + options(for: error)
        default:
            String(describing: error) + options(for: error)
        }
    }

    /// A Foundation or POSIX error (file not found, permission denied, is a directory, no space,
    /// read-only file system) in plain words, led by the path it names when it names one.
    static func systemMessage(_ error: NSError) -> String {
        let mapped = InputError(path: "", foundationError: error)
        return mapped.path.isEmpty ? mapped.reason : "\(mapped.path): \(mapped.reason)"
    }

    /// The options that set what a kit error advises checking: ` (options: --base-url)`.
    static func options(for error: Error) -> String {
        guard let advice = error as? SettingAdvice, !advice.settings.isEmpty else { return "" }
        var flags: [String] = []
        for setting in advice.settings {
            for flag in option(setting) where !flags.contains(flag) { flags.append(flag) }
        }
        return " (options: \(flags.joined(separator: ", ")))"
    }

    /// The command-line spelling of each setting.
    static func option(_ setting: Setting) -> [String] {
        switch setting {
        case .apiKey: ["--api-key-env", "--api-key-file"]
        case .authHeader: ["--auth-header"]
        case .organization: ["--organization"]
        case .project: ["--project"]
        case .baseURL: ["--base-url"]
        case .fieldMapping: ["--map"]
        }
    }

    /// Prints a usage error for options the kit found inconsistent, worded and laid out as a
    /// failed `validate()` would be (with `command`'s usage line), and returns exit status 64
    /// to throw.
    static func usage(_ error: Error, in command: ParsableCommand.Type, option: String? = nil) -> ExitCode {
        let usage = SoraCostCommand.usageString(for: command)
        let name = usage.prefix { $0 != "[" && $0 != "<" }.trimmingCharacters(in: .whitespaces)
        FileHandle.standardError.write(Data("""
            Error: \(option.map { "\($0): " } ?? "")\(message(for: error))
            Usage: \(usage)
              See '\(name) --help' for more information.

            """.utf8))
        return ExitCode.validationFailure
    }
}
