import Foundation
import SoraCostKit
import Testing

/// `budget check --notify` prints and records a crossing before it tries the webhook, so a
/// webhook that never answers (and a run killed while waiting on it) cannot lose the alert.
@Suite struct BudgetDeliveryOrderTests {
    let fixture: MarketingBudgetLedger
    var scratch: Scratch { fixture.scratch }
    var db: String { fixture.db }
    var budgets: String { fixture.budgets }
    var warning: String { fixture.warning }


    init() throws { fixture = try MarketingBudgetLedger() }

    /// Polls `condition` (a guard against a hang, not a timing assertion: 120 s at most).
    func wait(_ condition: () -> Bool) -> Bool {
        for _ in 0..<2400 {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return condition()
    }

    @Test func theCrossingIsPrintedAndKeptBeforeAWebhookThatNeverAnswers() throws {
        // The first POST is accepted and never answered; later ones get 200.
        let server = try LoopbackServer { request in
            LoopbackServer.Response(status: 200, body: "ok", delay: request.index == 0 ? 3600 : 0)
        }
        defer { server.stop() }
        let url = "\(server.baseURL)/hooks/T000/SECRET123"
        let (child, out, err) = try Soracost.start(["budget", "check", "--db", db, "--budgets", budgets,
                                                    "--as-of", "2026-07-20", "--notify", url, "--notify-retries", "0"])
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        // Once the webhook holds the POST, the child is delivering: the line must be out already.
        let posted = wait { !server.requests.isEmpty || !child.isRunning }
        let printed = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        #expect(posted && child.isRunning, "\((try? String(contentsOf: err, encoding: .utf8)) ?? "")")
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal)
        #expect(printed == warning + "\n")
        #expect(server.requests.count == 1 && server.requests[0].bodyText.contains("80% of budget reached"))

        // Recorded: a later run does not announce it again; its notification waits in the outbox.
        let again = try Soracost.run(["budget", "check", "--db", db, "--budgets", budgets, "--as-of", "2026-07-20"])
        #expect(again.status == 1 && again.stdout.isEmpty, "\(again.stderr)")
        let ledger = try Ledger(path: db, create: false)
        #expect(try ledger.pendingNotificationCount() == 1)

        // A later run, once the killed run's lease on the message has lapsed, delivers it once.
        let notifier = WebhookNotifier(url: url, client: try HTTPClient())
        let later = Int64(Date().timeIntervalSince1970) + notifier.leaseSeconds + 1
        let delivery = try notifier.deliverPending(ledger: ledger, now: later)
        #expect(delivery.delivered == 1 && delivery.pending == 0 && delivery.failure == nil)
        #expect(try notifier.deliverPending(ledger: ledger, now: later + 1).delivered == 0)
        let last = try Soracost.run(["budget", "check", "--db", db, "--budgets", budgets, "--as-of", "2026-07-20",
                                     "--notify", url])
        #expect(last.status == 1 && last.stdout.isEmpty && last.stderr.isEmpty, "\(last.stderr)")
        #expect(server.requests.count == 2)
        #expect(server.requests[1].bodyText == server.requests[0].bodyText)
        #expect(try ledger.pendingNotificationCount() == 0)
    }
}
