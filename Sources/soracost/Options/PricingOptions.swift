import ArgumentParser
import Foundation
import SoraCostKit

/// How jobs are priced: the user rate card and the billing overrides. Shared by every command
/// that prices (`rates check`, `explain`, `status`, and `report`, `forecast`, `budget`) as
/// `@OptionGroup var pricing: PricingOptions`; then `try pricing.makePricer()`.
///
/// It shares its name with the kit's `SoraCostKit.PricingOptions` (what the pricer reads), the
/// value this group produces as `options`; in this module the bare name is the option group.
struct PricingOptions: ParsableArguments {
    @OptionGroup var card: RateCardOptions

    @Option(name: .long, help: ArgumentHelp(
        "Which UTC day's rates apply to a job: the day it was created or completed.",
        discussion: "Jobs without a completion time fall back to their creation day.",
        valueName: "created|completed"))
    var usageDate: UsageDateArgument = .created

    @Flag(inversion: .prefixedNo, help: ArgumentHelp(
        "Bill failed jobs like completed ones (or never), whatever the rate card says."))
    var billFailed: Bool?

    /// The choices the pricer reads.
    var options: SoraCostKit.PricingOptions {
        SoraCostKit.PricingOptions(usageDate: usageDate.value, billFailedOverride: billFailed)
    }

    /// A pricer for the effective card (built-in plus `--rates` / `$SORACOST_RATES`) and these
    /// options.
    ///
    /// A card that cannot be used is reported on stderr, one `soracost: file: entries[i].field:
    /// message` line per issue, and this throws `ExitCode(2)`: nothing is priced from half a card.
    /// The problem is already printed, so let the error propagate as is; passing it to
    /// `Console.fail` would print it a second time.
    func makePricer(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Pricer {
        Pricer(card: try card.loadOrExit(environment: environment), options: options)
    }
}

/// `--usage-date` values: the short words, plus the column names the docs use.
enum UsageDateArgument: String, ExpressibleByArgument, CaseIterable {
    case created
    case completed

    init?(argument: String) {
        switch argument.lowercased() {
        case "created", "created_at", "created-at": self = .created
        case "completed", "completed_at", "completed-at": self = .completed
        default: return nil
        }
    }

    static var allValueStrings: [String] { allCases.map(\.rawValue) }

    var value: SoraCostKit.PricingOptions.UsageDate {
        switch self {
        case .created: .createdAt
        case .completed: .completedAt
        }
    }
}
