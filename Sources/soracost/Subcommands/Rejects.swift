import ArgumentParser
import SoraCostKit

extension SoraCostCommand {
    struct Rejects: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the input lines that imports and syncs rejected, with file, line, field and reason.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

        @Option(name: .customLong("import"), help: "Only the rejects of this import run (see `soracost status`).")
        var importID: Int64?

        @Option(help: "At most this many lines.")
        var limit: Int = 1_000

        func run() throws {
            let rejects: [RejectRecord]
            do {
                rejects = try ledger.open(create: false).rejects(importID: importID, limit: limit)
            } catch {
                throw Console.fail(error)
            }
            var table = ReportTable(columns: [
                ReportColumn(key: "import", header: "Import", kind: .integer),
                ReportColumn(key: "source", header: "File", kind: .text),
                ReportColumn(key: "line", header: "Line", kind: .integer),
                ReportColumn(key: "field", header: "Field", kind: .text),
                ReportColumn(key: "reason", header: "Reason", kind: .text),
                ReportColumn(key: "text", header: "Text", kind: .text),
            ])
            for reject in rejects {
                table.append([
                    reject.importID.map { .integer(Int($0)) } ?? .null, .text(reject.source),
                    reject.line.map { .integer($0) } ?? .null, reject.field.map { .text($0) } ?? .null,
                    .text(reject.reason), .text(String(reject.text.prefix(output.format == .table ? 60 : 65_536))),
                ])
            }
            let document = ReportDocument(
                title: "Rejected input lines",
                sections: [ReportSection(key: "rejects", heading: "\(rejects.count) rejected line\(rejects.count == 1 ? "" : "s")", table: table)])
            try output.write(document)
        }
    }
}
