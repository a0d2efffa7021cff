import Foundation
import Testing
@testable import SoraCostKit

/// Webhook delivery against a real HTTP server on 127.0.0.1, through the ledger's outbox.
@Suite struct WebhookNotifierTests {
    let spend: SpendLedger
    let pricer = Pricer(card: EffectiveCard())
    /// 80% and 100% of $20 at $0.80 a day: crossed on the 20th and the 25th.
    let budget = Budget(name: "marketing", period: .month, amount: Money(decimal: "20.00")!,
                        scope: BudgetScope(project: "marketing"),
                        thresholds: [BudgetThreshold(percent: 80), BudgetThreshold(percent: 100)])

    init() throws {
        spend = try SpendLedger()
        try spend.addDaily(.on("2026-06-01")...(.on("2026-08-31")))
    }

    /// A notifier whose retries do not sleep.
    func notifier(_ url: String, retries: Int = 2) throws -> WebhookNotifier {
        WebhookNotifier(url: url, client: try HTTPClient(configuration: .init(connectTimeout: 2, totalTimeout: 5)),
                        retry: RetryPolicy(maxRetries: retries, sleep: { _ in }))
    }

    func run(_ day: String, _ notifier: WebhookNotifier, now: Int64 = 1_000) throws -> BudgetCheckResult {
        try BudgetCheck(ledger: spend.ledger, evaluator: BudgetEvaluator(ledger: spend.ledger, pricer: pricer))
            .run(budgets: [budget], asOf: .on(day), now: now, notifier: notifier)
    }

