/// The ledger tables of `budget check` (schema version 3): which crossings were announced, and
/// the notifications waiting for delivery.
extension Ledger {
    /// Records that `threshold` of `budget` was reached in `period`; true when this is the first
    /// time (the crossing is new and must be announced), false when it was announced before.
    ///
    /// Keyed on budget name, period label, percent and basis, so each crossing is announced once
    /// per period and a new period re-arms every threshold. Call inside a transaction together
    /// with the outbox insert, so an announcement and its notification are stored together.
    func recordCrossing(budget: String, period: String, threshold: BudgetThreshold, asOf: Day, now: Int64,
                        spend: Money, amount: Money, currency: String) throws -> Bool {
        let statement = try database.prepare("""
            INSERT OR IGNORE INTO budget_alerts (budget, period, percent, basis, as_of, announced_at, spend, amount, currency)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.run([
            .text(budget), .text(period), .int(Int64(threshold.percent)), .text(threshold.basis.rawValue),
            .text(asOf.iso), .int(now), .text(spend.decimalString), .text(amount.decimalString), .text(currency),
        ])
        return database.changes == 1
    }

    /// Queues `payload` (a compact JSON text) for the webhook whose URL hashes to `targetHash`.
    func enqueueNotification(targetHash: String, payload: String, now: Int64) throws {
        try database.prepare("INSERT INTO notification_outbox (target_hash, payload, created_at) VALUES (?, ?, ?)")
            .run([.text(targetHash), .text(payload), .int(now)])
    }

    /// Undelivered notifications for one webhook, oldest first.
    func pendingNotifications(targetHash: String) throws -> [(id: Int64, payload: String)] {
        try database.prepare("""
            SELECT id, payload FROM notification_outbox
            WHERE target_hash = ? AND delivered_at IS NULL ORDER BY id
            """).rows([.text(targetHash)]) { ($0.int64(0), $0.text(1) ?? "") }
    }

    /// Takes the right to deliver notification `id` until `now + seconds`; false when it is
    /// delivered already or another run holds it.
    ///
    /// Two overlapping cron runs must not both post the same message: the claim is a single
    /// conditional UPDATE (atomic on its own in autocommit), so exactly one of them wins. A run killed mid-delivery leaves a lease
    /// that expires, and the message is tried again by a later run.
    func claimNotification(id: Int64, now: Int64, seconds: Int64) throws -> Bool {
        try database.prepare("""
            UPDATE notification_outbox SET lease_until = ?
            WHERE id = ? AND delivered_at IS NULL AND (lease_until IS NULL OR lease_until <= ?)
            """).run([.int(now + seconds), .int(id), .int(now)])
        return database.changes == 1
    }

    /// Marks notification `id` delivered; it is never sent again.
    func markNotificationDelivered(id: Int64, now: Int64) throws {
        try database.prepare("""
            UPDATE notification_outbox SET delivered_at = ?, attempts = attempts + 1, last_attempt_at = ?,
                last_error = NULL, lease_until = NULL WHERE id = ?
            """).run([.int(now), .int(now), .int(id)])
    }

    /// Records a failed delivery of `id` (with a message that holds no secret) and releases it
    /// for the next run.
    func markNotificationFailed(id: Int64, now: Int64, error: String) throws {
        try database.prepare("""
            UPDATE notification_outbox SET attempts = attempts + 1, last_attempt_at = ?, last_error = ?,
                lease_until = NULL WHERE id = ?
            """).run([.int(now), .text(error), .int(id)])
    }

    /// Notifications not yet delivered, for every webhook or one.
    public func pendingNotificationCount(targetHash: String? = nil) throws -> Int {
        let sql = "SELECT COUNT(*) FROM notification_outbox WHERE delivered_at IS NULL"
            + (targetHash == nil ? "" : " AND target_hash = ?")
        return Int(try database.scalarInt(sql, targetHash.map { [.text($0)] } ?? []) ?? 0)
    }

    /// The crossings announced for `budget` in `period`, as `80% actual`, in announcement order.
    public func announcedThresholds(budget: String, period: String) throws -> [BudgetThreshold] {
        try database.prepare("""
            SELECT percent, basis FROM budget_alerts WHERE budget = ? AND period = ? ORDER BY announced_at, percent, basis
            """).rows([.text(budget), .text(period)]) {
                BudgetThreshold(percent: $0.int(0), basis: BudgetThreshold.Basis(rawValue: $0.text(1) ?? "") ?? .actual)
            }
    }
}
