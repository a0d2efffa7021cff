import Testing
@testable import SoraCostKit

@Suite struct JobMergeTests {
    func job(_ status: JobStatus, progress: Int? = nil, seconds: Int = 8) -> Job {
        Job(videoID: "video_1", model: "sora-2", status: status, progress: progress, seconds: seconds,
            width: 1280, height: 720, createdAt: 1_760_627_796,
            completedAt: status == .completed ? 1_760_627_900 : nil)
    }

    func observe(_ job: Job) -> Observation { Observation(job: job, prompt: nil, raw: "{}") }

    @Test(arguments: [
        (JobStatus.queued, JobStatus.inProgress, JobStatus.inProgress),
        (.inProgress, .completed, .completed),
        (.queued, .failed, .failed),
        (.completed, .inProgress, .completed),
        (.failed, .queued, .failed),
        (.completed, .queued, .completed),
    ])
    func statusOnlyMovesForward(stored: JobStatus, seen: JobStatus, expected: JobStatus) {
        let result = JobMerge.merge(stored: job(stored), storedPrompt: nil, incoming: observe(job(seen)))
        #expect(result.job.status == expected)
        #expect(result.changed == (expected != stored))
        #expect(result.conflicts.isEmpty)
    }

    @Test func completedAgainstFailedIsAConflictAndKeepsTheStoredStatus() {
        let result = JobMerge.merge(stored: job(.completed), storedPrompt: nil, incoming: observe(job(.failed)))
        #expect(result.job.status == .completed)
        #expect(result.conflicts == [JobMerge.Conflict(field: "status", stored: "completed", seen: "failed")])
    }

    @Test func differentSecondsOrSizeIsRecordedNotOverwritten() {
        var other = job(.completed, seconds: 12)
        other.width = 720
        other.height = 1280
        let result = JobMerge.merge(stored: job(.completed), storedPrompt: nil, incoming: observe(other))
        #expect(result.job.seconds == 8)
        #expect(result.job.size == "1280x720")
        #expect(result.conflicts.map(\.field) == ["seconds", "size"])
        #expect(!result.changed)
    }

    @Test func attributionFillsWhatIsMissingAndNeverOverwrites() {
        var stored = job(.completed)
        stored.project = "marketing"
        stored.tags = ["team": "brand"]
        var seen = job(.completed)
        seen.project = "other"
        seen.user = "ana@example.com"
        seen.tags = ["team": "x", "campaign": "spring"]
        seen.isBatch = true
        seen.kind = .extension
        seen.segmentSeconds = 4
        seen.account = "proj_1"
        let result = JobMerge.merge(stored: stored, storedPrompt: nil, incoming: observe(seen))
        #expect(result.job.project == "marketing")
        #expect(result.job.user == "ana@example.com")
        #expect(result.job.tags == ["team": "brand", "campaign": "spring"])
        #expect(result.job.isBatch)
        #expect(result.job.kind == .extension)
        #expect(result.job.segmentSeconds == 4)
        #expect(result.job.account == "proj_1")
        #expect(result.changed)
    }

    @Test func progressRisesWithinTheSameStatus() {
        let result = JobMerge.merge(stored: job(.inProgress, progress: 30), storedPrompt: nil,
                                    incoming: observe(job(.inProgress, progress: 70)))
        #expect(result.job.progress == 70)
        let stale = JobMerge.merge(stored: job(.inProgress, progress: 70), storedPrompt: nil,
                                   incoming: observe(job(.inProgress, progress: 30)))
        #expect(stale.job.progress == 70)
        #expect(!stale.changed)
    }
}
