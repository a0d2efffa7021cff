import Foundation
@testable import SoraCostKit
import Testing

/// End-to-end runs of `soracost sync` against a Videos API played by a `LoopbackServer` on
/// 127.0.0.1: stdout, stderr, exit status, what lands in the ledger, and never the key.
@Suite struct SyncCommandTests {
    static let key = "sk-test-FAKEcli0123456789"
    let scratch: Scratch
    var db: String { scratch.file("ledger.sqlite") }

    init() throws {
        scratch = try Scratch()
    }

    /// A video object as the API writes it; `video_<n>` is created `n` minutes after a fixed instant.
    static func video(_ n: Int, status: String = "completed", prefix: String = "video_") -> (id: String, json: String) {
        let created = 1_760_000_000 + n * 60
        let completed = status == "completed" ? "\(created + 90)" : "null"
        return ("\(prefix)\(n)", #"{"id":"\#(prefix)\#(n)","object":"video","model":"sora-2","status":"\#(status)","progress":100,"created_at":\#(created),"completed_at":\#(completed),"expires_at":null,"prompt":"a secret prompt","size":"720x1280","seconds":"8","remixed_from_video_id":null,"error":null}"#)
    }

    static func videos(_ count: Int) -> [(id: String, json: String)] { (1...count).reversed().map { video($0) } }

    static func page(_ items: ArraySlice<(id: String, json: String)>, hasMore: Bool) -> String {
        #"{"object":"list","data":[\#(items.map(\.json).joined(separator: ","))],"first_id":\#(items.first.map { "\"\($0.id)\"" } ?? "null"),"last_id":\#(items.last.map { "\"\($0.id)\"" } ?? "null"),"has_more":\#(hasMore)}"#
    }

    static func error(_ message: String, type: String = "invalid_request_error", code: String? = nil) -> String {
        #"{"error":{"message":"\#(message)","type":"\#(type)","param":null,"code":\#(code.map { "\"\($0)\"" } ?? "null")}}"#
    }

    /// A server listing `videos` two per page (whatever `limit` asks, as servers may), with
    /// `override` answering first when it returns a response.
    static func server(_ videos: [(id: String, json: String)],
                       override: @escaping @Sendable (LoopbackServer.Request) -> LoopbackServer.Response? = { _ in nil })
        throws -> LoopbackServer {
        try LoopbackServer { request in
            if let response = override(request) { return response }
            let requestID = [(name: "x-request-id", value: "req_\(request.index)")]
            guard request.path.hasSuffix("/videos") else {
                let id = request.path.split(separator: "/").last.map(String.init) ?? ""
                guard let video = videos.first(where: { $0.id == id }) else {
                    return .json(error("not found"), status: 404, headers: requestID)
                }
                return .json(video.json, headers: requestID)
            }
            let start = request.query?["after"].flatMap { after in videos.firstIndex { $0.id == after } }.map { $0 + 1 } ?? 0
            let end = min(start + 2, videos.count)
            return .json(page(videos[start..<end], hasMore: end < videos.count), headers: requestID)
        }
    }

    func sync(_ server: LoopbackServer, _ arguments: [String] = [], environment: [String: String]? = nil) throws -> Soracost.Result {
        try Soracost.run(["sync", "--db", db, "--base-url", server.baseURL + "/v1"] + arguments,
                         environment: environment ?? ["OPENAI_API_KEY": Self.key])
    }

    /// Fails if the key is in any output or in the ledger's files.
    func expectNoKey(_ results: [Soracost.Result], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        for result in results {
            #expect(!result.stdout.contains("FAKEcli"), "key in stdout", sourceLocation: sourceLocation)
            #expect(!result.stderr.contains("FAKEcli"), "key in stderr", sourceLocation: sourceLocation)
        }
        let needle = Data(Self.key.utf8)
        var read = 0
        for path in [db, db + "-wal"] where FileManager.default.fileExists(atPath: path) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            read += bytes.count
            #expect(bytes.range(of: needle) == nil, "key in \(path)", sourceLocation: sourceLocation)
        }
        #expect(read > 0, "no ledger file to check", sourceLocation: sourceLocation)
    }

    func jobIDs() throws -> [String] {
        try Ledger(path: db, create: false).database.prepare("SELECT video_id FROM jobs ORDER BY created_at DESC")
            .rows { $0.text(0) ?? "" }
    }

    // MARK: Success

