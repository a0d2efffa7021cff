/// Where `soracost sync` stands with one API source: the `sync_state` row of migration 2.
///
/// A sync walks the list newest first (`order=desc`). Each committed page moves `cursor` to that
/// page's `last_id` in the same transaction as its jobs, so a sync that dies between pages
/// resumes with the next page and never stores one twice. Times are Unix seconds, UTC.
public struct APISyncState: Sendable, Equatable {
    public var sourceID: Int64
    /// The `after` id of the next page of the walk in progress; nil when no walk is unfinished.
    public var cursor: String?
    /// List pages committed in the walk in progress (the next page is number `pagesDone + 1`).
    public var pagesDone: Int
    /// True between the first committed page of a walk and its last one.
    public var walkInProgress: Bool
    /// True when the walk in progress must visit every page (`--full`, or the first sync).
    public var walkFull: Bool
    public var walkStartedAt: Int64?
    /// The first id of the last walk's first page: the newest job the API had shown.
    public var newestID: String?
    /// When a walk last reached its end (last page or early stop); nil until the first does.
    public var lastSyncAt: Int64?

    public init(sourceID: Int64, cursor: String? = nil, pagesDone: Int = 0, walkInProgress: Bool = false,
                walkFull: Bool = false, walkStartedAt: Int64? = nil, newestID: String? = nil,
                lastSyncAt: Int64? = nil) {
        self.sourceID = sourceID
        self.cursor = cursor
        self.pagesDone = pagesDone
        self.walkInProgress = walkInProgress
        self.walkFull = walkFull
        self.walkStartedAt = walkStartedAt
        self.newestID = newestID
        self.lastSyncAt = lastSyncAt
    }

    /// The stored state of the source named `name`, or nil.
    public static func load(_ ledger: Ledger, sourceName name: String) throws -> APISyncState? {
        guard let source = try ledger.source(named: name) else { return nil }
        return try ledger.syncState(sourceID: source.id)
    }
}

extension Ledger {
    /// The stored sync state of `sourceID`, or nil when that source has never committed a page.
    func syncState(sourceID: Int64) throws -> APISyncState? {
        try database.rows("""
            SELECT cursor, pages_done, walk_in_progress, walk_full, walk_started_at, newest_id, last_sync_at
            FROM sync_state WHERE source_id = \(sourceID)
            """) { statement in
                let row = NamedRow(statement)
                return APISyncState(
                    sourceID: sourceID, cursor: row.text("cursor"), pagesDone: row.int("pages_done"),
                    walkInProgress: row.int("walk_in_progress") != 0, walkFull: row.int("walk_full") != 0,
                    walkStartedAt: row.int64OrNil("walk_started_at"), newestID: row.text("newest_id"),
                    lastSyncAt: row.int64OrNil("last_sync_at"))
            }.first
    }

    /// Stores `state`; call inside the transaction that wrote the page it describes.
    func save(_ state: APISyncState) throws {
        try database.run("""
            INSERT INTO sync_state (source_id, cursor, pages_done, walk_in_progress, walk_full, walk_started_at,
                newest_id, last_sync_at)
            VALUES (\(state.sourceID), \(state.cursor), \(state.pagesDone), \(state.walkInProgress),
                \(state.walkFull), \(state.walkStartedAt), \(state.newestID), \(state.lastSyncAt))
            ON CONFLICT (source_id) DO UPDATE SET cursor = excluded.cursor, pages_done = excluded.pages_done,
                walk_in_progress = excluded.walk_in_progress, walk_full = excluded.walk_full,
                walk_started_at = excluded.walk_started_at, newest_id = excluded.newest_id,
                last_sync_at = excluded.last_sync_at
            """)
    }

    /// The stored status of the job `videoID` of `provider` if `sourceID` has seen it (as its
    /// first source or a later one); nil for a job this source never stored.
    func storedStatus(provider: String, videoID: String, sourceID: Int64) throws -> String? {
        try database.rows("""
            SELECT status FROM jobs WHERE provider = \(provider) AND video_id = \(VideoIDCodec.value(videoID))
              AND (first_source = \(sourceID) OR id IN (SELECT job_id FROM job_sources WHERE source_id = \(sourceID)))
            """) { $0.text(0) }.first ?? nil
    }

    /// The video ids of the stored jobs of `provider` still queued or in progress that belong to
    /// `account` or were seen through `sourceID`, oldest first.
    func unfinishedVideoIDs(provider: String, account: String, sourceID: Int64) throws -> [String] {
        try database.rows("""
            SELECT \(raw: VideoIDCodec.textSQL) FROM jobs
            WHERE provider = \(provider) AND status IN \(BillingSQL.unfinishedStatuses)
              AND (account = \(account) OR first_source = \(sourceID)
                   OR id IN (SELECT job_id FROM job_sources WHERE source_id = \(sourceID)))
            ORDER BY created_at, id
            """) { $0.text(0) ?? "" }
    }
}
