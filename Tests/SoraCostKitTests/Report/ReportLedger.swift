@testable import SoraCostKit

/// A `:memory:` ledger that report tests fill job by job.
final class ReportLedger: JobLedger {
    let pricer = Pricer(card: EffectiveCard(user: nil))

    init() throws {
        try super.init(path: ":memory:")
    }

    /// Adds one job created at `created` (ISO 8601 UTC); a 1280x720 sora-2 job costs $0.10 a
    /// second at the built-in list price, a 1792x1024 sora-2-pro one $0.50.
    func add(_ created: String, model: String = "sora-2", size: (Int, Int) = (1280, 720), seconds: Int = 8,
             status: JobStatus = .completed, provider: String = "openai", project: String? = "p",
             user: String? = "u@example.com", tags: [String: String] = [:], errorCode: String? = nil,
             batch: Bool = false, kind: RequestKind = .create, segmentSeconds: Int? = nil) throws {
        guard let at = Timestamp.parseISO(created) else { fatalError("bad time \(created)") }
        try record { id in
            Job(provider: provider, videoID: id, model: model, status: status, seconds: seconds,
                width: size.0, height: size.1, createdAt: at,
                completedAt: status.isTerminal ? at + 120 : nil, errorCode: errorCode,
                project: project, user: user, tags: tags, isBatch: batch, kind: kind, segmentSeconds: segmentSeconds)
        }
    }

    func report(_ cadence: ReportCadence, _ period: ReportPeriod, by dimensions: [ReportDimension] = [],
                zone: ReportZone = .utc, asOf: Day? = nil, chart: String? = nil, pricer: Pricer? = nil) throws -> UsageReport {
        try UsageReport.build(UsageReportRequest(cadence: cadence, period: period, zone: zone, dimensions: dimensions,
                                                 asOf: asOf, chartLink: chart),
                              ledger: ledger, pricer: pricer ?? self.pricer)
    }

    /// A varied month: every model and size, failures with codes, pending, unpriced 1080p, batch,
    /// several projects and users, jobs without a project.
    func seedSeptember() throws {
        let models: [(String, (Int, Int))] = [("sora-2", (1280, 720)), ("sora-2-pro", (1792, 1024)),
                                              ("sora-2-pro-2025-10-06", (720, 1280)), ("sora-2-pro", (1920, 1080))]
        var n = 0
        for day in 1...30 {
            for slot in 0..<(day % 4 + 1) {
                n += 1
                let (model, size) = models[n % models.count]
                let status: JobStatus = n % 11 == 0 ? .failed : (n % 17 == 0 ? .queued : .completed)
                let hour = (slot * 7 + day) % 24
                try add("2026-09-\(day < 10 ? "0" : "")\(day)T\(hour < 10 ? "0" : "")\(hour):15:00Z", model: model, size: size,
                        seconds: [4, 8, 12, 16][n % 4], status: status, project: ["web", "app", nil][n % 3],
                        user: "user\(n % 13)@example.com", tags: n % 5 == 0 ? [:] : ["campaign": "c\(n % 3)"],
                        errorCode: status == .failed ? (n % 2 == 0 ? "moderation_blocked" : "internal_error") : nil,
                        batch: n % 9 == 0)
            }
        }
    }
}