    @Test func syncsEveryPageThenOnlyWhatChanged() throws {
        let server = try Self.server(Self.videos(5))
        defer { server.stop() }

        let first = try sync(server, ["--project", "proj_9", "--organization", "org-1"])

        #expect(first.status == 0)
        #expect(first.stdout == "synced 3 pages: 5 new, 0 updated, 0 unchanged, 0 rejected; refreshed 0 in-progress jobs\n")
        #expect(first.stderr == "")
        let request = try #require(server.requests.first)
        #expect(request.target == "/v1/videos?limit=100&order=desc")
        #expect(request.header("authorization") == "Bearer \(Self.key)")
        #expect(request.header("openai-project") == "proj_9")
        #expect(request.header("openai-organization") == "org-1")
        #expect(server.requests.map { $0.query?["after"] ?? "-" } == ["-", "video_4", "video_2"])
        #expect(try jobIDs() == ["video_5", "video_4", "video_3", "video_2", "video_1"])
        let ledger = try Ledger(path: db, create: false)
        #expect(try ledger.source(named: "api:openai:proj_9@127.0.0.1:\(server.port)/v1")?.kind == "api")
        #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM jobs WHERE account = 'proj_9'") == 5)

        let quiet = try sync(server, ["-q", "--project", "proj_9"])
        #expect(quiet.status == 0)
        #expect(quiet.stdout == "")
        #expect(quiet.stderr == "")
        #expect(server.requests.count == 4)

        let again = try sync(server, ["--project", "proj_9"])
        #expect(again.status == 0)
        #expect(again.stdout == "synced 1 page: 0 new, 0 updated, 2 unchanged, 0 rejected; refreshed 0 in-progress jobs\n")

        let full = try sync(server, ["--project", "proj_9", "--full"])
        #expect(full.stdout == "synced 3 pages: 0 new, 0 updated, 5 unchanged, 0 rejected; refreshed 0 in-progress jobs\n")
        try expectNoKey([first, quiet, again, full])
    }

