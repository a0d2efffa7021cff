import Testing
@testable import SoraCostKit

/// The billing rules the ledger runs inside SQL (`BillingSQL`) agree with their Swift definitions
/// (`Price/BillingRules.swift`) on every combination: each status × kind × segment recorded or
/// not × completed or not, and every shape of model name a snapshot rule must tell apart.
@Suite struct BillingSQLTests {
    static let models = [
        "sora-2", "SORA-2", "sora-2-pro", "sora-2-2025-12-08", "Sora-2-2025-12-08", "sora-2-pro-2025-10-06",
        "sora-2-2024-02-29", "sora-2-2025-02-29", "sora-2-2025-13-01", "sora-2-2025-00-10", "sora-2-2025-1a-01",
        "sora-2-2025-+1-01", "sora-2_2025-12-08", "sora-2-20251208", "-2025-12-08", "2025-12-08",
        "sora-2-2025-12-08-2025-12-08", "sora-2-0000-01-01", "sora-2-2025-12-8", "sora-2--2025-12-08",
    ]
    static let bases = ["sora-2", "SORA-2", "sora-2-pro", "sora", "", "sora-2-2025-12-08", "-", "2025-12-08"]

    let ledger: Ledger
    /// The jobs as stored, read back.
    let jobs: [Job]

    init() throws {
        ledger = try Ledger(path: ":memory:")
        let writer = try ledger.makeJobWriter()
        let source = try ledger.ensureSource(kind: "file", name: "cases")
        var n = 0
        for status in JobStatus.allCases {
            for kind in RequestKind.allCases {
                for segment in [nil, 4] as [Int?] {
                    for completed in [nil, 1_760_100_000] as [Int64?] {
                        let model = BillingSQLTests.models[n % BillingSQLTests.models.count]
                        let job = Job(videoID: "video_\(n)", model: model, status: status, seconds: 12, width: 1280,
                                      height: 720, createdAt: 1_760_000_000 + Int64(n) * 3_600, completedAt: completed,
                                      kind: kind, segmentSeconds: segment)
                        try writer.record(Observation(job: job, prompt: nil, raw: "{}"), sourceID: source.id,
                                          sourceName: "cases", line: nil, importID: nil, now: 0)
                        n += 1
                    }
                }
            }
        }
        for model in BillingSQLTests.models {
            let job = Job(videoID: "model_\(n)", model: model, status: .completed, seconds: 8, width: 720, height: 1280,
                          createdAt: 1_760_000_000, completedAt: 1_760_000_500)
            try writer.record(Observation(job: job, prompt: nil, raw: "{}"), sourceID: source.id,
                              sourceName: "cases", line: nil, importID: nil, now: 0)
            n += 1
        }
        var jobs: [Job] = []
        try ledger.forEachJob { jobs.append($0) }
        self.jobs = jobs
    }

    @Test func theCasesCoverEveryCombination() {
        #expect(Set(jobs.map { "\($0.status)|\($0.kind)|\($0.segmentSeconds == nil)|\($0.completedAt == nil)" }).count == 64)
        #expect(Set(jobs.map(\.model)) == Set(BillingSQLTests.models))
    }

    @Test(arguments: PricingOptions.UsageDate.allCases)
    func theUsageInstantAgrees(usageDate: PricingOptions.UsageDate) throws {
        let sql = try ledger.database.prepare("SELECT video_id, \(BillingSQL.instant(usageDate)) FROM jobs")
            .rows { ($0.text(0) ?? "", $0.int64(1)) }
        let inSQL = Dictionary(uniqueKeysWithValues: sql)
        for job in jobs {
            #expect(inSQL[job.videoID] == usageDate.instant(of: job), "\(job.videoID)")
            #expect(PricingOptions(usageDate: usageDate).usageDay(of: job).index == Int(inSQL[job.videoID]! / 86_400))
        }
    }

