/// The ledger tables of `budget check` (schema version 3): which crossings were announced, and
/// the notifications waiting for delivery.
extension Ledger {
    /// A budget threshold as the ledger stores it: whole percent and basis name.
    struct AlertThreshold: Hashable, Sendable {
        var percent: Int
        var basis: String
    }

    /// Records that `threshold` of `budget` was reached in `period`; true when this is the first
    /// time (the crossing is new and must be announced), false when it was announced before.
    ///
    /// Keyed on budget name, period label, percent and basis, so each crossing is announced once
    /// per period and a new period re-arms every threshold. Call inside a transaction together
    /// with the outbox insert, so an announcement and its notification are stored together.
    /// `spend` and `amount` are decimal texts (`Money.decimalString`).
    func recordAlert(budget: String, period: String, threshold: AlertThreshold, asOf: String, now: Int64,
                     spend: String, amount: String, currency: String) throws -> Bool {
        try database.run("""
            INSERT OR IGNORE INTO budget_alerts (budget, period, percent, basis, as_of, announced_at, spend, amount, currency)
            VALUES (\(budget), \(period), \(threshold.percent), \(threshold.basis), \(asOf), \(now), \(spend), \(amount), \(currency))
            """)
        return database.changes == 1
    }

    /// The crossings announced for `budget` in `period`, in announcement order.
    func announcedAlerts(budget: String, period: String) throws -> [AlertThreshold] {
        try database.rows("""
            SELECT percent, basis FROM budget_alerts WHERE budget = \(budget) AND period = \(period)
            ORDER BY announced_at, percent, basis
            """) { AlertThreshold(percent: NamedRow($0).int("percent"), basis: NamedRow($0).text("basis") ?? "") }
    }

    /// Queues `payload` (a compact JSON text) for the webhook whose URL hashes to `targetHash`.
    func enqueueNotification(targetHash: String, payload: String, now: Int64) throws {
        try database.run("""
            INSERT INTO notification_outbox (target_hash, payload, created_at) VALUES (\(targetHash), \(payload), \(now))
            """)
    }

    /// Undelivered notifications for one webhook, oldest first.
    func pendingNotifications(targetHash: String) throws -> [(id: Int64, payload: String)] {
        try database.rows("""
            SELECT id, payload FROM notification_outbox
            WHERE target_hash = \(targetHash) AND delivered_at IS NULL ORDER BY id
            """) { (NamedRow($0).int64("id"), NamedRow($0).text("payload") ?? "") }
    }

    /// Takes the right to deliver notification `id` until `now + seconds`; false when it is
    /// delivered already or another run holds it.
    ///
    /// Two overlapping cron runs must not both post the same message: the claim is a single
    /// conditional UPDATE (atomic on its own in autocommit), so exactly one of them wins. A run
    /// killed mid-delivery leaves a lease that expires, and the message is tried again later.
    func claimNotification(id: Int64, now: Int64, seconds: Int64) throws -> Bool {
        try database.run("""
            UPDATE notification_outbox SET lease_until = \(now + seconds)
            WHERE id = \(id) AND delivered_at IS NULL AND (lease_until IS NULL OR lease_until <= \(now))
            """)
        return database.changes == 1
    }

    /// Marks notification `id` delivered; it is never sent again.
    func markNotificationDelivered(id: Int64, now: Int64) throws {
        try database.run("""
            UPDATE notification_outbox SET delivered_at = \(now), attempts = attempts + 1, last_attempt_at = \(now),
                last_error = NULL, lease_until = NULL WHERE id = \(id)
            """)
    }

    /// Records a failed delivery of `id` (with a message that holds no secret) and releases it
    /// for the next run.
    func markNotificationFailed(id: Int64, now: Int64, error: String) throws {
        try database.run("""
            UPDATE notification_outbox SET attempts = attempts + 1, last_attempt_at = \(now), last_error = \(error),
                lease_until = NULL WHERE id = \(id)
            """)
    }

    /// Notifications not yet delivered, for every webhook or one.
    public func pendingNotificationCount(targetHash: String? = nil) throws -> Int {
        var sql: SQL = "SELECT COUNT(*) FROM notification_outbox WHERE delivered_at IS NULL"
        if let targetHash { sql += " AND target_hash = \(targetHash)" }
        return Int(try database.scalarInt(sql) ?? 0)
    }
}
