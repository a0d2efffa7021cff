import Foundation
@testable import SoraCostKit
import Testing

/// The Costs API walk against servers that misbehave (127.0.0.1, fake admin key): pages that
/// loop, pages that never end, a 404 and a 401; and the query the walk sends.
extension ReconcileTests {
    /// A server answering each `page` cursor with `next(cursor)` and no buckets, `has_more` true;
    /// after `cap` requests it answers 400, so a walk that does not stop fails instead of hanging.
    static func endless(cap: Int = 2_000, next: @escaping @Sendable (String?) -> String) throws -> LoopbackServer {
        let count = Counter()
        return try LoopbackServer { request in
            guard count.next() < cap else { return .json("{\"error\":{\"message\":\"enough\"}}", status: 400) }
            return .json(page([], next: next(request.query?["page"])))
        }
    }

    func walk(_ server: LoopbackServer) throws {
        _ = try CostsAPI.fetch(client: try client(server), from: september.firstDay.unixStart,
                               to: september.next.firstDay.unixStart)
    }

    @Test func pagesThatLoopBackToAnEarlierCursorEndTheWalk() throws {
        // A → B → A: the third page names A again, which the walk has already read.
        let server = try Self.endless { cursor in cursor == "A" ? "B" : "A" }
        defer { server.stop() }
        let error = try #require(throws: APIError.self) { try walk(server) }
        guard case .malformedPage(_, let reason) = error else { Issue.record("expected malformedPage, got \(error)"); return }
        #expect(reason == "the next cursor A was already visited in this walk: the pages loop; stopped after 3 pages")
        #expect(server.requests.map { $0.query?["page"] } == [nil, "A", "B"])
    }

    @Test func aWalkThatNeverEndsStopsAtThePageCap() throws {
        let server = try Self.endless { cursor in "c\((cursor.flatMap { Int($0.dropFirst()) } ?? 0) + 1)" }
        defer { server.stop() }
        let error = try #require(throws: APIError.self) { try walk(server) }
        #expect(error.description.contains("has_more is still true after \(CostsAPI.maxPages) pages"), "\(error)")
        #expect(server.requests.count == CostsAPI.maxPages)
    }

    @Test func groupByIsSentAsRepeatedParameters() throws {
        let (_, requests) = try fetch(Self.pages().map { .json($0) })
        let target = try #require(requests.first?.target)
        #expect(target.contains("&group_by=line_item&group_by=project_id&"), "\(target)")
        #expect(!target.contains(",") && !target.contains("%2C"), "\(target)")
    }

    @Test func a404SaysTheCostsEndpointIsNotServedThere() throws {
        let server = try LoopbackServer(script: [.json("{\"error\":{\"message\":\"Not found\"}}", status: 404)])
        defer { server.stop() }
        let error = try #require(throws: CostsAPIError.self) { try walk(server) }
        guard case .notServed = error else { Issue.record("expected notServed, got \(error)"); return }
        #expect(error.description.contains("No organization costs endpoint is served there"), "\(error)")
        #expect(error.description.contains("Azure OpenAI and gateways do not serve /organization/costs"))
        #expect(!error.description.contains("Videos API") && !error.description.contains("shut"))
        #expect(!error.description.contains(Self.key))
        #expect(error.settings == [.baseURL])
    }

    @Test func a401AsksForAnAdminKeyNotVideoAccess() throws {
        let server = try LoopbackServer(script: [.json("{\"error\":{\"message\":\"Missing scope\"}}", status: 401)])
        defer { server.stop() }
        let error = try #require(throws: CostsAPIError.self) { try walk(server) }
        guard case .unauthorized = error else { Issue.record("expected unauthorized, got \(error)"); return }
        #expect(error.description.contains("organization admin key"), "\(error)")
        #expect(!error.description.contains("video") && !error.description.contains(Self.key))
        #expect(server.requests.count == 1)
    }

    @Test func costsWithoutALineItemAreListedButNotCompared() throws {
        // $5.00 of the organisation's unlabelled cost on the 1st must not count as Sora.
        let first = Self.bucket(1, [("proj_web", "0.8", "Sora video, sora-2"), ("proj_web", "5.0", "x")])
            .replacingOccurrences(of: "\"line_item\":\"x\"", with: "\"line_item\":null")
        let second = Self.bucket(2, [("proj_web", "1.6", "Sora video, sora-2"), ("proj_app", "0.4", "sora-2 720p")])
        let (lines, _) = try fetch([.json(Self.page([first, second], next: nil))])
        #expect(lines.contains { $0.lineItem == nil && $0.amount == Money(micros: 5_000_000) })
        let result = try reconcile(lines)
        #expect(result.isWithinTolerance && result.billedTotal == Money(micros: 2_800_000))
        let unlabelled = try #require(result.unlabelled)
        #expect(unlabelled.lines == 1 && unlabelled.amount == Money(micros: 5_000_000) && !unlabelled.selected)
        let markdown = ReportFormat.md.render(result.document)
        #expect(markdown.contains("| (no line item) | 1 | 5.00 | no (unlabelled) |"), "\(markdown)")
        #expect(markdown.contains("1 billed line(s) without a line item (5.00 USD) are not compared"))
    }

    @Test func aBillingCSVWithoutTheLineItemColumnIsComparedWhole() throws {
        let csv = try BillingCSV.parse("date,project,amount\n2026-09-01,web,0.80\n2026-09-02,web,1.60\n2026-09-02,app,0.40\n",
                                       source: "bill.csv")
        let result = try reconcile(csv, map: nil, sourceNames: true)
        #expect(result.isWithinTolerance && result.billedTotal == Money(micros: 2_800_000))
        #expect(result.unlabelled == nil && result.lineItems.map(\.selected) == [true])
        // With the column, an empty cell is unlabelled: listed, not compared.
        let labelled = try BillingCSV.parse("date,project,amount,line_item\n2026-09-01,web,0.80,Sora\n2026-09-02,web,1.60,\n",
                                            source: "bill.csv")
        let partial = try reconcile(labelled, map: nil, sourceNames: true)
        #expect(partial.billedTotal == Money(micros: 800_000) && partial.unlabelled?.amount == Money(micros: 1_600_000))
    }

    @Test func aMissingFileSaysWhatIsWrongWithThePath() throws {
        let folder = try TemporaryDirectory()
        let missing = folder.file("none.jsonl")
        let costs = try #require(throws: BilledSourceError.self) { try CostsAPI.read(path: missing) }
        #expect(costs.description == "\(missing): cannot read the saved Costs API export: no such file or directory")
        let billing = try #require(throws: BilledSourceError.self) { try BillingCSV.read(path: folder.path) }
        #expect(billing.description == "\(folder.path): cannot read the billing CSV: is a directory")
    }
}
