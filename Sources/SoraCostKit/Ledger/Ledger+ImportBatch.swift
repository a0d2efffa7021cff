import Foundation

/// The open write transaction of a long import, which its writer commits in steps.
///
/// Each step's commit carries the checkpoint of the rows it wrote, so a kill between commits
/// loses only work the next run redoes. Only `Ledger.writeInBatches` makes one, and it is valid
/// only inside that call.
public struct ImportBatch {
    let database: Database
    let pending: PendingWrites
    let turns = LockTurns()

    /// Commits everything written so far and opens the next transaction.
    ///
    /// Between the two, once a second (`LockTurns`), the lock is left free for 10 ms, so a
    /// writer waiting for it (a cron `budget check` recording a crossing, a second import) gets
    /// its turn instead of waiting for the whole import; its busy handler asks every 2 ms. The
    /// next one is `BEGIN IMMEDIATE` too: it takes the write lock up front rather than failing
    /// with SQLITE_BUSY on its first write (https://www.sqlite.org/lang_transaction.html).
    public func commitAndContinue() throws {
        try pending.flush()
        try database.execute("COMMIT")
        turns.offerIfDue()
        #if DEBUG
        TestKillSwitch.committed()
        #endif
        try database.execute("BEGIN IMMEDIATE")
    }
}

/// When a long import leaves the write lock free for other writers: for 10 ms, at most once a
/// second. At every commit (20 per million jobs, several a second) the pauses added up to 0.2 s
/// of a 4–5 s import in which the writer thread, which bounds it, did nothing; once a second, a
/// waiting writer still has its turn within about a second.
final class LockTurns {
    private let interval: Duration
    private let pause: () -> Void
    private var last = ContinuousClock.now

    init(interval: Duration = .seconds(1), pause: @escaping () -> Void = { usleep(10_000) }) {
        self.interval = interval
        self.pause = pause
    }

    /// Leaves the lock free (the caller holds no transaction) if the last turn was long enough ago.
    func offerIfDue() {
        guard ContinuousClock.now - last >= interval else { return }
        pause()
        last = ContinuousClock.now
    }
}

@available(*, unavailable)
extension ImportBatch: Sendable {}

extension Ledger {
    /// Runs `body` in a write transaction that `body` may commit part-way with
    /// `batch.commitAndContinue()`; what is open when `body` returns is committed, and what is
    /// open when it throws is rolled back (earlier steps stay stored).
    public func writeInBatches<T>(_ body: (ImportBatch) throws -> T) throws -> T {
        try withPendingWrites {
            try database.transaction {
                let result = try body(ImportBatch(database: database, pending: pending))
                try pending.flush()
                return result
            }
        }
    }

    /// A writer of observations into this ledger, its statements prepared once for a whole run.
    public func makeJobWriter() throws -> JobWriter {
        try JobWriter(database: database, pending: pending)
    }
}