    @Test func syncsFromAzureWithTheApiKeyHeader() throws {
        let azureKey = "0123456789abcdef0123456789abcdef"
        let server = try Self.server(Self.videos(3))
        defer { server.stop() }

        let result = try sync(server, ["--auth-header", "api-key", "--api-key-env", "AZURE_OPENAI_API_KEY",
                                       "--provider", "azure", "--account", "east"],
                              environment: ["AZURE_OPENAI_API_KEY": azureKey])

        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("synced 2 pages: 3 new"))
        #expect(server.requests.allSatisfy { $0.header("api-key") == azureKey && $0.header("authorization") == nil })
        let ledger = try Ledger(path: db, create: false)
        #expect(try ledger.database.scalarInt("SELECT COUNT(*) FROM jobs WHERE provider = 'azure' AND account = 'east'") == 3)
        #expect(try ledger.source(named: "api:azure:east@127.0.0.1:\(server.port)/v1") != nil)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: db)) + ((try? Data(contentsOf: URL(fileURLWithPath: db + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data(azureKey.utf8)) == nil)
    }

    @Test func readsTheKeyFromAFile() throws {
        let server = try Self.server(Self.videos(1))
        defer { server.stop() }
        let keyFile = try scratch.write("secrets/key", "\n  \(Self.key)  \n")

        let result = try sync(server, ["--api-key-file", keyFile], environment: [:])

        #expect(result.status == 0)
        #expect(server.requests.first?.header("authorization") == "Bearer \(Self.key)")
        try expectNoKey([result])
    }

    @Test func rejectedItemsAreReportedWithExitStatusOne() throws {
        var videos = Self.videos(3)
        videos[1] = (id: "video_2", json: #"{"id":"video_2","object":"video","model":"sora-2","status":"completed","created_at":1760000120,"size":"720x1280"}"#)
        let server = try Self.server(videos)
        defer { server.stop() }

        let result = try sync(server)

        #expect(result.status == 1)
        #expect(result.stdout == "synced 2 pages: 2 new, 0 updated, 0 unchanged, 1 rejected; refreshed 0 in-progress jobs\n")
        #expect(result.stderr == "rejected api:openai:default@127.0.0.1:\(server.port)/v1 page 1 item 2: field 'seconds': missing\n")
    }

    @Test func rateLimitsAndServerErrorsAreRetried() throws {
        let served = Counter()
        let server = try Self.server(Self.videos(5)) { request in
            switch (request.query?["after"], served.next()) {
            case ("video_4", 1):
                .json(Self.error("Rate limit reached", type: "requests", code: "rate_limit_exceeded"), status: 429,
                      headers: [(name: "retry-after-ms", value: "20")])
            case ("video_2", 3):
                .json(Self.error("The server had an error", type: "server_error"), status: 500)
            default:
                nil
            }
        }
        defer { server.stop() }

        let result = try sync(server)

        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("synced 3 pages: 5 new"))
        #expect(server.requests.count == 5)
        #expect(try jobIDs().count == 5)
    }

    // MARK: Failures

    @Test(arguments: [
        (401, SyncCommandTests.error("Incorrect API key provided: \(SyncCommandTests.key).", code: "invalid_api_key"), ["HTTP 401 Unauthorized", "Incorrect API key provided: <redacted>", "Bad key or no access"]),
        (429, SyncCommandTests.error("You exceeded your current quota.", type: "insufficient_quota", code: "insufficient_quota"), ["HTTP 429", "You exceeded your current quota", "no quota left"]),
        (404, SyncCommandTests.error("Invalid URL (GET /v1/videos)"), ["HTTP 404 Not Found", "no longer serves videos", "soracost import", "2026-09-24"]),
        (200, #"{"object":"list","data":[{"id":"video_1""#, ["malformed list page", "ends early", "HTTP 200"]),
    ])
    func failuresExplainThemselvesAndExitTwo(status: Int, body: String, expected: [String]) throws {
        let server = try LoopbackServer { request in
            .json(body, status: status, headers: [(name: "x-request-id", value: "req_e2e\(request.index)"),
                                                  (name: "x-should-retry", value: "true")])
        }
        defer { server.stop() }

        let result = try sync(server, ["--retries", "1"])

        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("soracost: sync stopped at page 1 (first page): "))
        #expect(result.stderr.contains("x-request-id req_e2e"))
        for snippet in expected {
            #expect(result.stderr.contains(snippet), "missing \(snippet) in \(result.stderr)")
        }
        // 401 and an empty quota are never retried, whatever x-should-retry says.
        // 404 is retried because x-should-retry says so; a 200 is never retried.
        #expect(server.requests.count == (status == 404 ? 2 : 1))
        try expectNoKey([result])
        let run = try Ledger(path: db, create: false).database.scalarText("SELECT command || '|' || status FROM imports")
        #expect(run == "sync|failed")
    }

    /// A page that times out stops the sync after page 1 is stored; the next run continues
    /// with page 2 and ends with exactly the full set.
    @Test func aTimeoutStopsTheSyncAndTheNextRunContinues() throws {
        let slow = Counter()
        let server = try Self.server(Self.videos(5)) { request in
            request.query?["after"] == "video_4" && slow.next() == 0
                ? .json(Self.page(Self.videos(1)[0..<0], hasMore: false), delay: 5)
                : nil
        }
        defer { server.stop() }

        let failed = try sync(server, ["--timeout", "1", "--retries", "0"])

        #expect(failed.status == 2)
        #expect(failed.stderr.contains("sync stopped at page 2 (after video_4)"))
        #expect(failed.stderr.contains("timed out"))
        #expect(failed.stderr.contains("Page 1 is stored"))
        #expect(try jobIDs() == ["video_5", "video_4"])

        let resumed = try sync(server)

        #expect(resumed.status == 0)
        #expect(resumed.stderr == "resumed an interrupted sync at page 2\n")
        #expect(resumed.stdout == "synced 3 pages: 3 new, 0 updated, 2 unchanged, 0 rejected; refreshed 0 in-progress jobs\n")
        #expect(server.requests.map { $0.query?["after"] ?? "-" } == ["-", "video_4", "video_4", "video_2", "-"])
        #expect(try jobIDs() == ["video_5", "video_4", "video_3", "video_2", "video_1"])
        try expectNoKey([failed, resumed])
    }

    @Test func badConfigurationIsAUsageErrorAndSendsNothing() throws {
        let server = try Self.server(Self.videos(1))
        defer { server.stop() }

        let noKey = try sync(server, [], environment: [:])
        #expect(noKey.status == 64)
        #expect(noKey.stderr.contains("OPENAI_API_KEY is not set (options: --api-key-env, --api-key-file)"),
                "the kit names the setting, the command line names its options")

        let both = try sync(server, ["--api-key-env", "X", "--api-key-file", "/dev/null"])
        #expect(both.status == 64)
        #expect(both.stderr.contains("not both"))

        let header = try sync(server, ["--auth-header", "basic"])
        #expect(header.status == 64)

        let plain = try Soracost.run(["sync", "--db", db, "--base-url", "http://gateway.example/v1"],
                                     environment: ["OPENAI_API_KEY": Self.key])
        #expect(plain.status == 64)
        #expect(plain.stderr.contains("plain http"))

        #expect(server.requests.isEmpty)
        for result in [noKey, both, header, plain] {
            #expect(!result.stderr.contains("FAKEcli") && !result.stdout.contains("FAKEcli"))
        }
    }
}
