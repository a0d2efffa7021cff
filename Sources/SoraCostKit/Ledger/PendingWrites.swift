/// What a write transaction holds in memory until its commit: the raw-record store's open block
/// and the usage rollup's changes. Written just before each commit (`Ledger.transaction`,
/// `Ledger.writeInBatches`, `ImportBatch.commitAndContinue`), forgotten when it rolls back.
final class PendingWrites {
    let rawStore: RawStore
    let usageHours: UsageHours

    init(database: Database) {
        rawStore = RawStore(database: database)
        usageHours = UsageHours(database: database)
    }

    /// Writes both, inside the transaction about to commit.
    func flush() throws {
        try rawStore.flush()
        try usageHours.flush()
    }

    /// Forgets both: their transaction rolled back.
    func discard() {
        rawStore.discard()
        usageHours.discard()
    }
}
