import ArgumentParser
import Foundation
import SoraCostKit

/// The one place that turns an error into the text a user reads and the exit status it ends
/// with. Kit errors describe the problem; the wording that names the running command's options is
/// added here.
enum ErrorMapping {
    /// The exit status of a failure: 64 (usage) for a configuration that cannot work, found
    /// before anything was sent (a bad base URL, no API key); 2 for anything else that stopped
    /// the run.
    static func status(for error: Error) -> ExitCode {
        if case .invalidConfiguration? = error as? APIError { return ExitCode.validationFailure }
        if let secret = error as? SecretError, secret.settings.contains(.apiKey) { return ExitCode.validationFailure }
        return ExitCode(Console.Status.failure)
    }

    /// A readable message for any error, never a stack trace; the settings it advises checking
    /// are named by `command`'s options, when it has any for them.
    static func message(for error: Error, in command: ParsableCommand.Type? = nil) -> String {
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
            (localized.errorDescription ?? "") + options(for: error, in: command)
        default:
            String(describing: error) + options(for: error, in: command)
        }
    }

    /// A Foundation or POSIX error (file not found, permission denied, is a directory, no space,
    /// read-only file system) in plain words, led by the path it names when it names one.
    static func systemMessage(_ error: NSError) -> String {
        let mapped = InputError(path: "", foundationError: error)
        return mapped.path.isEmpty ? mapped.reason : "\(mapped.path): \(mapped.reason)"
    }

    /// The options of `command` that set what a kit error advises checking: ` (options:
    /// --base-url)`; empty when the command has none of them (its message says what to check).
    static func options(for error: Error, in command: ParsableCommand.Type?) -> String {
        guard let advice = error as? SettingAdvice,
              let table = (command as? SettingOptions.Type)?.settingOptions else { return "" }
        var flags: [String] = []
        for setting in advice.settings {
            for flag in table[setting] ?? [] where !flags.contains(flag) { flags.append(flag) }
        }
        return flags.isEmpty ? "" : " (options: \(flags.joined(separator: ", ")))"
    }

    /// Prints a usage error for options the kit found inconsistent, worded and laid out as a
    /// failed `validate()` would be (with `command`'s usage line), and returns exit status 64
    /// to throw.
    static func usage(_ error: Error, in command: ParsableCommand.Type, option: String? = nil) -> ExitCode {
        let usage = SoraCostCommand.usageString(for: command)
        let name = usage.prefix { $0 != "[" && $0 != "<" }.trimmingCharacters(in: .whitespaces)
        FileHandle.standardError.write(Data("""
            Error: \(option.map { "\($0): " } ?? "")\(message(for: error, in: command))
            Usage: \(usage)
              See '\(name) --help' for more information.

            """.utf8))
        return ExitCode.validationFailure
    }
}

/// A command with options that set some of the settings kit errors advise checking (`Setting`),
/// so that its messages name its own options and no other command's.
protocol SettingOptions {
    /// This command's options for each setting; a setting it has no option for is absent.
    static var settingOptions: [Setting: [String]] { get }
}
