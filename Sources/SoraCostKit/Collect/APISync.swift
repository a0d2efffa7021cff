/// Brings the jobs a Videos API key can see into the ledger (`soracost sync`).
///
/// A run walks `GET /videos?order=desc` page by page, newest first, through one
/// `VideosAPIClient` (one kept-alive connection). Every page is written in one transaction
/// together with the sync state (`APISyncState`) and the audit row's counters, so:
///
/// - a run that dies (network, malformed page, kill) leaves every earlier page stored, and the
///   next run continues with the page that failed; nothing is stored twice, and the merge rules
///   of `JobWriter` would make a repeat harmless anyway;
/// - the first sync of a source, and `--full`, visit every page; later syncs stop at the first
///   page whose jobs are all already stored in a terminal state (completed or failed): what
///   lies beyond was seen by an earlier complete walk;
/// - then stored jobs of this provider and account that are still queued or in progress, and
///   were not on a page just read, are fetched one by one (`GET /videos/{id}`) and updated. A
///   404 there keeps the job as it is and is noted.
///
/// Jobs never leave the ledger: one that vanished from the API (deleted, expired, service shut
/// down) stays, since the ledger is the company's record of what it paid for.
public final class APISync {
    let ledger: Ledger
    let client: VideosAPIClient
    let options: APISyncOptions
    let decoder: RecordDecoder
    let writer: JobWriter
    /// `api:<provider>:<account>@<host/path>`; never holds the key.
    public let sourceName: String
    public var progress: ((APISyncProgress) -> Void)?

    private var report = APISyncReport()
    private var source = SourceRecord(id: 0, kind: "api", name: "", offset: 0, line: 0)
    private var state = APISyncState(sourceID: 0)
    /// Video ids read from list pages in this run: fresh already, so not refreshed one by one.
    private var listedThisRun: Set<String> = []
    /// The key, only to cut it out of server text before that text is stored (a server that
    /// echoes it into a video object must not put it into the ledger).
    let secret: Secret

    public init(ledger: Ledger, client: VideosAPIClient, options: APISyncOptions = APISyncOptions()) throws {
        self.ledger = ledger
        self.client = client
        self.options = options
        decoder = RecordDecoder(defaultProvider: options.provider, defaultAccount: options.account,
                                keepPrompts: options.keepPrompts)
        writer = try ledger.makeJobWriter()
        sourceName = APISync.sourceName(provider: options.provider, account: options.account, baseURL: client.baseURL)
        secret = client.configuration.auth.secret
    }

    /// `api:<provider>:<account>@<host[:port]/path>` for a base URL such as
    /// `https://api.openai.com/v1` → `api:openai:default@api.openai.com/v1`. The scheme is left
    /// out (http and https reach the same jobs); the host is lower-cased, trailing slashes dropped.
    public static func sourceName(provider: String, account: String, baseURL: String) -> String {
        let parts = HTTPRedaction.split(baseURL)
        var path = parts.path
        while path.hasSuffix("/") { path.removeLast() }
        return "api:\(provider):\(account)@\(parts.hostAndPort.lowercased())\(path)"
    }

    /// Runs one sync. Throws `APISyncError` when the API fails (everything committed before
    /// stays), `DatabaseError` when the ledger does; either way the audit row says `failed`.
    public func run() throws -> APISyncReport {
        report = APISyncReport()
        report.source = sourceName
        listedThisRun = []
        try ledger.transaction {
            source = try ledger.ensureSource(kind: "api", name: sourceName)
            state = try ledger.syncState(sourceID: source.id) ?? APISyncState(sourceID: source.id)
            // The lock: a live `running` sync of this source in another process. Checked and
            // taken (by beginRun's row) in one write transaction, so two runs cannot both pass.
            if let other = try ledger.liveRun(command: "sync", target: sourceName) {
                throw SyncAlreadyRunning(source: sourceName, run: other)
            }
            report.importID = try ledger.beginRun(command: "sync", target: sourceName, at: options.now())
        }
        do {
            try walk()
            try refreshUnfinished()
            let notes = report.notes
            try ledger.transaction {
                report.counts.conflicts = writer.conflictCount
                try ledger.updateRun(report.importID, counts: report.counts, status: "completed",
                                     message: notes.isEmpty ? nil : notes.joined(separator: "; "),
                                     finishedAt: options.now())
            }
        } catch {
            let message = (error as? APISyncError)?.description ?? "\(error)"
            try? ledger.transaction {
                report.counts.conflicts = writer.conflictCount
                try ledger.updateRun(report.importID, counts: report.counts, status: "failed",
                                     message: HTTPRedaction.scrub(message, secrets: [secret]), finishedAt: options.now())
            }
            throw error
        }
        return report
    }

