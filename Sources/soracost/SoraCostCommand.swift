import ArgumentParser
import SoraCostKit

@main
struct SoraCostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soracost",
        abstract: "Know exactly what your AI video generation costs.",
        discussion: """
            Collect Sora 2 job records from logs and compatible Videos API endpoints into one \
            SQLite ledger, price them with dated rate cards, and report, forecast and alert on spend.
            """,
        version: SoraCostVersion.current,
        subcommands: [
            Import.self,
            Sync.self,
            Status.self,
            Rejects.self,
            Rates.self,
            Explain.self,
            Report.self,
            Forecast.self,
            Budget.self,
            Estimate.self,
            Export.self,
            Reconcile.self,
        ]
    )
}
