import SoraCostCSQLite

/// Writes observations into the ledger with prepared statements, merging repeat sightings.
///
/// New jobs take one `INSERT … ON CONFLICT DO NOTHING` and no lookup; only a job already stored
/// is read back and merged. Made by `Ledger.makeJobWriter()`; callers wrap calls in a transaction
/// (`Ledger.transaction`, or `Ledger.writeInBatches` for a long import) together with their
/// checkpoint.
public final class JobWriter {
    public enum Outcome: Sendable { case new, updated, unchanged }

    let database: Database
    let pending: PendingWrites
    var rawStore: RawStore { pending.rawStore }
    private let insertJob: Statement
    private let insertRaw: Statement
    private let hasRaw: Statement
    private let insertSource: Statement
    private let selectJob: Statement
    private let updateJob: Statement
    private let touchJob: Statement
    private let insertConflict: Statement
    private var arena: [UInt8] = []
    /// Parameter index, start and length in `arena` of each text bound for the current row.
    private var texts: [(index: Int32, start: Int, count: Int)] = []
    /// Conflicts recorded by the calls so far (each distinct one once).
    public private(set) var conflictCount = 0

    /// Prepares the statements; code outside the ledger calls `Ledger.makeJobWriter()`.
    init(database: Database, pending: PendingWrites) throws {
        self.database = database
        self.pending = pending
        insertJob = try database.prepare("""
            INSERT INTO jobs (provider, video_id, account, model, status, progress, seconds, width, height,
                created_at, completed_at, expires_at, remixed_from, error_code, error_message, project,
                user_name, tags, is_batch, kind, segment_seconds, prompt, first_seen, last_seen,
                first_source, last_source, raw_hash, raw_block, raw_offset, raw_length)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
                ?20, ?21, ?22, ?23, ?23, ?24, ?24, ?25, ?26, ?27, ?28)
            ON CONFLICT (provider, video_id) DO NOTHING
            """)
        insertRaw = try database.prepare("INSERT OR IGNORE INTO job_raws (job_id, hash, block, offset, length) VALUES (?, ?, ?, ?, ?)")
        hasRaw = try database.prepare("SELECT 1 FROM job_raws WHERE job_id = ? AND hash = ?")
        insertSource = try database.prepare("INSERT OR IGNORE INTO job_sources (job_id, source_id) VALUES (?, ?)")
        selectJob = try database.prepare(
            "SELECT \(Ledger.jobColumns), prompt, last_source, first_source, raw_hash FROM jobs WHERE provider = ? AND video_id = ?")
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
    public func record(_ observation: borrowing Observation, sourceID: Int64, sourceName: String, line: Int?,
                       importID: Int64?, now: Int64) throws -> Outcome {
        let s = insertJob
        // Every parameter is bound below on each call: no need to clear the last row's.
        s.resetKeepingBindings()
        // Text goes into one reused buffer and is bound without SQLite copying it
        // (SQLITE_STATIC): the buffer outlives the step below. This saves two allocations and a
        // copy per text column on the import hot path.
        // The buffers are moved into locals for the call and back after it: a stored property
        // read in the nested function below would be checked for exclusive access at each use.
        var arena = take(&self.arena)
        var texts = take(&self.texts)
        defer { (self.arena, self.texts) = (arena, texts) }
        arena.removeAll(keepingCapacity: true)
        texts.removeAll(keepingCapacity: true)
        // Borrowed, never copied: a copy would retain the parser thread's string.
        func text(_ value: borrowing String?, _ index: Int32) throws {
            switch value {
            case .none:
                try s.bind(nil as String?, at: index)
            case .some(let text):
                let start = arena.count
                text.withUTF8Bytes { arena.append(contentsOf: $0) }
                texts.append((index, start, arena.count - start))
            }
        }
        try text(observation.job.provider, 1)
        // The id packed where the record was parsed, else its text read in place (a copy of a
        // record's strings would retain each one).
        let start = arena.count
        if var id = observation.packedVideoID {
            withUnsafeBytes(of: &id) { arena.append(contentsOf: $0) }
        } else {
            observation.job.videoID.withUTF8Bytes { arena.append(contentsOf: $0) }
        }
        // Where in `arena` the video id is, and whether as its packed bytes (`VideoIDCodec`).
        let videoID = (start: start, count: arena.count - start, packed: observation.packedVideoID != nil)
        try text(observation.job.account, 3)
        try text(observation.job.model, 4)
        try text(observation.job.status.rawValue, 5)
        try s.bind(SQLValue(observation.job.progress), at: 6)
        try s.bind(Int64(observation.job.seconds), at: 7)
        try s.bind(Int64(observation.job.width), at: 8)
        try s.bind(Int64(observation.job.height), at: 9)
        try s.bind(observation.job.createdAt, at: 10)
        try s.bind(SQLValue(observation.job.completedAt), at: 11)
        try s.bind(SQLValue(observation.job.expiresAt), at: 12)
        try text(observation.job.remixedFrom, 13)
        try text(observation.job.errorCode, 14)
        try text(observation.job.errorMessage, 15)
        try text(observation.job.project, 16)
        try text(observation.job.user, 17)
        try text(observation.tagsText, 18)
        try s.bind(observation.job.isBatch ? 1 : 0, at: 19)
        try text(observation.job.kind.rawValue, 20)
        try s.bind(SQLValue(observation.job.segmentSeconds), at: 21)
        try text(observation.prompt, 22)
        try s.bind(now, at: 23)
        try s.bind(sourceID, at: 24)
        // The record goes into the store first, for its place in the row; if the job turns out
        // to be stored already, it is taken back and the merge decides whether to keep it.
        let at = try rawStore.append(observation.rawBytes)
        try s.bind(observation.rawHash, at: 25)
        try s.bind(at.block, at: 26)
        try s.bind(at.offset, at: 27)
        try s.bind(at.length, at: 28)
        try arena.withUnsafeBytes { buffer in
            for (index, start, count) in texts {
                try s.bindStatic(utf8: UnsafeRawBufferPointer(rebasing: buffer[start..<(start + count)]), at: index)
            }
            let id = UnsafeRawBufferPointer(rebasing: buffer[videoID.start..<(videoID.start + videoID.count)])
            if videoID.packed { try s.bindStatic(blob: id, at: 2) } else { try s.bindStatic(utf8: id, at: 2) }
            try s.step()
            // The buffer may move before the next call, which binds every parameter again first.
            s.resetKeepingBindings()
        }
        if database.changes == 1 {
            // The job's first source is `jobs.first_source` and its first raw record `jobs.raw_*`;
            // `job_sources` and `job_raws` list only the others, which saves two writes per new job.
            pending.usageHours.add(observation.job, sign: 1)
            // Outside a transaction nothing would write the pending block and counts: write them now.
            if sqlite3_get_autocommit(database.handle) != 0 { try pending.flush() }
            return .new
        }
        rawStore.unappend(at)
        return try mergeExisting(observation, sourceID: sourceID, sourceName: sourceName, line: line,
                                 importID: importID, now: now)
    }

    /// `value`, left empty in its place (moved, not copied).
    private func take<T: RangeReplaceableCollection>(_ value: inout T) -> T {
        var taken = T()
        swap(&taken, &value)
        return taken
    }

    private func mergeExisting(_ observation: Observation, sourceID: Int64, sourceName: String, line: Int?,
                               importID: Int64?, now: Int64) throws -> Outcome {
        try selectJob.bind([.text(observation.job.provider), VideoIDCodec.value(observation.job.videoID)])
        guard try selectJob.step() else {
            throw DatabaseError(code: 1, message: "job vanished during merge", context: observation.job.videoID)
        }
        let stored = Ledger.job(from: selectJob)
        let storedPrompt = selectJob.text(22)
        let lastSource = selectJob.int64OrNil(23)
        let firstSource = selectJob.int64OrNil(24)
        let firstRawHash = selectJob.int64OrNil(25)
        selectJob.reset()

        let result = JobMerge.merge(stored: stored, storedPrompt: storedPrompt, incoming: observation)
        for conflict in result.conflicts {
            try insertConflict.run([.int(stored.rowID), SQLValue(importID), .text(conflict.field),
                                    .text(conflict.stored), .text(conflict.seen), .text(sourceName), SQLValue(line)])
            if database.changes == 1 { conflictCount += 1 }
        }
        if lastSource != sourceID && firstSource != sourceID {
            try insertSource.run([.int(stored.rowID), .int(sourceID)])
        }
        if firstRawHash != observation.rawHash {
            try storeRaw(observation, jobID: stored.rowID)
        }
        guard result.changed else {
            try touchJob.run([.int(now), .int(sourceID), .int(stored.rowID)])
            return .unchanged
        }
        let m = result.job
        if !UsageHours.countAlike(m, stored) {
            pending.usageHours.add(stored, sign: -1)
            pending.usageHours.add(m, sign: 1)
        }
        try updateJob.run([
            .int(stored.rowID), SQLValue(m.account), .text(m.status.rawValue), SQLValue(m.progress),
            SQLValue(m.completedAt), SQLValue(m.expiresAt), SQLValue(m.remixedFrom), SQLValue(m.errorCode),
            SQLValue(m.errorMessage), SQLValue(m.project), SQLValue(m.user), SQLValue(Tags.encode(m.tags)),
            .int(m.isBatch ? 1 : 0), .text(m.kind.rawValue), SQLValue(m.segmentSeconds), SQLValue(result.prompt),
            .int(now), .int(sourceID),
        ])
        if sqlite3_get_autocommit(database.handle) != 0 { try pending.flush() }
        return .updated
    }

    /// Keeps a later record of a stored job in the raw-record store, unless the job already has
    /// this very record (its first one is checked by the caller).
    private func storeRaw(_ observation: Observation, jobID: Int64) throws {
        try hasRaw.bind([.int(jobID), .int(observation.rawHash)])
        let known = try hasRaw.step()
        hasRaw.reset()
        if known { return }
        let at = try rawStore.append(observation.rawBytes)
        try insertRaw.run([.int(jobID), .int(observation.rawHash), .int(at.block), .int(at.offset), .int(at.length)])
        // Outside a transaction nothing would write the open block: write it now.
        if sqlite3_get_autocommit(database.handle) != 0 { try pending.flush() }
    }
}
