import ArgumentParser
import Foundation
import SoraCostKit

/// `--timeout` and `--retries` of the commands that call an HTTP API, and the environment
/// defaults those commands share.
struct APIRequestOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Seconds allowed for each request.", valueName: "seconds"))
    var timeout: Double = 60

    @Option(help: ArgumentHelp("Retries of a failed request (rate limits, 5xx, network).", valueName: "n"))
    var retries: Int = 5

    /// The range checks; the command's `validate()` calls it where its own checks want it, so
    /// the first error a command reports stays the same.
    func check() throws {
        if !(timeout > 0 && timeout <= 3600) { throw ValidationError("--timeout must be between 0 and 3600 seconds") }
        if !(0...20).contains(retries) { throw ValidationError("--retries must be between 0 and 20") }
    }

    /// `--base-url`, else a non-empty `$OPENAI_BASE_URL`, else the OpenAI API root.
    static func baseURL(_ explicit: String?, environment: [String: String]) -> String {
        explicit ?? environment.nonEmpty("OPENAI_BASE_URL") ?? VideosAPIClient.Configuration.defaultBaseURL
    }
}

extension [String: String] {
    /// The environment variable `name`, or nil when it is unset or empty.
    func nonEmpty(_ name: String) -> String? {
        self[name].flatMap { $0.isEmpty ? nil : $0 }
    }
}