    // MARK: - Walking the list

    /// Continues an interrupted walk if there is one, then walks from the newest page.
    private func walk() throws {
        if state.walkInProgress {
            report.resumedAtPage = state.pagesDone + 1
            let full = state.walkFull || options.full
            let finished: Bool
            do {
                finished = try walk(from: state.cursor, page: state.pagesDone + 1, full: full)
            } catch let error as APISyncError where report.pages == 0 && error.refusesCursor {
                // The job the stored cursor names may have been deleted since, and some servers
                // then refuse `after=` it. Walk again from the newest page; the merge makes the
                // pages read twice harmless. If the endpoint itself is gone, that walk says so.
                report.restartedAfter = state.cursor
                report.resumedAtPage = nil
                _ = try walk(from: nil, page: 1, full: full)
                return
            }
            guard finished else { return }
            // Jobs created since the interrupted walk began sit before its first page; the pages
            // after them were all visited, so this pass may stop early.
            _ = try walk(from: nil, page: 1, full: false)
        } else {
            _ = try walk(from: nil, page: 1, full: options.full || state.lastSyncAt == nil)
        }
    }

    /// Fetches and commits pages from `cursor` on; true when the walk reached its end (last page
    /// or early stop), false when the page limit cut it short.
    private func walk(from cursor: String?, page number: Int, full: Bool) throws -> Bool {
        var cursor = cursor
        var number = number
        // Every cursor of this walk: a server whose pages lead back to one already read
        // (A → B → A) would otherwise be walked forever.
        var visited: Set<String> = cursor.map { [$0] } ?? []
        while true {
            if let limit = options.pageLimit, report.pages >= limit {
                report.incomplete = true
                report.nextPage = number
                return false
            }
            let page: VideosAPIClient.ListPage
            do {
                page = try client.listPage(after: cursor, limit: options.pageSize, order: .desc)
            } catch {
                throw APISyncError(stage: .listPage(number: number, cursor: cursor), underlying: error, report: report)
            }
            if let problem = APISync.loopProblem(page, visited: visited) {
                throw APISyncError(stage: .listPage(number: number, cursor: cursor), underlying: problem, report: report)
            }
            if let next = page.nextCursor { visited.insert(next) }
            let ended = try commit(page, number: number, full: full)
            report.pages += 1
            progress?(.listed(page: number, counts: report.counts))
            if ended { return true }
            cursor = page.nextCursor
            number += 1
        }
    }

