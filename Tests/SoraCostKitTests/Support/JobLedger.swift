@testable import SoraCostKit

/// A ledger that tests fill job by job straight through the writer: every job comes from one
/// `test` source and gets the next video id, `video_1`, `video_2`, …
class JobLedger {
    let ledger: Ledger
    private let writer: JobWriter
    private let source: SourceRecord
    private var count = 0

    init(path: String) throws {
        ledger = try Ledger(path: path)
        writer = try ledger.makeJobWriter()
        source = try ledger.ensureSource(kind: "file", name: "test")
    }

    /// Records the job `make` builds for the next video id.
    func record(_ make: (_ videoID: String) -> Job) throws {
        count += 1
        try writer.record(Observation(job: make("video_\(count)"), prompt: nil, raw: "{}"), sourceID: source.id,
                          sourceName: "test", line: nil, importID: nil, now: 0)
    }
}