    @Test func newCrossingsArePostedOnceAsSlackCompatibleJSON() throws {
        let server = try LoopbackServer { _ in .json(#"ok"#) }
        defer { server.stop() }
        let hook = try notifier(server.baseURL + "/hooks/T000/SECRET123")

        let first = try run("2026-07-25", hook)
        #expect(first.newCrossings.count == 2)
        #expect(first.delivery == DeliveryReport(delivered: 2, pending: 0))
        let second = try run("2026-07-26", hook)
        #expect(second.newCrossings.isEmpty && second.delivery?.delivered == 0)

        let requests = server.requests
        #expect(requests.count == 2)
        #expect(requests.allSatisfy { $0.method == "POST" && $0.target == "/hooks/T000/SECRET123" })
        #expect(requests[0].header("content-type") == "application/json")
        let body = try JSONValue.parse(requests[0].bodyText)
        #expect(body["text"]?.stringValue?.hasPrefix("WARNING marketing 2026-07: 80% of budget reached (actual)") == true)
        #expect(body["threshold"] == .number("80") && body["basis"] == .string("actual"))
        #expect(body["spend"] == .string("20.00") && body["amount"] == .string("20.00"))
        #expect(try JSONValue.parse(requests[1].bodyText)["threshold"] == .number("100"))
        #expect(!(try spend.budgetTablesText()).contains("SECRET123"))
    }

    /// The pass limit bounds the whole pass, retries and messages together: on a clock where
    /// each attempt takes 10 s, a 25 s limit allows three attempts of the five retries, and the
    /// second message is not tried at all.
    @Test func thePassLimitStopsRetriesAndFurtherMessages() throws {
        let server = try LoopbackServer { _ in .json(#"{"error":"down"}"#, status: 500) }
        defer { server.stop() }
        let hook = try notifier(server.baseURL + "/hooks/T000/SECRET123", retries: 5)
        hook.passLimit = 25
        hook.clock = { Double(server.requests.count) * 10 }
        let result = try run("2026-07-25", hook)
        #expect(result.newCrossings.count == 2)
        #expect(server.requests.count == 3)
        #expect(result.delivery?.delivered == 0 && result.delivery?.pending == 2)
        #expect(result.delivery?.failure?.contains("the delivery time limit was reached") == true)
        #expect(result.delivery?.failure?.contains("SECRET123") == false)
    }

    @Test func aFailedDeliveryIsKeptAndDeliveredExactlyOnceOnTheNextRun() throws {
        let failing = LockedFlag(true)
        let server = try LoopbackServer { _ in
            failing.value ? .json(#"{"error":"down for maintenance"}"#, status: 500) : .json("ok")
        }
        defer { server.stop() }
        let hook = try notifier(server.baseURL + "/hooks/T000/SECRET123", retries: 2)

        let first = try run("2026-07-20", hook)
        #expect(first.newCrossings.count == 1)
        #expect(first.delivery?.delivered == 0 && first.delivery?.pending == 1)
        let failure = try #require(first.delivery?.failure)
        #expect(failure == "HTTP 500 Internal Server Error from \(server.baseURL)/…redacted")
        #expect(server.requests.count == 3, "one attempt and two retries")
        #expect(try spend.ledger.pendingNotificationCount() == 1)

        failing.value = false
        // The next run has nothing new to announce but delivers what is waiting.
        let second = try run("2026-07-21", hook, now: 2_000)
        #expect(second.newCrossings.isEmpty)
        #expect(second.delivery == DeliveryReport(delivered: 1, pending: 0))
        #expect(server.requests.count == 4)
        let third = try run("2026-07-22", hook, now: 3_000)
        #expect(third.delivery?.delivered == 0)
        #expect(server.requests.count == 4, "a delivered message is never sent again")
        let delivered = try #require(server.requests.last)
        #expect(try JSONValue.parse(delivered.bodyText)["period"] == .string("2026-07"))
        #expect(try spend.ledger.database.scalarInt("SELECT attempts FROM notification_outbox") == 2)
        #expect(!(try spend.budgetTablesText()).contains("SECRET123"))
    }

    @Test func anUnreachableWebhookKeepsEverythingQueuedInOrderWithoutLeakingTheURL() throws {
        let stopped = try LoopbackServer { _ in .json("ok") }
        let url = stopped.baseURL + "/hooks/T000/SECRET123?token=SECRET456"
        stopped.stop()
        let hook = try notifier(url, retries: 0)

        let first = try run("2026-07-25", hook)
        #expect(first.newCrossings.count == 2)
        #expect(first.delivery?.pending == 2 && first.delivery?.delivered == 0)
        let failure = try #require(first.delivery?.failure)
        #expect(failure.contains("connection refused"))
        for secret in ["SECRET123", "SECRET456", "T000", "token"] {
            #expect(!failure.contains(secret))
            #expect(!(try spend.budgetTablesText()).contains(secret))
        }
        let errors = try spend.ledger.database.prepare("SELECT last_error FROM notification_outbox ORDER BY id")
            .rows { $0.text(0) }
        #expect(errors.count == 2 && errors[0] != nil && errors[1] == nil, "the first failure stops the pass")

        // Messages wait for the webhook they were queued for: another URL does not receive them.
        let other = try LoopbackServer { _ in .json("ok") }
        defer { other.stop() }
        let elsewhere = try run("2026-07-26", try notifier(other.baseURL + "/hooks/T999/OTHER"))
        #expect(elsewhere.delivery == DeliveryReport(delivered: 0, pending: 0))
        #expect(other.requests.isEmpty)
        #expect(try spend.ledger.pendingNotificationCount() == 2)
    }

    @Test func aMessageHeldByAnotherRunIsLeftToIt() throws {
        let server = try LoopbackServer { _ in .json("ok") }
        defer { server.stop() }
        let hook = try notifier(server.baseURL + "/hooks/T000/SECRET123")
        try spend.ledger.enqueueNotification(targetHash: hook.targetHash, payload: #"{"text":"held"}"#, now: 0)
        #expect(try spend.ledger.claimNotification(id: 1, now: 100, seconds: 900))
        let report = try hook.deliverPending(ledger: spend.ledger, now: 200)
        #expect(report == DeliveryReport(delivered: 0, pending: 1, heldByAnotherRun: 1))
        #expect(server.requests.isEmpty)
        // Once the lease has run out (the other run died), the message is delivered.
        #expect(try hook.deliverPending(ledger: spend.ledger, now: 1_000).delivered == 1)
        #expect(server.requests.count == 1)
    }

    /// A message's lease runs from when it is claimed, not from when the run began: a pass that
    /// takes long (each step here 50 s on the notifier's clock) claims its later messages at
    /// their own time, so another run cannot find their lease spent and send them again.
    @Test func aMessageIsClaimedAtItsOwnTime() throws {
        let server = try LoopbackServer { _ in .json("ok") }
        defer { server.stop() }
        let hook = try notifier(server.baseURL + "/hooks/T000/SECRET123")
        let ticks = Ticks()
        hook.clock = { ticks.next() }
        for text in ["one", "two"] {
            try spend.ledger.enqueueNotification(targetHash: hook.targetHash, payload: #"{"text":"\#(text)"}"#, now: 0)
        }
        #expect(try hook.deliverPending(ledger: spend.ledger, now: 1_000).delivered == 2)
        let delivered = try (1...2).map { id in
            try spend.ledger.database.scalarInt("SELECT delivered_at FROM notification_outbox WHERE id = \(id)")
        }
        #expect(delivered == [1_050, 1_100])
    }

    /// A claim that waits for the write lock (another run writing) takes its time after the
    /// wait: its lease is not spent before it is written.
    @Test func aClaimThatWaitedForTheLockStartsItsLeaseAfterTheWait() throws {
        let server = try LoopbackServer { _ in .json("ok") }
        defer { server.stop() }
        let hook = try notifier(server.baseURL + "/hooks/T000/SECRET123")
        try spend.ledger.enqueueNotification(targetHash: hook.targetHash, payload: #"{"text":"late"}"#, now: 0)
        let other = try Database(path: spend.ledger.database.path)
        try other.execute("BEGIN IMMEDIATE")
        let released = DispatchSemaphore(value: 0)
        let holder = UncheckedBox(other)
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 1.5)
            try? holder.value.execute("COMMIT")
            released.signal()
        }
        #expect(try hook.deliverPending(ledger: spend.ledger, now: 1_000).delivered == 1)
        released.wait()
        let delivered = try #require(try spend.ledger.database.scalarInt("SELECT delivered_at FROM notification_outbox WHERE id = 1"))
        #expect(delivered >= 1_001, "claimed at \(delivered)")
    }

    @Test func onlyHTTPURLsWithAHostAreWebhooks() {
        #expect(WebhookNotifier.isValidURL("https://hooks.slack.com/services/T0/B0/X"))
        #expect(WebhookNotifier.isValidURL("http://127.0.0.1:8080/hook"))
        #expect(!WebhookNotifier.isValidURL("hooks.slack.com/services/T0"))
        #expect(!WebhookNotifier.isValidURL("ftp://example.com/x"))
        #expect(!WebhookNotifier.isValidURL("https:///path"))
    }
}

extension DeliveryReport {
    init(delivered: Int, pending: Int, heldByAnotherRun: Int = 0) {
        self.init()
        self.delivered = delivered
        self.pending = pending
        self.heldByAnotherRun = heldByAnotherRun
    }
}

/// A Bool shared with a server handler thread.
final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Bool

    init(_ value: Bool) { stored = value }

    var value: Bool {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// A clock that moves 50 s at every reading.
private final class Ticks: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0.0

    func next() -> Double {
        lock.withLock {
            defer { count += 50 }
            return count
        }
    }
}
