import ArgumentParser
import Foundation
import SoraCostKit

extension SoraCostCommand {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what the ledger holds: jobs, date span, sources, recent imports, rejects.")

        @OptionGroup var ledger: LedgerOptions

        func run() throws {
            let status: LedgerStatus
            do {
                status = try ledger.open(create: false).status()
            } catch {
                throw Console.fail(error)
            }
            print(StatusText.render(status))
        }
    }
}

/// The plain-text rendering of `soracost status`.
enum StatusText {
    static func render(_ s: LedgerStatus) -> String {
        var out: [String] = []
        out.append("ledger   \(s.path) (schema \(s.schemaVersion))")
        let span = s.firstCreated.map { first in
            "\(Day(unix: first).iso) to \(Day(unix: s.lastCreated ?? first).iso) (UTC)"
        } ?? "no jobs yet"
        out.append("jobs     \(s.jobs), created \(span)")
        for (status, jobs) in s.byStatus {
            out.append("  \(pad(status, 12)) \(jobs)")
        }
        if !s.byProvider.isEmpty {
            out.append("by provider and account")
            for (provider, account, jobs) in s.byProvider {
                out.append("  \(pad(provider + " / " + (account ?? "-"), 30)) \(jobs)")
            }
        }
        if !s.sources.isEmpty {
            out.append("sources  (last read, lines read, jobs seen)")
            for source in s.sources {
                let when = source.lastReadAt.map(Timestamp.iso) ?? "never"
                out.append("  \(source.name)")
                out.append("      \(when)  \(source.lines) lines  \(source.jobs) jobs\(source.format.map { "  [\($0)]" } ?? "")")
            }
        }
        if !s.recentRuns.isEmpty {
            out.append("recent runs")
            for run in s.recentRuns {
                out.append("  #\(run.id) \(Timestamp.iso(run.startedAt)) \(run.command) \(run.status): \(run.counts.summary)")
            }
        }
        out.append("rejects  \(s.rejects) line\(s.rejects == 1 ? "" : "s") kept for audit\(s.rejects > 0 ? " (soracost rejects)" : "")")
        out.append("conflicts \(s.conflicts)")
        return out.joined(separator: "\n")
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