    @Test(arguments: bases)
    func aModelBillsAsItsBaseInSQLAsInSwift(base: String) throws {
        let condition = BillingSQL.billsAs(column: "model", base: base)
        let inSQL = Set(try ledger.database.prepare("SELECT video_id FROM jobs WHERE \(condition.text)")
            .rows(condition.arguments) { $0.text(0) ?? "" })
        let inSwift = Set(jobs.filter { ModelName.billsAs($0.model, base: base) }.map(\.videoID))
        #expect(inSQL == inSwift)
        var filtered: Set<String> = []
        try ledger.forEachJob(matching: JobFilter(model: base)) { filtered.insert($0.videoID) }
        #expect(filtered == inSwift)
    }

    @Test func snapshotsBillAsTheirBase() {
        #expect(ModelName.billsAs("Sora-2-2025-12-08", base: "sora-2"))
        #expect(ModelName.billsAs("sora-2-2024-02-29", base: "sora-2"))
        #expect(!ModelName.billsAs("sora-2-2025-02-29", base: "sora-2"), "no such day")
        #expect(!ModelName.billsAs("sora-2-pro-2025-10-06", base: "sora-2"))
        #expect(!ModelName.billsAs("sora-2-2025-+1-01", base: "sora-2"))
    }

    @Test func unfinishedStatusesAreTheNonTerminalOnes() throws {
        let inSQL = Set(try ledger.database.rows("SELECT video_id FROM jobs WHERE status IN \(BillingSQL.unfinishedStatuses)") {
            $0.text(0) ?? ""
        })
        #expect(inSQL == Set(jobs.filter { !$0.status.isTerminal }.map(\.videoID)))
        #expect(!inSQL.isEmpty)
    }

    /// A usage row carries its job's figures, placed by the same usage instant, and only the
    /// jobs of the requested range.
    @Test(arguments: PricingOptions.UsageDate.allCases)
    func usageRowsCarryTheJobsFigures(usageDate: PricingOptions.UsageDate) throws {
        struct Figures: Hashable {
            var instant: Int64, model: String, status: String, kind: String, seconds: Int, segment: Int?
        }
        let (from, to) = (Int64(1_760_000_000 + 3_600 * 10), Int64(1_760_000_000 + 3_600 * 50))
        var rows: [Figures: Int] = [:]
        try ledger.forEachUsageRow(UsageRowRequest(from: from, to: to, usageDate: usageDate)) { row in
            func text(_ bytes: UnsafeRawBufferPointer?) -> String { bytes.map { String(decoding: $0, as: UTF8.self) } ?? "" }
            rows[Figures(instant: row.instant, model: text(row.model), status: text(row.status), kind: text(row.kind),
                         seconds: row.seconds, segment: row.segmentSeconds), default: 0] += 1
        }
        var expected: [Figures: Int] = [:]
        for job in jobs {
            let instant = usageDate.instant(of: job)
            guard instant >= from, instant < to else { continue }
            expected[Figures(instant: instant, model: job.model, status: job.status.rawValue, kind: job.kind.rawValue,
                             seconds: job.seconds, segment: job.segmentSeconds), default: 0] += 1
        }
        #expect(!expected.isEmpty && expected.count < jobs.count)
        #expect(rows == expected)
    }
}

@Suite struct SQLFragmentTests {
    @Test func interpolatedValuesAreBoundInOrder() {
        let inner: SQL = "b = \("x")"
        let sql: SQL = "SELECT 1 WHERE a = \(Int64(3)) AND \(inner) AND \(raw: "c") IS \(nil as String?) AND d = \(true)"
        #expect(sql.text == "SELECT 1 WHERE a = ? AND b = ? AND c IS ? AND d = ?")
        #expect(sql.arguments == [.int(3), .text("x"), .null, .int(1)])
        #expect(SQL.joined(["a = \(1)", "b = \(2)"], separator: " OR ").text == "a = ? OR b = ?")
    }
}
