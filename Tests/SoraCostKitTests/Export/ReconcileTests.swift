import Foundation
@testable import SoraCostKit
import Testing

/// Reconciliation against a loopback Costs API (127.0.0.1, fake admin key), saved exports and
/// billing CSVs. The ledger: three September days; 1280x720 sora-2 costs $0.10 a second.
@Suite struct ReconcileTests {
    static let key = "sk-admin-fake-0000"
    let september = Month(year: 2026, month: 9)

    /// web: $0.80 on the 1st, $1.60 on the 2nd; app: $0.40 on the 2nd.
    func ledger() throws -> ReportLedger {
        let ledger = try ReportLedger()
        try ledger.add("2026-09-01T10:00:00Z", seconds: 8, project: "web")
        try ledger.add("2026-09-02T09:00:00Z", seconds: 16, project: "web")
        try ledger.add("2026-09-02T12:00:00Z", seconds: 4, project: "app")
        try ledger.add("2026-09-02T13:00:00Z", seconds: 4, status: .queued, project: "app")  // pending: no cost
        return ledger
    }

    static func bucket(_ day: Int, _ results: [(String?, String, String)]) -> String {
        let start = Day(year: 2026, month: 9, day: day).unixStart
        let items = results.map { project, value, item in
            "{\"object\":\"organization.costs.result\",\"amount\":{\"value\":\(value),\"currency\":\"usd\"},"
                + "\"line_item\":\"\(item)\",\"project_id\":\(project.map { "\"\($0)\"" } ?? "null")}"
        }
        return "{\"object\":\"bucket\",\"start_time\":\(start),\"end_time\":\(start + 86_400),\"results\":[\(items.joined(separator: ","))]}"
    }

    static func page(_ buckets: [String], next: String?) -> String {
        "{\"object\":\"page\",\"data\":[\(buckets.joined(separator: ","))],\"has_more\":\(next != nil),"
            + "\"next_page\":\(next.map { "\"\($0)\"" } ?? "null")}"
    }

    /// Two pages: the 1st, then the 2nd (with a non-Sora line item that must be ignored).
    static func pages(web2: String = "1.6000000000000001", app2: String = "0.4", skipSecondDay: Bool = false) -> [String] {
        [page([bucket(1, [("proj_web", "0.8", "Sora video, sora-2"), ("proj_web", "3.25", "gpt-5 input")])], next: "page_2"),
         page(skipSecondDay ? [] : [bucket(2, [("proj_web", web2, "Sora video, sora-2"), ("proj_app", app2, "sora-2 720p")])], next: nil)]
    }

    static let map = ProjectMap(projects: ["proj_web": "web", "proj_app": "app"])

    func client(_ server: LoopbackServer) throws -> VideosAPIClient {
        try VideosAPIClient(configuration: .init(
            baseURL: server.baseURL + "/v1", auth: .bearer(Secret(Self.key)), connectTimeout: 2, totalTimeout: 10,
            retry: RetryPolicy(maxRetries: 3, sleep: { _ in }, random: { 0.5 })))
    }

    func reconcile(_ lines: [BilledLine], map: ProjectMap? = map, sourceNames: Bool = false) throws -> Reconciliation {
        let ledger = try ledger()
        return try Reconciliation.run(
            ReconcileRequest(month: september, projectMap: map, sourceNamesLedgerProjects: sourceNames, sourceName: "test"),
            billed: lines, ledger: ledger.ledger, pricer: ledger.pricer)
    }

    func fetch(_ script: [LoopbackServer.Response]) throws -> ([BilledLine], [LoopbackServer.Request]) {
        let server = try LoopbackServer(script: script)
        defer { server.stop() }
        let lines = try CostsAPI.fetch(client: try client(server), from: september.firstDay.unixStart,
                                       to: september.next.firstDay.unixStart)
        return (lines, server.requests)
    }

    @Test func aMatchingMonthFollowsNextPageAndMatchesEveryCell() throws {
        let (lines, requests) = try fetch(Self.pages().map { .json($0) })
        #expect(requests.count == 2)
        let first = try #require(requests.first?.query)
        #expect(requests[0].path == "/v1/organization/costs")
        #expect(first["start_time"] == "1788220800" && first["end_time"] == "1790812800")
        #expect(first["bucket_width"] == "1d" && first["page"] == nil)
        #expect(requests[0].target.contains("&group_by=line_item&group_by=project_id&"))
        #expect(requests[1].query?["page"] == "page_2")
        #expect(requests.allSatisfy { $0.header("authorization") == "Bearer \(Self.key)" })

        let result = try reconcile(lines)
        #expect(result.byProject)
        #expect(result.isWithinTolerance)
        #expect(result.cells.map(\.status) == [.matched, .matched, .matched])
        #expect(result.ledgerTotal == Money(micros: 2_800_000) && result.billedTotal == Money(micros: 2_800_000))
        #expect(result.lineItems.map(\.name) == ["Sora video, sora-2", "gpt-5 input", "sora-2 720p"])
        #expect(result.lineItems.map(\.selected) == [true, false, true])
        let csv = ReportFormat.csv.render(result.document)
        #expect(csv.hasPrefix("date,project,ledger,billed,difference,status\r\n2026-09-01,web,0.80,0.80,0.00,matched\r\n"))
    }

    @Test func aMissingDayIsReportedAsNotBilled() throws {
        let (lines, _) = try fetch(Self.pages(skipSecondDay: true).map { .json($0) })
        let result = try reconcile(lines)
        #expect(!result.isWithinTolerance)
        #expect(result.cells.map(\.status) == [.matched, .missingBilled, .missingBilled])
        #expect(result.cells.filter { $0.status == .missingBilled }.map(\.day) == [Day(year: 2026, month: 9, day: 2), Day(year: 2026, month: 9, day: 2)])
    }

    @Test func anOverBilledProjectIsFlaggedAndTheOthersMatch() throws {
        let (lines, _) = try fetch(Self.pages(web2: "1.75").map { .json($0) })
        let result = try reconcile(lines)
        #expect(!result.isWithinTolerance)
        let web2 = try #require(result.cells.first { $0.project == "web" && $0.day == Day(year: 2026, month: 9, day: 2) })
        #expect(web2.status == .over && web2.difference == Money(micros: 150_000))
        #expect(result.count(.matched) == 2)
        // Within a wider tolerance the same cell matches.
        let ledger = try ledger()
        let loose = try Reconciliation.run(
            ReconcileRequest(month: september, tolerance: Money(micros: 200_000), projectMap: Self.map,
                             sourceNamesLedgerProjects: false, sourceName: "test"),
            billed: lines, ledger: ledger.ledger, pricer: ledger.pricer)
        #expect(loose.isWithinTolerance)
    }

    @Test func aRateLimitMidWalkIsRetriedAndTheWalkCompletes() throws {
        let pages = Self.pages()
        let (lines, requests) = try fetch([
            .json(pages[0]),
            .json("{\"error\":{\"message\":\"slow down\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}", status: 429,
                  headers: [(name: "retry-after-ms", value: "10")]),
            .json(pages[1]),
        ])
        #expect(requests.count == 3)
        #expect(requests[1].query?["page"] == "page_2" && requests[2].query?["page"] == "page_2")
        #expect(try reconcile(lines).isWithinTolerance)
    }

    @Test func aGoneEndpointAndABadKeyFailWithoutLeakingTheKey() throws {
        let gone = try LoopbackServer(script: [.json("{\"error\":{\"message\":\"gone\"}}", status: 404)])
        defer { gone.stop() }
        let error = try #require(throws: CostsAPIError.self) {
            try CostsAPI.fetch(client: try client(gone), from: 0, to: 86_400)
        }
        guard case .notServed = error else { Issue.record("expected notServed, got \(error)"); return }
        #expect(!error.description.contains(Self.key))
    }

    @Test func unmappedProjectsFallBackToDayTotals() throws {
        let (lines, _) = try fetch(Self.pages().map { .json($0) })
        let result = try reconcile(lines, map: ProjectMap(projects: ["proj_web": "web"]))
        #expect(!result.byProject)
        #expect(result.unmappedProjects == ["proj_app"])
        #expect(result.cells.map(\.project) == [nil, nil] && result.isWithinTolerance)
    }

    @Test func aSavedExportReadsLikeTheAPI() throws {
        let folder = try TemporaryDirectory()
        let jsonl = try folder.write("costs.jsonl", Self.pages().joined(separator: "\n") + "\n")
        let array = try folder.write("costs.json", "[" + Self.pages().joined(separator: ",") + "]")
        #expect(try reconcile(CostsAPI.read(path: jsonl)).isWithinTolerance)
        #expect(try CostsAPI.read(path: array) == CostsAPI.read(path: jsonl).map { line in
            var copy = line
            copy.origin = line.origin.replacingOccurrences(of: "costs.jsonl:1", with: "costs.json: [0]")
                .replacingOccurrences(of: "costs.jsonl:2", with: "costs.json: [1]")
            return copy
        })
        let broken = try folder.write("broken.jsonl", Self.pages()[0] + "\n{\"data\": [\n")
        let error = try #require(throws: BilledSourceError.self) { try CostsAPI.read(path: broken) }
        #expect(error.location.hasPrefix(broken + ":2:"))
    }

    @Test func aBillingCSVComparesByProjectNames() throws {
        let csv = try BillingCSV.parse("""
            Date,Project,Amount,Currency,Line Item
            2026-09-01,web,0.80,USD,Sora
            2026-09-02,web,1.60,usd,Sora
            2026-09-02,app,0.30,USD,Sora
            2026-09-03,app,1.00,USD,Sora
            2026-09-03,app,9.00,USD,Storage
            """, source: "bill.csv")
        let result = try reconcile(csv, map: nil, sourceNames: true)
        #expect(result.cells.map(\.status) == [.matched, .under, .matched, .missingLedger])
        #expect(!result.isWithinTolerance)
        let error = try #require(throws: BilledSourceError.self) {
            try BillingCSV.parse("date,project,amount\n2026-09-01,web,1,00\n2026-13-01,web,1\n", source: "bad.csv")
        }
        #expect(error.description.hasPrefix("bad.csv:3:1: date must be YYYY-MM-DD"))
        #expect(throws: BilledSourceError.self) { try BillingCSV.parse("day,amount\n", source: "h.csv") }
    }

    @Test func theProjectMapIsAConfigFile() throws {
        let map = try ProjectMap.parse(text: """
            {"version": 1, "_note": "Costs API ids", "projects": [{"project_id": "proj_web", "project": "web"}]}
            """, source: "map.json")
        #expect(map.projects == ["proj_web": "web"])
        let error = try #require(throws: ConfigError.self) {
            try ProjectMap.parse(text: """
                {"version": 1, "projects": [{"project_id": "proj_web"}, {"project_id": "proj_web", "project": "w", "team": 1}]}
                """, source: "map.json")
        }
        #expect(error.issues.map(\.description) == [
            "map.json: projects[0].project: missing; the project name the ledger records",
            "map.json: projects[1].team: unknown member; expected one of project_id, project (prefix a comment with _)",
        ])
    }
}
