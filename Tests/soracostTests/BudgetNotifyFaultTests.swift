import Foundation
@testable import SoraCostKit
import Testing

/// `budget check` with the webhook URL kept off the command line, and webhooks that fail:
/// refused, cut mid-body, redirecting elsewhere. Each run ends (bounded), says why in plain words
/// without the URL's secret, prints and records the crossing, and keeps the notification queued.
@Suite struct BudgetNotifyFaultTests {
    let fixture: MarketingBudgetLedger
    var scratch: Scratch { fixture.scratch }
    var db: String { fixture.db }
    var budgets: String { fixture.budgets }
    var warning: String { fixture.warning }
    static let token = "T000FAKE/B000FAKE/XOXBSECRETTOKEN42"

    init() throws { fixture = try MarketingBudgetLedger() }

    func check(_ extra: [String] = [], environment: [String: String] = [:]) throws -> Soracost.Result {
        try Soracost.run(["budget", "check", "--db", db, "--budgets", budgets, "--as-of", "2026-07-20",
                          "--notify-retries", "0"] + extra, environment: environment)
    }

    /// Every byte of the ledger and its -wal/-shm, as text (lossy is fine for a search).
    func ledgerBytes() -> String {
        ["", "-wal", "-shm"].map { suffix in
            (FileManager.default.contents(atPath: db + suffix)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }.joined()
    }

    func pending() throws -> Int { try Ledger(path: db, create: false).pendingNotificationCount() }

    /// The crossing was printed, recorded (a second run announces nothing) and is still queued.
    func expectPrintedRecordedAndQueued(_ result: Soracost.Result) throws {
        #expect(result.status == 1)
        #expect(result.stdout == warning + "\n")
        #expect(result.stderr.contains("webhook delivery failed: "), "\(result.stderr)")
        #expect(result.stderr.contains("1 notification kept in the outbox for the next run"), "\(result.stderr)")
        #expect(!result.stderr.contains("XOXBSECRETTOKEN42") && !result.stdout.contains("XOXBSECRETTOKEN42"))
        #expect(try pending() == 1)
        let again = try Soracost.run(["budget", "check", "--db", db, "--budgets", budgets, "--as-of", "2026-07-20"])
        #expect(again.status == 1 && again.stdout.isEmpty, "\(again.stderr)")
        #expect(!ledgerBytes().contains("XOXBSECRETTOKEN42"))
    }

    @Test func aURLFromTheEnvironmentIsDeliveredAndItsTokenIsNowhereElse() throws {
        let server = try LoopbackServer { _ in LoopbackServer.Response(status: 200, body: "ok") }
        defer { server.stop() }
        let url = "\(server.baseURL)/services/\(Self.token)"
        let result = try check(environment: ["SORACOST_NOTIFY_URL": url])
        #expect(result.status == 1 && result.stdout == warning + "\n" && result.stderr.isEmpty, "\(result.stderr)")
        #expect(server.requests.count == 1 && server.requests[0].target == "/services/\(Self.token)")
        #expect(server.requests[0].bodyText.contains("80% of budget reached"))
        #expect(try pending() == 0)
        let json = try check(["--format", "json"], environment: ["SORACOST_NOTIFY_URL": url])
        for text in [result.stdout, result.stderr, json.stdout, json.stderr, ledgerBytes()] {
            #expect(!text.contains("XOXBSECRETTOKEN42") && !text.contains(url))
        }
        // The ledger knows the webhook by the SHA-256 of its URL only.
        let hash = try Database(path: db, readOnly: true).scalarText("SELECT DISTINCT target_hash FROM notification_outbox")
        #expect(hash == SHA256.hex(url))
    }

    @Test func aURLFromAFileIsDeliveredAndTheFileIsCheckedFirst() throws {
        let server = try LoopbackServer { _ in LoopbackServer.Response(status: 200, body: "ok") }
        defer { server.stop() }
        let url = "\(server.baseURL)/services/\(Self.token)"
        let file = try scratch.write("webhook.url", "\n  \(url)  \n")
        let result = try check(["--notify-file", file])
        #expect(result.status == 1 && result.stdout == warning + "\n" && result.stderr.isEmpty, "\(result.stderr)")
        #expect(server.requests.count == 1 && server.requests[0].target == "/services/\(Self.token)")
        #expect(!ledgerBytes().contains("XOXBSECRETTOKEN42"))

        let missing = try check(["--notify-file", scratch.file("nope.url")])
        #expect(missing.status == 3 && missing.stderr.contains("nope.url: cannot read the webhook URL file (no such file)"))
        let notHTTP = try check(["--notify-file", try scratch.write("bad.url", "ftp://x/\(Self.token)\n")])
        #expect(notHTTP.status == 3 && notHTTP.stderr.contains("must be an http:// or https:// URL"))
        #expect(!notHTTP.stderr.contains("XOXBSECRETTOKEN42"))
        let both = try check(["--notify-file", file, "--notify", url])
        #expect(both.status == 64 && both.stderr.contains("either --notify or --notify-file"))
        #expect(!both.stderr.contains("XOXBSECRETTOKEN42"))
    }

    @Test func aRefusedConnectionKeepsTheNotification() throws {
        // A port that was just listening and is now closed: connect() is refused.
        let closed = try LoopbackServer { _ in LoopbackServer.Response() }
        closed.stop()
        let result = try check(environment: ["SORACOST_NOTIFY_URL": "\(closed.baseURL)/services/\(Self.token)"])
        #expect(result.stderr.contains("refused") || result.stderr.contains("connect"), "\(result.stderr)")
        try expectPrintedRecordedAndQueued(result)
    }

    @Test func aResponseCutMidBodyKeepsTheNotification() throws {
        let server = try LoopbackServer { _ in
            LoopbackServer.Response(status: 200, body: String(repeating: "ok", count: 500), truncateAfter: 10)
        }
        defer { server.stop() }
        let result = try check(environment: ["SORACOST_NOTIFY_URL": "\(server.baseURL)/services/\(Self.token)"])
        #expect(server.requests.count == 1)
        try expectPrintedRecordedAndQueued(result)
    }

    @Test func aRedirectToAnotherHostIsNotFollowed() throws {
        let elsewhere = try LoopbackServer { _ in LoopbackServer.Response(status: 200, body: "ok") }
        defer { elsewhere.stop() }
        let server = try LoopbackServer { _ in
            LoopbackServer.Response(status: 302, headers: [(name: "Location", value: "\(elsewhere.baseURL)/collect")])
        }
        defer { server.stop() }
        let result = try check(environment: ["SORACOST_NOTIFY_URL": "\(server.baseURL)/services/\(Self.token)"])
        #expect(server.requests.count == 1)
        #expect(elsewhere.requests.isEmpty)
        #expect(result.stderr.contains("HTTP 302"), "\(result.stderr)")
        #expect(result.stderr.contains("a redirect: not followed"), "\(result.stderr)")
        try expectPrintedRecordedAndQueued(result)
    }
}
