import Foundation
import Testing
@testable import SoraCostKit

/// A scan read on two threads (each half of the jobs on its own connection, the second half's
/// texts renumbered into the first's) gives exactly the groups of reading every row on one.
@Suite struct UsageScanSplitTests {
    let directory: TemporaryDirectory
    let ledger: Ledger
    let pricer = Pricer(card: EffectiveCard(user: nil))

    /// March 2026, a job every ~40 minutes, with NULL, empty and NUL-bearing texts, more key
    /// columns than fit in place (`Cell.moreKeys`), extensions with and without a segment,
    /// failures with and without a code, pending, batch and two providers.
    init() throws {
        directory = try TemporaryDirectory()
        ledger = try Ledger(path: directory.file("ledger.sqlite"))
        try Self.record(jobs: 1_100, from: Day(iso: "2026-03-01")!.unixStart, every: 2_417, into: ledger)
    }

    /// `count` varied jobs, one every `spacing` seconds from `start`, each written on its own
    /// (outside a transaction).
    static func record(jobs count: Int, from start: Int64, every spacing: Int64, into ledger: Ledger) throws {
        let writer = try ledger.makeJobWriter()
        let source = try ledger.ensureSource(kind: "file", name: "test")
        let models: [(String, (Int, Int))] = [("sora-2", (1280, 720)), ("sora-2-pro", (1792, 1024)),
                                              ("sora-2-pro-2025-10-06", (720, 1280)), ("sora-2-pro", (1920, 1080))]
        let kinds: [RequestKind] = [.create, .remix, .extension, .create, .edit]
        for n in 0..<count {
            let (model, size) = models[(n / 3) % models.count]
            let status: JobStatus = n % 11 == 0 ? .failed : n % 17 == 0 ? .queued : .completed
            let kind = kinds[n % kinds.count]
            let created = start + Int64(n) * spacing
            let job = Job(
                provider: n % 23 == 0 ? "azure" : "openai", videoID: "video_\(n)",
                account: [nil, "acct-a", "", "acct\u{0}x"][n % 4], model: model, status: status,
                seconds: [4, 8, 12][n % 3], width: size.0, height: size.1, createdAt: created,
                completedAt: status.isTerminal ? created + 300 : nil,
                errorCode: status == .failed ? [nil, "moderation_blocked", "internal_error"][n % 3] : nil,
                // Early jobs and late jobs name different projects and users, so each half meets
                // texts the other never does, in another order.
                project: n < count / 2 ? ["web", "app", nil][n % 3] : ["studio", nil, "", "web"][n % 4],
                user: n % 7 == 0 ? nil : "user\((n * 7) % 13)@example.com",
                tags: n % 4 == 0 ? [:] : ["campaign": "c\(n % 5)", "team": n % 2 == 0 ? "brand" : ""],
                isBatch: n % 9 == 0, kind: kind, segmentSeconds: kind == .extension && n % 2 == 0 ? 4 : nil)
            try writer.record(Observation(job: job, prompt: nil, raw: "{}"), sourceID: source.id, sourceName: "test",
                              line: nil, importID: nil, now: 0)
        }
    }

    /// Rows keyed by their bucket and keys as text (nil and "" kept apart), for comparing sets.
    static func keyed(_ rows: [UsageRow]) -> [String: UsageMeasures] {
        Dictionary(uniqueKeysWithValues: rows.map { row in
            ("\(row.bucket?.iso ?? "-")|" + row.keys.map { $0.map { "'\($0)'" } ?? "NULL" }.joined(separator: "|"),
             row.measures)
        })
    }

    @Test func twoThreadsCountExactlyWhatOneDoes() throws {
        let reader = try ledger.secondReader()
        let ids = try ledger.jobIDSpan()
        #expect(reader != nil && ids == 1...1_100, "the scan below is split")
        let dimensions: [ReportDimension] = [.account, .project, .user, .tag("campaign"), .tag("team")]
        let zone = try #require(ReportZone(identifier: "Europe/Paris"))
        let parts = [
            UsageScan.Part(days: Day(iso: "2026-03-01")!...Day(iso: "2026-03-12")!, zone: zone, dimensions: [.project]),
            UsageScan.Part(days: Day(iso: "2026-03-13")!...Day(iso: "2026-03-31")!, zone: zone, dimensions: dimensions,
                           countsFailures: true),
        ]
        let split = try UsageScan(parts: parts, ledger: ledger, pricer: pricer, splitAt: 1)
        let whole = try UsageScan(parts: parts, ledger: ledger, pricer: pricer, splitAt: .max)
        #expect(split.cells.count == whole.cells.count)
        let sets: [[ReportDimension]] = [[], dimensions, [.model, .size, .status, .kind, .provider], [.project, .user]]
        for (part, granularity) in [(0, ReportGranularity.day), (1, .day), (1, .total), (1, .week)] {
            for keys in sets where part == 1 || keys.allSatisfy({ !UsageScan.reads($0) || $0 == .project }) {
                let a = try split.rows(part: part, dimensions: keys, granularity: granularity)
                let b = try whole.rows(part: part, dimensions: keys, granularity: granularity)
                #expect(!b.rows.isEmpty && Self.keyed(a.rows) == Self.keyed(b.rows) && a.currency == b.currency,
                        "part \(part) by \(keys) \(granularity)")
            }
        }
        #expect(Set(split.failureRows(part: 1).map { "\($0.code ?? "-") \($0.jobs) \($0.seconds)" })
            == Set(whole.failureRows(part: 1).map { "\($0.code ?? "-") \($0.jobs) \($0.seconds)" }))
        #expect(split.failureRows(part: 1).count == 3)
    }

    /// Inside a transaction another connection would not see its changes: the scan stays on one.
    @Test func aScanInsideATransactionIsNotSplit() throws {
        let inside = try ledger.transaction { try ledger.secondReader() }
        #expect(inside == nil)
        let memory = try Ledger(path: ":memory:").secondReader()
        #expect(memory == nil)
    }

    /// The guard against two snapshots: a commit by another connection between the two halves
    /// changes the version the scan compares, and the scan is then read again on one connection.
    @Test func aCommitByAnotherConnectionIsSeenByTheVersionCheck() throws {
        let before = try ledger.dataVersion()
        #expect(try ledger.dataVersion() == before, "reading changes nothing")
        let other = try Ledger(path: directory.file("ledger.sqlite"), create: false)
        let source = try other.ensureSource(kind: "file", name: "another")
        let job = Job(videoID: "video_late", model: "sora-2", status: .completed, seconds: 4, width: 1280, height: 720,
                      createdAt: Day(iso: "2026-03-20")!.unixStart)
        _ = try other.transaction {
            try other.makeJobWriter().record(Observation(job: job, prompt: nil, raw: "{}"), sourceID: source.id,
                                             sourceName: "another", line: nil, importID: nil, now: 0)
        }
        #expect(try ledger.dataVersion() != before)
    }
}
