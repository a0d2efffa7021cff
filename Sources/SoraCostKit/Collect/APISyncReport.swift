/// What one `soracost sync` run did.
public struct APISyncReport: Sendable {
    /// The audit row in `imports` (command `sync`).
    public var importID: Int64 = 0
    /// `api:<provider>:<account>@<host/path>`.
    public var source = ""
    /// Every sighting written: list items and refreshed jobs.
    public var counts = ImportCounts()
    /// List pages fetched and committed in this run.
    public var pages = 0
    /// The page number an interrupted walk was resumed at, when this run continued one.
    public var resumedAtPage: Int?
    /// The stored cursor of an interrupted walk that the server refused (the job it names was
    /// probably deleted); the walk then started again from the newest page.
    public var restartedAfter: String?
    /// True when an incremental walk stopped at a page of jobs already stored as finished.
    public var stoppedEarly = false
    /// The page that said `has_more` but gave no `last_id` to continue with, where the walk ended.
    public var endedWithoutCursorAt: Int?
    /// True when the page limit ended the run before the walk did; the next run continues it.
    public var incomplete = false
    /// The page the next run starts with when `incomplete`.
    public var nextPage: Int?
    /// Stored queued or in-progress jobs fetched again one by one.
    public var refreshed = 0
    /// Of those, jobs the API answered 404 for: kept in the ledger as they were.
    public var missing: [MissingJob] = []
    /// The first rejected items (all are kept in the ledger's `rejects` table).
    public var rejects: [RejectNote] = []

    static let rejectsShown = 50

    public init() {}

    /// A stored job the API no longer knows.
    public struct MissingJob: Sendable, Equatable {
        public var videoID: String
        public var requestID: String?
    }

    /// `synced 3 pages: 250 new, 2 updated, 0 unchanged, 0 rejected; refreshed 2 in-progress jobs`.
    public var summary: String {
        var text = "synced \(pages) page\(pages == 1 ? "" : "s"): \(counts.summary); "
            + "refreshed \(refreshed) in-progress job\(refreshed == 1 ? "" : "s")"
        if !missing.isEmpty { text += " (\(missing.count) no longer found, kept as they were)" }
        return text
    }

    /// Notes worth keeping with the audit row and showing the user, beyond the counts.
    public var notes: [String] {
        var notes: [String] = []
        if let resumedAtPage {
            notes.append("resumed an interrupted sync at page \(resumedAtPage)")
        }
        if let restartedAfter {
            notes.append("the server refused to continue an interrupted sync after \(restartedAfter); "
                + "read the list again from the newest page")
        }
        if let endedWithoutCursorAt {
            notes.append("page \(endedWithoutCursorAt) said has_more but gave no last_id (null or empty); "
                + "the list ends there, as the API reference says")
        }
        if incomplete, let nextPage {
            notes.append("stopped after \(pages) page\(pages == 1 ? "" : "s") (page limit); "
                + "the next sync continues with page \(nextPage)")
        }
        for job in missing {
            notes.append("\(job.videoID): no longer found (HTTP 404\(job.requestID.map { ", x-request-id \($0)" } ?? "")); "
                + "kept in the ledger as it was")
        }
        return notes
    }
}

/// Progress of a sync, for a terminal.
public enum APISyncProgress: Sendable {
    /// A list page was committed; `counts` are the run's totals so far.
    case listed(page: Int, counts: ImportCounts)
    /// Refreshing unfinished jobs: `done` of `total` fetched.
    case refreshing(done: Int, total: Int)
}
