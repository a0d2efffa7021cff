/// Writes observations into the ledger with prepared statements, merging repeat sightings.
///
/// New jobs take one `INSERT … ON CONFLICT DO NOTHING` and no lookup; only a job already stored
/// is read back and merged. Callers wrap calls in a transaction together with their checkpoint.
public final class JobWriter {
    public enum Outcome: Sendable { case new, updated, unchanged }

    let database: Database
    private let insertJob: Statement
    private let insertRaw: Statement
    private let replaceRaw: Statement
    private let insertSource: Statement
    private let selectJob: Statement
    private let updateJob: Statement
    private let touchJob: Statement
    private let insertConflict: Statement
    /// Conflicts recorded by the calls so far (each distinct one once).
    public private(set) var conflictCount = 0

    public init(database: Database) throws {
        self.database = database
        insertJob = try database.prepare("""
            INSERT INTO jobs (provider, video_id, account, model, status, progress, seconds, width, height,
                created_at, completed_at, expires_at, remixed_from, error_code, error_message, project,
                user_name, tags, is_batch, kind, segment_seconds, prompt, first_seen, last_seen,
                first_source, last_source)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
                ?20, ?21, ?22, ?23, ?23, ?24, ?24)
            ON CONFLICT (provider, video_id) DO NOTHING
            """)
        insertRaw = try database.prepare("INSERT INTO job_raw (job_id, raw) VALUES (?, ?)")
        replaceRaw = try database.prepare("INSERT OR REPLACE INTO job_raw (job_id, raw) VALUES (?, ?)")
        insertSource = try database.prepare("INSERT OR IGNORE INTO job_sources (job_id, source_id) VALUES (?, ?)")
        selectJob = try database.prepare("SELECT \(Ledger.jobColumns), prompt, last_source FROM jobs WHERE provider = ? AND video_id = ?")
        updateJob = try database.prepare("""
            UPDATE jobs SET account = ?2, status = ?3, progress = ?4, completed_at = ?5, expires_at = ?6,
                remixed_from = ?7, error_code = ?8, error_message = ?9, project = ?10, user_name = ?11,
                tags = ?12, is_batch = ?13, kind = ?14, segment_seconds = ?15, prompt = ?16,
                last_seen = ?17, last_source = ?18
            WHERE id = ?1
            """)
        touchJob = try database.prepare("UPDATE jobs SET last_seen = ?, last_source = ? WHERE id = ?")
        insertConflict = try database.prepare("""
            INSERT OR IGNORE INTO conflicts (job_id, import_id, field, stored, seen, source, line)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
    }

    /// Records one sighting from `sourceID` at `now` (Unix seconds).
    @discardableResult
    public func record(_ observation: Observation, sourceID: Int64, sourceName: String, line: Int?,
                       importID: Int64?, now: Int64) throws -> Outcome {
        let job = observation.job
        let s = insertJob
        s.reset()
        try s.bind(job.provider, at: 1)
        try s.bind(job.videoID, at: 2)
        try s.bind(job.account, at: 3)
        try s.bind(job.model, at: 4)
        try s.bind(job.status.rawValue, at: 5)
        try s.bind(SQLValue(job.progress), at: 6)
        try s.bind(Int64(job.seconds), at: 7)
        try s.bind(Int64(job.width), at: 8)
        try s.bind(Int64(job.height), at: 9)
        try s.bind(job.createdAt, at: 10)
        try s.bind(SQLValue(job.completedAt), at: 11)
        try s.bind(SQLValue(job.expiresAt), at: 12)
        try s.bind(job.remixedFrom, at: 13)
        try s.bind(job.errorCode, at: 14)
        try s.bind(job.errorMessage, at: 15)
        try s.bind(job.project, at: 16)
        try s.bind(job.user, at: 17)
        try s.bind(observation.tagsText, at: 18)
        try s.bind(job.isBatch ? 1 : 0, at: 19)
        try s.bind(job.kind.rawValue, at: 20)
        try s.bind(SQLValue(job.segmentSeconds), at: 21)
        try s.bind(observation.prompt, at: 22)
        try s.bind(now, at: 23)
        try s.bind(sourceID, at: 24)
        try s.step()
        if database.changes == 1 {
            let rowID = database.lastInsertRowID
            try insertRaw.run([.int(rowID), .text(observation.raw)])
            try insertSource.run([.int(rowID), .int(sourceID)])
            return .new
        }
        return try mergeExisting(observation, sourceID: sourceID, sourceName: sourceName, line: line,
                                 importID: importID, now: now)
    }

    private func mergeExisting(_ observation: Observation, sourceID: Int64, sourceName: String, line: Int?,
                               importID: Int64?, now: Int64) throws -> Outcome {
        try selectJob.bind([.text(observation.job.provider), .text(observation.job.videoID)])
        guard try selectJob.step() else {
            throw DatabaseError(code: 1, message: "job vanished during merge", context: observation.job.videoID)
        }
        let stored = Ledger.job(from: selectJob)
        let storedPrompt = selectJob.text(22)
        let lastSource = selectJob.int64OrNil(23)
        selectJob.reset()

        let result = JobMerge.merge(stored: stored, storedPrompt: storedPrompt, incoming: observation)
        for conflict in result.conflicts {
            try insertConflict.run([.int(stored.rowID), SQLValue(importID), .text(conflict.field),
                                    .text(conflict.stored), .text(conflict.seen), .text(sourceName), SQLValue(line)])
            if database.changes == 1 { conflictCount += 1 }
        }
        if lastSource != sourceID {
            try insertSource.run([.int(stored.rowID), .int(sourceID)])
        }
        guard result.changed else {
            try touchJob.run([.int(now), .int(sourceID), .int(stored.rowID)])
            return .unchanged
        }
        let m = result.job
        try updateJob.run([
            .int(stored.rowID), SQLValue(m.account), .text(m.status.rawValue), SQLValue(m.progress),
            SQLValue(m.completedAt), SQLValue(m.expiresAt), SQLValue(m.remixedFrom), SQLValue(m.errorCode),
            SQLValue(m.errorMessage), SQLValue(m.project), SQLValue(m.user), SQLValue(Tags.encode(m.tags)),
            .int(m.isBatch ? 1 : 0), .text(m.kind.rawValue), SQLValue(m.segmentSeconds), SQLValue(result.prompt),
            .int(now), .int(sourceID),
        ])
        try replaceRaw.run([.int(stored.rowID), .text(observation.raw)])
        return .updated
    }
}
