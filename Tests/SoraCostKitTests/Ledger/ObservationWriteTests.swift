import Foundation
import Testing
@testable import SoraCostKit

/// What the parser works out for the writer (the packed video id, the tags' text) stores every
/// column exactly, NULL where a field is missing, empty where it is empty, and follows any
/// change made to the observation after it was parsed.
@Suite struct ObservationWriteTests {
    /// The jobs stored for `observations`, written by one writer into a new ledger.
    func stored(_ observations: [Observation]) throws -> [Job] {
        let (directory, ledger) = try TemporaryDirectory.withLedger()
        let writer = try ledger.makeJobWriter()
        let source = try ledger.ensureSource(kind: "file", name: "t").id
        try ledger.transaction {
            for observation in observations {
                try writer.record(observation, sourceID: source, sourceName: "test", line: nil, importID: nil, now: 1)
            }
        }
        defer { withExtendedLifetime(directory) {} }
        return try observations.map { observation in
            let jobs = try ledger.jobs(videoID: observation.job.videoID)
            #expect(jobs.count == 1)
            return try #require(jobs.first)
        }
    }

    func job(_ id: String) -> Job {
        Job(provider: "gateway-é", videoID: id, model: "sora-2-pro", status: .failed, seconds: 12, width: 1792,
            height: 1024, createdAt: 1_760_000_000, errorCode: "moderation_blocked", errorMessage: "line\nbreak \"q\"")
    }

    @Test func everyTextColumnIsStoredExactly() throws {
        var full = job("video_68e308b9859f8943b17acfdfd66fbf3b")
        full.account = "proj_x"
        full.project = ""
        full.user = "ana@example.com"
        full.tags = ["campaign": "spring", "team": "ads"]
        full.remixedFrom = "video_1"
        full.kind = .remix
        let bare = job("VIDEO_not-canonical")
        let rows = try stored([Observation(job: full, prompt: "a cat", raw: "{}"), Observation(job: bare, prompt: nil, raw: "{}")])
        for (row, expected) in zip(rows, [full, bare]) {
            var expected = expected
            expected.rowID = row.rowID
            #expect(row == expected)
        }
        #expect(Observation(job: full, prompt: nil, raw: "").packedVideoID != nil)
        #expect(Observation(job: bare, prompt: nil, raw: "").packedVideoID == nil)
    }

    @Test func aFieldChangedAfterParsingIsWhatIsStored() throws {
        var observation = Observation(job: job("video_a"), prompt: nil, raw: "{}")
        observation.job.project = "changed"
        var second = Observation(job: job("video_68e308b9859f8943b17acfdfd66fbf3b"), prompt: nil, raw: "{}")
        second.job.videoID = "video_68e308b9859f8943b17acfdfd66fbf3c"
        second.job.tags = ["k": "v"]
        second.tagsText = Tags.encode(second.job.tags)
        let rows = try stored([observation, second])
        #expect(rows[0].project == "changed")
        #expect(rows[1].tags == ["k": "v"])
        #expect(rows[1].videoID == "video_68e308b9859f8943b17acfdfd66fbf3c")
    }
}
