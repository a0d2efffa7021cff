import ArgumentParser
import Foundation
import SoraCostKit

extension ReportFormat: ExpressibleByArgument {
    public init?(argument: String) {
        try? self.init(parsing: argument)
    }

    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension InputFormat: ExpressibleByArgument {}

/// `--format` and `-o/--output`, shared by every command that prints a document; the one writer
/// of a command's result.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table, csv, md, json or html.")
    var format: ReportFormat = .table

    @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    /// Checks that `--format` is one of `formats`, for a command whose output has fewer shapes
    /// (a usage error, exit 64, otherwise).
    func require(_ formats: [ReportFormat], for command: String) throws {
        guard formats.contains(format) else {
            let names = formats.map(\.rawValue).joined(separator: " or ")
            throw ValidationError("--format: \(command) prints \(names), not \(format.rawValue)")
        }
    }

    /// Writes `text` to `--output` (atomically) or stdout, ending it with exactly one newline; a
    /// file that cannot be written is reported and exits 2.
    ///
    /// The check is on Unicode scalars: CSV ends with CRLF, which Swift counts as one Character
    /// that is not `"\n"`, so `hasSuffix("\n")` would add a stray LF after the last record.
    func write(_ text: String) throws {
        let body = text.unicodeScalars.last == "\n" ? text : text + "\n"
        guard let output else {
            FileHandle.standardOutput.write(Data(body.utf8))
            return
        }
        do {
            try OutputFile.write(body, to: output)
        } catch {
            throw Console.fail(error)
        }
    }

    /// Renders `document` in the chosen format and writes it.
    func write(_ document: ReportDocument) throws {
        try write(format.render(document))
    }
}
