import ArgumentParser
import Foundation
import SoraCostKit

/// Writing to the terminal: results on stdout, diagnostics and progress on stderr.
enum Console {
    /// Exit statuses shared by the commands (documented in the README); 64 is argument-parser's
    /// `ExitCode.validationFailure`, budget check's 3 is `BudgetLevel.unknown`.
    enum Status {
        static let rejected: Int32 = 1
        static let failure: Int32 = 2
    }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("soracost: " + message + "\n").utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// True when stderr is a terminal: progress is drawn only then, never into logs or pipes.
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Redraws one progress line on stderr.
    static func progress(_ text: String) {
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
    }

    static func clearProgress() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    /// A readable message for any error, never a stack trace (`ErrorMapping` words it, naming
    /// `command`'s options).
    static func describe(_ error: Error, in command: ParsableCommand.Type? = nil) -> String {
        ErrorMapping.message(for: error, in: command)
    }

    /// Prints `error`, one `soracost:` line per line of its message, and returns the exit status
    /// `ErrorMapping` gives it, to throw.
    static func fail(_ error: Error, in command: ParsableCommand.Type? = nil) -> ExitCode {
        for line in describe(error, in: command).split(separator: "\n", omittingEmptySubsequences: false) {
            Console.error(String(line))
        }
        return ErrorMapping.status(for: error)
    }
}
