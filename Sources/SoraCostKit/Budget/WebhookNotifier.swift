import Foundation

/// Posts budget notifications to one webhook (Slack incoming webhook or anything that takes a
/// JSON POST) through the ledger's outbox.
///
/// The URL's path and query are the webhook's credential: the URL is held in memory only, every
/// message about it shows `HTTPRedaction.hostOnly` (`https://hooks.slack.com/…redacted`), and
/// the ledger knows the webhook only by the SHA-256 of its URL.
public final class WebhookNotifier {
    /// Hex SHA-256 of the URL: the outbox's name for this webhook.
    public let targetHash: String
    /// `scheme://host:port/…redacted`, safe to print.
    public let displayURL: String
    private let url: String
    private let client: HTTPClient
    public var retry: RetryPolicy
    /// How long a run may hold a message it is delivering before another run may take it, seconds;
    /// longer than the worst case of one delivery with its retries.
    public var leaseSeconds: Int64 = 900
    /// Seconds the whole delivery pass may take, all messages and retries together; nil: no
    /// limit. Past it no attempt starts and no retry wait runs on; the attempt under way ends
    /// within the client's own timeout, so a pass lasts at most this plus one attempt.
    public var passLimit: Double?
    /// A monotonic clock in seconds, for `passLimit`; injectable for tests.
    public var clock: @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }

    public init(url: String, client: HTTPClient, retry: RetryPolicy = RetryPolicy(maxRetries: 3)) {
        self.url = url
        self.client = client
        self.retry = retry
        targetHash = SHA256.hex(url)
        displayURL = HTTPRedaction.hostOnly(url)
    }

    /// A notifier for a URL loaded as a secret (`Secret.fromFile(path:kind:)`, the environment).
    public convenience init(url: Secret, client: HTTPClient, retry: RetryPolicy = RetryPolicy(maxRetries: 3)) {
        self.init(url: url.exposedValue, client: client, retry: retry)
    }

    /// `isValidURL(_:)` of a URL held as a secret.
    public static func isValidURL(_ url: Secret) -> Bool { isValidURL(url.exposedValue) }

    /// Whether `url` can be a webhook: http or https with a host. Says nothing about the URL, so
    /// the caller's message cannot leak it.
    public static func isValidURL(_ url: String) -> Bool {
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return false }
        return !HTTPRedaction.split(url).hostAndPort.isEmpty
    }

    /// Sends one body; nil on a 2xx answer, else why not (no secret in it). No attempt starts
    /// and no retry wait lasts past `deadline` (on `clock`).
    func send(_ body: JSONValue, deadline: Double? = nil) -> String? {
        let clock = self.clock, sleep = retry.sleep, display = displayURL
        var policy = retry
        if let deadline {
            policy.sleep = { seconds in sleep(max(0, min(seconds, deadline - clock()))) }
        }
        do {
            let status = try client.postJSON(url: url, body: body, retry: policy) { () throws(CurlError) in
                if let deadline, clock() >= deadline {
                    // CURLE_ABORTED_BY_CALLBACK: not transient, so the policy stops here.
                    throw CurlError(code: 42, message: "the delivery time limit was reached", context: "POST \(display)")
                }
            }
            if (200..<300).contains(status) { return nil }
            let reason = HTTPResponse.reason(for: status)
            // A redirect is never followed: the URL is a credential and the body goes nowhere else.
            let redirect = (300..<400).contains(status) ? " (a redirect: not followed, the notification goes only to the URL given)" : ""
            return "HTTP \(status)\(reason.isEmpty ? "" : " " + reason) from \(displayURL)\(redirect)"
        } catch {
            return scrubbed(error.description)
        }
    }

    /// `text` without the URL or its path and query, in case a transport message quotes them;
    /// the client already prints only `displayURL`, this is defence in depth.
    func scrubbed(_ text: String) -> String {
        let parts = HTTPRedaction.split(url)
        let secret = parts.path + (parts.query.map { "?" + $0 } ?? "")
        var out = text.replacingOccurrences(of: url, with: displayURL)
        if secret.count >= 4 { out = out.replacingOccurrences(of: secret, with: "/…redacted") }
        return out
    }

    /// Delivers every pending notification of this webhook, oldest first, and stops at the first
    /// failure so the rest keep their order for the next run (a webhook that is down refuses them
    /// all anyway).
    ///
    /// A delivered message is marked at once and never sent again; a failed one stays in the
    /// outbox with its attempt count and error. `now` is the wall clock (Unix seconds) when the
    /// pass starts, used for the bookkeeping and the lease only: each message's lease runs from
    /// when it is claimed (`now` plus the pass's time so far on `clock`), so a slow pass never
    /// claims a message with a lease already spent, which another run would take and send again.
    public func deliverPending(ledger: Ledger, now start: Int64) throws -> DeliveryReport {
        var report = DeliveryReport()
        let started = clock()
        let deadline = passLimit.map { started + $0 }
        for (id, payload) in try ledger.pendingNotifications(targetHash: targetHash) {
            if let deadline, clock() >= deadline {
                report.failure = "the delivery time limit was reached"
                break
            }
            // The write lock first, then the time: a claim that waited for the lock (another run
            // writing) still starts its lease when it is written.
            let (now, claimed) = try ledger.transaction { () throws -> (Int64, Bool) in
                let now = start + Int64(max(0, clock() - started))
                return (now, try ledger.claimNotification(id: id, now: now, seconds: leaseSeconds))
            }
            guard claimed else {
                report.heldByAnotherRun += 1
                continue
            }
            let body: JSONValue
            do {
                body = try JSONValue.parse(payload)
            } catch {
                // Only soracost writes the outbox, so this is a damaged row: keep it for audit
                // but do not let it block the queue.
                try ledger.markNotificationFailed(id: id, now: now, error: "stored payload is not JSON: \(error)")
                report.failure = "notification \(id) in the outbox is damaged (\(error)); it is skipped"
                continue
            }
            if let failure = send(body, deadline: deadline) {
                try ledger.markNotificationFailed(id: id, now: now, error: failure)
                report.failure = failure
                break
            }
            try ledger.markNotificationDelivered(id: id, now: now)
            report.delivered += 1
        }
        report.pending = try ledger.pendingNotificationCount(targetHash: targetHash)
        return report
    }
}

/// What one delivery pass did.
public struct DeliveryReport: Sendable, Equatable {
    /// Messages delivered in this pass.
    public var delivered = 0
    /// Messages for this webhook still in the outbox afterwards.
    public var pending = 0
    /// Messages skipped because another run was delivering them.
    public var heldByAnotherRun = 0
    /// The last failure, safe to print; nil when nothing failed.
    public var failure: String?

    public init() {}
}