    /// Writes one page's jobs, rejects, sync state and counters in one transaction; true when
    /// this page ends the walk.
    private func commit(_ page: VideosAPIClient.ListPage, number: Int, full: Bool) throws -> Bool {
        let now = options.now()
        return try ledger.transaction {
            // An empty page, or one with a rejected item, proves nothing about older pages.
            var onlyFinishedJobsSeenBefore = !page.data.isEmpty
            for (index, item) in page.data.enumerated() {
                let location = "page \(number) item \(index + 1)"
                var observation: Observation
                do throws(RecordError) {
                    observation = try decoder.decode(item, rawText: nil)
                } catch {
                    onlyFinishedJobsSeenBefore = false
                    try reject(error, at: location, text: item.compactText)
                    continue
                }
                observation = withoutKey(observation)
                listedThisRun.insert(observation.job.videoID)
                if try storedStatus(of: observation.job)?.isTerminal != true {
                    onlyFinishedJobsSeenBefore = false
                }
                let outcome = try writer.record(observation, sourceID: source.id, sourceName: sourceName, line: nil,
                                                importID: report.importID, now: now)
                report.counts.add(outcome)
            }
            let stopsEarly = !full && onlyFinishedJobsSeenBefore && page.hasMore
            let ends = page.nextCursor == nil || stopsEarly
            if stopsEarly { report.stoppedEarly = true }
            if page.endsWithoutCursor { report.endedWithoutCursorAt = number }
            if number == 1 {
                state.walkStartedAt = now
                state.newestID = page.firstID ?? page.data.first?["id"]?.stringValue ?? state.newestID
            }
            state.cursor = ends ? nil : page.nextCursor
            state.pagesDone = ends ? 0 : number
            state.walkInProgress = !ends
            state.walkFull = ends ? false : full
            if ends { state.lastSyncAt = now }
            try ledger.save(state)
            source.lastReadAt = now
            source.line += Int64(page.data.count)
            try ledger.saveSource(source)
            report.counts.conflicts = writer.conflictCount
            try ledger.updateRun(report.importID, counts: report.counts)
            return ends
        }
    }

    /// Only jobs this source has listed before count: a job known from a log import proves
    /// nothing about which older pages this sync has already read.
    private func storedStatus(of job: Job) throws -> JobStatus? {
        try ledger.storedStatus(provider: job.provider, videoID: job.videoID, sourceID: source.id)
            .flatMap(JobStatus.init(rawValue:))
    }

    /// Keeps a rejected item for audit; `location` (`page 3 item 7`) goes into the reason.
    private func reject(_ error: RecordError, at location: String, text: String) throws {
        var located = error
        located.reason += " (\(location))"
        located.reason = withoutKey(located.reason)
        try ledger.recordReject(importID: report.importID, source: sourceName, line: nil, error: located,
                                text: withoutKey(text))
        report.counts.rejected += 1
        if report.rejects.count < APISyncReport.rejectsShown {
            report.rejects.append(RejectNote(path: "\(sourceName) \(location)", line: nil, error: error))
        }
    }

    /// `text` with the key replaced by `<redacted>`; the common case (no key) costs one search.
    private func withoutKey(_ text: String) -> String {
        guard !secret.isEmpty, text.contains(secret.exposedValue) else { return text }
        return HTTPRedaction.scrub(text, secrets: [secret])
    }

    // MARK: - Refreshing unfinished jobs

    /// Fetches again every stored job of this provider that is still queued or in progress and
    /// belongs to this account or was seen through this source, except those just listed.
    private func refreshUnfinished() throws {
        let ids = try ledger.unfinishedVideoIDs(provider: options.provider, account: options.account,
                                                sourceID: source.id)
            .filter { !$0.isEmpty && !listedThisRun.contains($0) }
        for (index, id) in ids.enumerated() {
            progress?(.refreshing(done: index, total: ids.count))
            let video: JSONValue
            do {
                video = try client.retrieve(id: id)
            } catch {
                if case .http(let failure) = error, failure.status == 404 {
                    report.missing.append(.init(videoID: id, requestID: failure.requestID))
                    continue
                }
                throw APISyncError(stage: .refresh(videoID: id), underlying: error, report: report)
            }
            report.refreshed += 1
            let now = options.now()
            try ledger.transaction {
                do {
                    var observation = try decoder.decode(video, rawText: nil)
                    observation = withoutKey(observation)
                    let outcome = try writer.record(observation, sourceID: source.id, sourceName: sourceName,
                                                    line: nil, importID: report.importID, now: now)
                    report.counts.add(outcome)
                } catch let error as RecordError {
                    try reject(error, at: "refresh of \(id)", text: video.compactText)
                }
                source.lastReadAt = now
                try ledger.saveSource(source)
                report.counts.conflicts = writer.conflictCount
                try ledger.updateRun(report.importID, counts: report.counts)
            }
        }
        if !ids.isEmpty { progress?(.refreshing(done: ids.count, total: ids.count)) }
    }
}
