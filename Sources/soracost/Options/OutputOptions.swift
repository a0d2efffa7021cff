import ArgumentParser
import Foundation
import SoraCostKit

extension ReportFormat: ExpressibleByArgument {
    public init?(argument: String) {
        try? self.init(parsing: argument)
    }

    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// `--format` and `--output`, shared by every command that prints a report.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table, csv, md or json.")
    var format: ReportFormat = .table

    @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    /// Writes `text` to `--output` (atomically) or stdout, ending it with exactly one newline.
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
            try Data(body.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw Console.fail(InputError(path: output, reason: "cannot write: \(error.localizedDescription)"))
        }
    }

    /// Renders `document` in the chosen format and writes it.
    func write(_ document: ReportDocument) throws {
        try write(format.render(document))
    }
}
