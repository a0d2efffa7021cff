import Foundation
import SoraCostTestSupport
import Testing
@testable import SoraCostKit

/// The `usage_hours` rollup stays exactly the jobs counted afresh, through new jobs, repeat
/// sightings that move a job to another row, rollbacks, commits in steps, writes outside a
/// transaction and the migration that builds it; and the hour is rounded down on both sides.
@Suite struct UsageHoursTests {
    let directory: TemporaryDirectory
    let ledger: Ledger
    let source: Int64

    init() throws {
        directory = try TemporaryDirectory()
        ledger = try Ledger(path: directory.file("ledger.sqlite"))
        source = try ledger.ensureSource(kind: "file", name: "test").id
    }

    /// A sighting of job `n` in state `step` (0 queued … 3 terminal, with what later states add).
    static func job(_ n: Int, step: Int, start: Int64 = 1_772_323_200) -> Job {
        let kinds: [RequestKind] = [.create, .extension, .remix, .edit]
        let status: JobStatus = [.queued, .inProgress, .inProgress, n % 5 == 0 ? .failed : .completed][step]
        let kind = kinds[n % kinds.count]
        return Job(provider: n % 13 == 0 ? "azure" : "openai", videoID: "video_\(n)",
                   model: ["sora-2", "sora-2-pro"][n % 2], status: status, seconds: [4, 8, 12][n % 3],
                   width: 1280, height: 720, createdAt: start + Int64(n) * 1_237,
                   completedAt: status.isTerminal ? start + Int64(n) * 1_237 + 300 : nil,
                   project: step >= 2 ? "web" : nil, isBatch: step >= 2 && n % 4 == 0,
                   // Later sightings fill in what earlier ones did not say: the kind, the segment.
                   kind: step >= 1 ? kind : .create,
                   segmentSeconds: step >= 3 && kind == .extension && n % 2 == 0 ? 4 : nil)
    }

    func record(_ writer: JobWriter, _ job: Job) throws {
        try writer.record(Observation(job: job, prompt: nil, raw: "{\"id\":\"\(job.videoID)\",\"s\":\"\(job.status)\"}"),
                          sourceID: source, sourceName: "test", line: nil, importID: nil, now: 0)
    }

    @Test func everyWriteKeepsTheRollupExact() throws {
        let writer = try ledger.makeJobWriter()
        // New jobs, then each moved on through its states in shuffled order, in steps committed
        // part-way; repeats of a state change nothing.
        var generator = SeededRandom(seed: 7)
        try ledger.writeInBatches { batch in
            for n in 0..<400 { try record(writer, Self.job(n, step: 0)) }
            try batch.commitAndContinue()
            for step in 1...3 {
                for n in (0..<400).shuffled(using: &generator) where n % 3 != step % 3 {
                    try record(writer, Self.job(n, step: step))
                }
                try batch.commitAndContinue()
            }
            for n in 0..<50 { try record(writer, Self.job(n, step: 3)) }
        }
        #expect(try ledger.usageHoursDrift() == [])
        let rows = try ledger.usageHourRows()
        #expect(rows.count > 100 && rows.map(\.jobs).reduce(0, +) == 400)
        #expect(Set(rows.map(\.status)) == ["in_progress", "completed", "failed"], "every job left its queued row")

        // A transaction that fails leaves nothing of its changes, in jobs or in the rollup.
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try ledger.transaction {
                for n in 400..<450 { try record(writer, Self.job(n, step: 3)) }
                for n in 0..<400 { try record(writer, Self.job(n, step: 3)) }
                throw Abort()
            }
        }
        #expect(try ledger.usageHourRows() == rows)
        #expect(try ledger.usageHoursDrift() == [])

