import ArgumentParser
import Foundation
import SoraCostKit

extension SoraCostCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import job records from local logs, saved API pages and CSV exports.",
            discussion: """
                Reads files, directories (recursively: *.jsonl, *.ndjson, *.json, *.log, *.csv, \
                rotated and .gz included) and - for standard input. Importing again reads only \
                what was appended since; nothing is ever counted twice.

                Exit status: 0 all lines imported; 1 some lines rejected (the rest imported; \
                see `soracost rejects`); 2 an input or the ledger could not be used; 64 bad usage.
                """)

        @OptionGroup var ledger: LedgerOptions

        @Argument(help: "Files or directories to read; - for standard input.")
        var paths: [String]

        @Option(help: "Read every input as this format instead of detecting it: jsonl, json or csv.")
        var format: InputFormat?

        @Option(help: "Provider recorded for records that name none (openai, azure, or a gateway).")
        var provider: String = "openai"

        @Option(help: "Account (project or key label) recorded for records that name none.")
        var account: String?

        @Option(name: .customLong("map"), help: ArgumentHelp(
            "Where your logs keep a field, as FIELD=PATH (repeatable).",
            discussion: "FIELD is video, provider, account, project, user, tags, batch, kind or segment_seconds; PATH is a dotted path such as meta.user.email.",
            valueName: "field=path"))
        var mappings: [String] = []

        @Flag(help: "Store prompt text (off by default: prompts can be confidential).")
        var keepPrompts = false

        @Flag(name: .shortAndLong, help: "Print nothing on success (rejected lines are still reported).")
        var quiet = false

        func run() throws {
            let mapping: AttributionMapping
            do {
                mapping = try AttributionMapping(overrides: mappings)
            } catch {
                throw ErrorMapping.usage(error, in: Self.self, option: "--map")
            }
            var options = ImportOptions()
            options.format = format
            options.decoder = RecordDecoder(
                mapping: mapping, defaultProvider: provider, defaultAccount: account, keepPrompts: keepPrompts)
            let report: ImportReport
            do {
                let opened = try ledger.open(create: true)
                let importer = try LogImporter(ledger: opened, options: options)
                if Console.stderrIsTerminal && !quiet {
                    importer.progress = { p in
                        Console.progress("importing \(p.path): \(p.lines) lines")
                    }
                }
                report = try importer.run(paths: paths)
                if importer.progress != nil { Console.clearProgress() }
            } catch let error as NSError where error.domain == NSCocoaErrorDomain {
                // Creating the ledger's folder or file: plain words, not `NSCocoaErrorDomain Code=512`.
                throw Console.fail(InputError(path: ledger.path, foundationError: error))
            } catch {
                throw Console.fail(error)
            }
            for reject in report.rejects {
                Console.note("rejected \(reject)")
            }
            if report.counts.rejected > report.rejects.count {
                Console.note("... and \(report.counts.rejected - report.rejects.count) more rejected lines; see `soracost rejects`")
            }
            for failure in report.failures {
                Console.error(Console.describe(failure))
            }
            if !quiet {
                for skipped in report.skipped {
                    Console.note("skipped \(Console.describe(skipped))")
                }
                for file in report.files {
                    if let note = file.note { Console.note("\(file.path): \(note)") }
                }
                let read = report.files.filter { $0.skipped == nil }.count
                let skipped = report.files.count - read
                var line = "imported \(read) input\(read == 1 ? "" : "s")"
                if skipped > 0 { line += " (\(skipped) unchanged, skipped)" }
                print("\(line): \(report.counts.summary)")
                if report.counts.conflicts > 0 {
                    print("conflicting sightings are kept in the ledger; see `soracost status`")
                }
            }
            if !report.failures.isEmpty { throw ExitCode(Console.Status.failure) }
            if report.counts.rejected > 0 { throw ExitCode(Console.Status.rejected) }
        }
    }
}
