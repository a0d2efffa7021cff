@testable import SoraCostKit

extension Database {
    /// Makes this empty database a ledger as soracost wrote it at schema `version` (the shipped
    /// steps up to it, run as they were, their conversions on empty tables), with source 1, and
    /// returns an insert of a job of that source: `(id, video_id)`, everything else fixed. Run it
    /// inside a transaction.
    func legacyLedger(version: Int) throws -> Statement {
        for step in Migrations.steps where step.version <= version {
            try execute(step.sql)
            try step.convert?(self)
        }
        try execute("PRAGMA user_version = \(version)")
        try execute("INSERT INTO sources (id, kind, name) VALUES (1, 'file', '/logs/app.jsonl')")
        return try prepare("""
            INSERT INTO jobs (id, provider, video_id, model, status, seconds, width, height, created_at,
                first_seen, last_seen, first_source, last_source)
            VALUES (?, 'openai', ?, 'sora-2', 'completed', 8, 1280, 720, 1760000000, 1, 1, 1, 1)
            """)
    }
}
