import Foundation
@testable import SoraCostKit
import Testing

/// How `reconcile` fails, end to end with the built binary against a Costs API on 127.0.0.1
/// (fake admin key): the message, its hints (only `reconcile`'s own options), the exit status.
@Suite struct ReconcileCommandTests {
    static let key = "sk-admin-fake-5678"
    let scratch: Scratch

    init() throws {
        scratch = try Scratch()
    }

    func reconcile(_ server: LoopbackServer?, _ extra: [String] = [],
                   environment: [String: String] = ["OPENAI_ADMIN_KEY": key]) throws -> Soracost.Result {
        try Soracost.run(["reconcile", "--db", scratch.file("ledger.sqlite"), "--month", "2026-09", "--retries", "0"]
                         + (server.map { ["--base-url", $0.baseURL + "/v1"] } ?? []) + extra, environment: environment)
    }

    /// Options `reconcile` does not have, which its messages must never suggest.
    static let foreign = ["--api-key-env", "--api-key-file", "--auth-header", "--project"]

    @Test func noAdminKeyIsAConfigurationErrorNamingTheVariableOnly() throws {
        let run = try reconcile(nil, environment: ["OPENAI_ADMIN_KEY": ""])
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr == "soracost: no API key: the environment variable OPENAI_ADMIN_KEY is empty\n")
        #expect(run.stdout.isEmpty)
    }

    @Test func a401NamesOnlyReconcilesOptionsAndTheAdminKey() throws {
        let server = try LoopbackServer(script: [.json("{\"error\":{\"message\":\"Missing scopes\"}}", status: 401)])
        defer { server.stop() }
        let run = try reconcile(server)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("the Costs API takes an organization admin key"), "\(run.stderr)")
        #expect(run.stderr.hasSuffix("Not retried. (options: --organization)\n"), "\(run.stderr)")
        for option in Self.foreign { #expect(!run.stderr.contains(option), "\(run.stderr)") }
        #expect(!run.stderr.contains("video") && !run.stderr.contains(Self.key))
    }

    @Test func a404SaysTheCostsEndpointIsNotServedAtTheBaseURL() throws {
        let server = try LoopbackServer(script: [.json("{\"error\":{\"message\":\"Not found\"}}", status: 404)])
        defer { server.stop() }
        let run = try reconcile(server)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("No organization costs endpoint is served there"), "\(run.stderr)")
        #expect(run.stderr.hasSuffix("(options: --base-url)\n"), "\(run.stderr)")
        #expect(!run.stderr.contains("Videos API") && !run.stderr.contains("--auth-header"))
    }

    @Test func pagesThatLoopEndTheRunWithExit2() throws {
        let server = try LoopbackServer { request in
            let next = request.query?["page"] == "A" ? "B" : "A"
            return .json("{\"object\":\"page\",\"data\":[],\"has_more\":true,\"next_page\":\"\(next)\"}")
        }
        defer { server.stop() }
        let run = try reconcile(server)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("the next cursor A was already visited in this walk: the pages loop"), "\(run.stderr)")
        #expect(server.requests.count == 3)
    }

    @Test func aPlainHTTPBaseURLIsTheSameUsageErrorForSyncAndReconcile() throws {
        // `.invalid` never resolves, and the URL is refused before anything is sent.
        let url = "http://soracost-test.invalid/v1"
        let sync = try Soracost.run(["sync", "--db", scratch.file("ledger.sqlite"), "--base-url", url],
                                    environment: ["OPENAI_API_KEY": "sk-fake-0000"])
        let reconcile = try reconcile(nil, ["--base-url", url])
        #expect(sync.status == 64 && reconcile.status == 64, "\(sync.stderr)\(reconcile.stderr)")
        let message = "soracost: invalid API configuration: base URL \(url) uses plain http, which would send the key "
            + "in clear text; use https:// (plain http is accepted only for this machine: 127.0.0.1, localhost or [::1]) "
            + "(options: --base-url)\n"
        #expect(sync.stderr == message && reconcile.stderr == message)
    }
}
