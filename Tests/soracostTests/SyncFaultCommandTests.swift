import Foundation
@testable import SoraCostKit
import Testing

/// `soracost sync` against network faults and endless servers: each ends in bounded time with
/// exit 2 and a clear message, keeps the pages committed before, and never lets the key out.
@Suite struct SyncFaultCommandTests {
    let scratch: Scratch
    var db: String { scratch.file("ledger.sqlite") }
    typealias S = SyncCommandTests

    init() throws {
        scratch = try Scratch()
    }

    func sync(_ baseURL: String, _ extra: [String] = []) throws -> Soracost.Result {
        try Soracost.run(["sync", "--db", db, "--base-url", baseURL, "--timeout", "2", "--retries", "0"] + extra,
                         environment: ["OPENAI_API_KEY": S.key])
    }

    func jobs() throws -> Int {
        guard FileManager.default.fileExists(atPath: db) else { return 0 }
        return Int(try Ledger(path: db, access: .read).database.scalarInt("SELECT COUNT(*) FROM jobs") ?? -1)
    }

    /// Page 2 (after video_4) answered by `fault`; page 1 must stay stored.
    func faultOnPage2(_ fault: LoopbackServer.Response) throws -> (Soracost.Result, LoopbackServer) {
        let server = try S.server(S.videos(6)) { request in request.query?["after"] == "video_5" ? fault : nil }
        return (try sync(server.baseURL + "/v1"), server)
    }

    func expectClean(_ result: Soracost.Result, _ message: String, jobs expected: Int,
                     sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        #expect(result.status == 2, "\(result.status)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(try jobs() == expected, sourceLocation: sourceLocation)
        #expect(!(result.stdout + result.stderr).contains("FAKEcli"), sourceLocation: sourceLocation)
        for path in [db, db + "-wal"] where FileManager.default.fileExists(atPath: path) {
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)).range(of: Data(S.key.utf8)) == nil,
                    sourceLocation: sourceLocation)
        }
        if FileManager.default.fileExists(atPath: db) {
            let ledger = try Ledger(path: db, access: .read)
            #expect(try ledger.integrityCheck() == ["ok"], sourceLocation: sourceLocation)
            #expect(try ledger.usageHoursDrift() == [], sourceLocation: sourceLocation)
        }
    }

    @Test func aRefusedConnectionStopsAtOnce() throws {
        let server = try LoopbackServer { _ in .json("{}") }
        let url = server.baseURL + "/v1"
        server.stop()
        try expectClean(try sync(url), "sync stopped at page 1", jobs: 0)
    }

    @Test func aBodyCutMidwayStopsAndKeepsPage1() throws {
        let (result, server) = try faultOnPage2(.json(S.page(S.videos(6)[2..<4], hasMore: true), truncateAfter: 40))
        defer { server.stop() }
        try expectClean(result, "sync stopped at page 2 (after video_5)", jobs: 2)
    }

    @Test func aServerThatNeverAnswersIsBoundedByTheTimeout() throws {
        let (result, server) = try faultOnPage2(.json("{}", delay: 60))
        defer { server.stop() }
        try expectClean(result, "timed out", jobs: 2)
    }

    @Test func aRedirectToAnotherHostIsNotFollowedWithTheKey() throws {
        let elsewhere = try LoopbackServer { _ in .json(S.page(S.videos(6)[2..<4], hasMore: false)) }
        defer { elsewhere.stop() }
        let (result, server) = try faultOnPage2(LoopbackServer.Response(
            status: 302, headers: [(name: "Location", value: elsewhere.baseURL + "/v1/videos?after=video_5")]))
        defer { server.stop() }
        try expectClean(result, "sync stopped at page 2", jobs: 2)
        #expect(elsewhere.requests.isEmpty, "the other host got \(elsewhere.requests.count) requests")
    }

    @Test func aCursorThatRepeatsForeverStopsAfterAFewRequests() throws {
        // Page 3 (after video_3) sends the walk back to video_5: A → B → A, forever if followed.
        let server = try S.server(S.videos(6)) { request in
            guard request.query?["after"] == "video_3" else { return nil }
            return .json(S.page(S.videos(6)[4..<6], hasMore: true)
                .replacingOccurrences(of: #""last_id":"video_1""#, with: #""last_id":"video_5""#))
        }
        defer { server.stop() }
        try expectClean(try sync(server.baseURL + "/v1"), "already visited in this walk: the pages loop", jobs: 4)
        #expect(server.requests.count == 3)
    }

    @Test func hasMoreWithAnEmptyPageStops() throws {
        let (result, server) = try faultOnPage2(.json(#"{"object":"list","data":[],"first_id":null,"last_id":"video_0","has_more":true}"#))
        defer { server.stop() }
        try expectClean(result, "\"has_more\" is true but the page holds no videos", jobs: 2)
    }
}
