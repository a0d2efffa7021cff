extension Ledger {
    /// When the newest import or sync run that finished (completed, with or without errors)
    /// ended, Unix seconds; nil when none has. A run that failed or is still running says
    /// nothing about how fresh the ledger is.
    public func newestCompletedRun() throws -> Int64? {
        try database.scalarInt("""
            SELECT MAX(COALESCE(finished_at, started_at)) FROM imports
            WHERE status = 'completed' OR status LIKE 'completed %'
            """)
    }
}
