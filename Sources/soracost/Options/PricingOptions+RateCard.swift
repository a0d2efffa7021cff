import ArgumentParser
import Foundation
import SoraCostKit

/// Which user rate card to layer over the built-in one: `--rates FILE`, else `$SORACOST_RATES`.
///
/// Its own group so that commands that only read the card (`rates show`) do not offer the
/// billing options of `PricingOptions`, which includes it.
struct RateCardOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Your rate card (JSON), layered over the built-in OpenAI prices.",
        discussion: "Default: $SORACOST_RATES; with neither, only the built-in card prices.",
        valueName: "file"))
    var rates: String?

    /// The user card's path: `--rates`, else a non-empty `$SORACOST_RATES`, else nil.
    func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        EffectiveCard.resolvePath(explicit: rates, environment: environment)
    }

    /// The built-in card with the user card layered over it; throws every issue of a broken card.
    func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws(RateCardError) -> EffectiveCard {
        try EffectiveCard.load(ratesPath: path(environment: environment), environment: [:])
    }

    /// Like `load`, but a card that cannot be used is reported on stderr, one
    /// `soracost: file: entries[i].field: message` line per issue, and this throws `ExitCode(2)`.
    func loadOrExit(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> EffectiveCard {
        do {
            return try load(environment: environment)
        } catch {
            for issue in error.issues {
                Console.error(issue.description)
            }
            let origin = rates == nil ? " named by $\(EffectiveCard.environmentVariable)" : ""
            Console.error("the rate card\(origin) is not usable; fix the issues above (`soracost rates check` lists them)")
            throw ErrorMapping.status(for: error)
        }
    }
}