        // Outside a transaction each write is its own commit, its rollup change with it.
        for n in 450..<480 { try record(writer, Self.job(n, step: 0)) }
        for n in 450..<480 { try record(writer, Self.job(n, step: 3)) }
        #expect(try ledger.usageHoursDrift() == [])
        #expect(try ledger.usageHourRows().map(\.jobs).reduce(0, +) == 430)
    }

    @Test func aRowWhoseLastJobMovesOnIsDeleted() throws {
        let writer = try ledger.makeJobWriter()
        try ledger.transaction { try record(writer, Self.job(1, step: 0)) }
        #expect(try ledger.usageHourRows().map(\.status) == ["queued"])
        try ledger.transaction { try record(writer, Self.job(1, step: 3)) }
        #expect(try ledger.usageHourRows().map(\.status) == ["completed"])
        #expect(try ledger.usageHoursDrift() == [])
    }

    /// More distinct models than the writer numbers before starting afresh, over several commits.
    @Test func manyDistinctModelsStayExact() throws {
        let writer = try ledger.makeJobWriter()
        for round in 0..<3 {
            try ledger.transaction {
                for n in 0..<1_500 {
                    try record(writer, Job(videoID: "video_\(round)_\(n)", model: "model-\(n % 1_200)",
                                           status: .completed, seconds: 4, width: 1280, height: 720,
                                           createdAt: 1_772_323_200 + Int64(n % 7) * 3_600))
                }
            }
        }
        #expect(try ledger.usageHoursDrift() == [])
        #expect(try ledger.usageHourRows().map(\.jobs).reduce(0, +) == 4_500)
    }

    @Test func theHourIsRoundedDownBeforeAndAfter1970() throws {
        for (instant, hour) in [(0, 0), (3_599, 0), (3_600, 1), (-1, -1), (-3_600, -1), (-3_601, -2)] as [(Int64, Int64)] {
            #expect(UsageHours.hour(of: instant) == hour, "\(instant)")
        }
        let writer = try ledger.makeJobWriter()
        try ledger.transaction {
            for (n, created) in ([-7_201, -3_600, -1, 0, 3_599, 3_600] as [Int64]).enumerated() {
                try record(writer, Job(videoID: "video_\(n)", model: "sora-2", status: .completed, seconds: 4,
                                       width: 1280, height: 720, createdAt: created))
            }
        }
        #expect(try ledger.usageHoursDrift() == [], "the SQL and the Swift hour agree")
        #expect(try ledger.usageHourRows().map(\.hour).sorted() == [-3, -1, 0, 1])
    }

    /// A ledger of schema 7 gets its rollup on upgrade, counted from its jobs.
    @Test func theMigrationBuildsTheRollupFromTheJobs() throws {
        let path = directory.file("old.sqlite")
        do {
            let database = try Database(path: path)
            try database.transaction {
                let insert = try database.legacyLedger(version: 7)
                for n in 1...30 { try insert.run([.int(Int64(n)), .text("video_\(n)")]) }
                try database.execute("""
                    UPDATE jobs SET created_at = created_at + id * 1800, status = CASE WHEN id % 4 = 0 THEN 'failed' ELSE status END,
                        kind = CASE WHEN id % 3 = 0 THEN 'extension' ELSE kind END,
                        segment_seconds = CASE WHEN id % 6 = 0 THEN 4 END
                    """)
            }
        }
        let upgraded = try Ledger(path: path, create: false)
        #expect(try upgraded.usageHoursDrift() == [])
        let rows = try upgraded.usageHourRows()
        #expect(rows.map(\.jobs).reduce(0, +) == 30 && rows.count > 15)
        #expect(rows.map(\.segmented).reduce(0, +) == 5)
    }
}

extension Ledger {
    /// The rollup's rows, in key order (for the tests).
    func usageHourRows() throws -> [UsageHourRow] {
        var rows: [UsageHourRow] = []
        try forEachUsageHour(from: Int64.min / 2, to: Int64.max / 2) { row in
            rows.append(UsageHourRow(hour: row.instant / 3600, status: String(decoding: row.status!, as: UTF8.self),
                                     jobs: row.jobs, segmented: row.segmented))
        }
        return rows
    }
}

struct UsageHourRow: Equatable {
    var hour: Int64
    var status: String
    var jobs: Int
    var segmented: Int
}
