import Foundation
import Testing
@testable import SoraCostKit

/// `VideosAPIClientTests`, continued: errors that stop at once, secrets kept out of every
/// message, and the client's configuration.
extension VideosAPIClientTests {
    // MARK: Errors that stop at once

    /// The error of a page request to a server that always answers `response`, checking that it
    /// stopped at once: one request, no wait.
    func stopsAtOnce(_ response: LoopbackServer.Response) throws -> APIError {
        let server = try LoopbackServer { _ in response }
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let error = try #require(throws: APIError.self) { try makeClient(server, retry: sleeps.policy()).listPage() }
        #expect(server.requests.count == 1)
        #expect(sleeps.delays.isEmpty)
        return error
    }

    @Test(arguments: [401, 403])
    func badKeysStopWithoutRetry(status: Int) throws {
        let error = try stopsAtOnce(
            .json(Self.errorBody("Incorrect API key provided: \(Self.key).", type: "invalid_request_error",
                                 code: "invalid_api_key"),
                  status: status, headers: [(name: "x-request-id", value: "req_auth"), (name: "x-should-retry", value: "true")]))

        guard case .unauthorized = error else { Issue.record("expected .unauthorized, got \(error)"); return }
        let text = error.description
        #expect(text.lowercased().contains("bad key or no access"))
        #expect(text.contains("HTTP \(status)"))
        #expect(text.contains("x-request-id req_auth"))
        #expect(text.contains("code invalid_api_key"))
        #expect(text.contains("type invalid_request_error"))
        #expect(!text.contains(Self.key))
        #expect(text.contains("Incorrect API key provided: <redacted>"))
    }

    @Test func insufficientQuotaStopsWithoutRetry() throws {
        let error = try stopsAtOnce(
            .json(Self.errorBody("You exceeded your current quota, please check your plan and billing details.",
                                 type: "insufficient_quota", code: "insufficient_quota"),
                  status: 429, headers: [(name: "retry-after-ms", value: "100"), (name: "x-request-id", value: "req_quota")]))

        guard case .quotaExhausted = error else { Issue.record("expected .quotaExhausted, got \(error)"); return }
        #expect(error.description.contains("HTTP 429"))
        #expect(error.description.contains("no quota left"))
        #expect(error.description.contains("You exceeded your current quota"))
        #expect(error.description.contains("x-request-id req_quota"))
    }

    @Test func aListEndpoint404ExplainsTheShutdown() throws {
        let server = try LoopbackServer { _ in
            .json(Self.errorBody("Invalid URL (GET /v1/videos)", type: "invalid_request_error", code: nil),
                  status: 404, headers: [(name: "x-request-id", value: "req_gone")])
        }
        defer { server.stop() }

        let error = try #require(throws: APIError.self) { try makeClient(server).listPage() }

        guard case .endpointGone = error else { Issue.record("expected .endpointGone, got \(error)"); return }
        #expect(server.requests.count == 1)
        let text = error.description
        #expect(text.contains("HTTP 404 Not Found"))
        #expect(text.contains("no longer serves videos"))
        #expect(text.contains("2026-09-24"))
        #expect(text.contains("soracost import"))
        #expect(text.contains("point the base URL at a compatible endpoint"))
        #expect(!text.contains("--"), "kit errors name settings, the CLI names the options")
        #expect(error.settings == [.baseURL, .authHeader])
        #expect(text.contains("Invalid URL (GET /v1/videos)"))
        #expect(text.contains("x-request-id req_gone"))
    }

    @Test func aRetrieve404IsAMissingVideoNotAShutdown() throws {
        let server = try LoopbackServer { _ in
            .json(Self.errorBody("No video found", type: "invalid_request_error", code: nil), status: 404)
        }
        defer { server.stop() }

        let error = try #require(throws: APIError.self) { try makeClient(server).retrieve(id: "video_x") }

        guard case .http = error else { Issue.record("expected .http, got \(error)"); return }
        #expect(error.description.contains("No such video"))
        #expect(error.description.contains("no x-request-id"))
    }

    @Test func redirectsAreReportedNotFollowed() throws {
        let server = try LoopbackServer { _ in
            LoopbackServer.Response(status: 302, headers: [(name: "Location", value: "https://evil.example/v1/videos?key=abc")])
        }
        defer { server.stop() }

        let error = try #require(throws: APIError.self) { try makeClient(server).listPage() }

        #expect(server.requests.count == 1)
        #expect(error.status == 302)
        #expect(error.description.contains("not followed"))
        #expect(error.description.contains("https://evil.example/v1/videos?key=<redacted>"))
    }

    // MARK: Secrets

    /// Every failure the client can produce, against servers that echo the key wherever they can.
    @Test func theKeyNeverAppearsInAnyError() throws {
        let azureKey = "0123456789abcdef0123456789abcdef"
        let openAI = VideosAPIClient.Auth.bearer(Secret(Self.key))
        let azure = VideosAPIClient.Auth.apiKey(Secret(azureKey))
        // What each server echoes: the key it was sent, bare and in the header form.
        let echo = "got \(Self.key) and Bearer \(Self.key)"
        let azureEcho = "got \(azureKey) and api-key: \(azureKey)"
        let scenarios: [(VideosAPIClient.Auth, LoopbackServer.Response)] = [
            (openAI, .json(Self.errorBody(echo, type: echo, code: "invalid_api_key"), status: 401,
                           headers: [(name: "x-request-id", value: Self.key)])),
            (azure, .json(Self.errorBody(azureEcho, type: azureEcho, code: azureEcho), status: 403,
                          headers: [(name: "x-request-id", value: azureKey)])),
            (openAI, .json(Self.errorBody(echo, type: "t", code: "insufficient_quota"), status: 429)),
            (azure, .json(Self.errorBody(azureEcho, type: "t", code: nil), status: 404)),
            (openAI, .json(Self.errorBody(echo, type: "t", code: nil), status: 500,
                           headers: [(name: "x-should-retry", value: "false")])),
            (azure, .json(#"{"error":"\#(azureEcho)"}"#, status: 400)),
            (openAI, .json(#"{"data":"\#(echo)","has_more":false}"#)),
            (openAI, .json(echo)),
            (azure, LoopbackServer.Response(
                status: 302, headers: [(name: "Location", value: "http://x.example/\(azureKey)?api-key=\(azureKey)")])),
            (openAI, .json("{}", truncateAfter: 1)),
        ]
        for (auth, response) in scenarios {
            let server = try LoopbackServer { _ in response }
            defer { server.stop() }
            let client = try makeClient(server, auth: auth, retry: SleepRecorder().policy(maxRetries: 0))
            let error = try #require(throws: APIError.self) { try client.listPage() }
            let texts = [error.description, error.localizedDescription, "\(error)", String(reflecting: error),
                         error.errorDescription ?? ""]
            for text in texts {
                #expect(!text.contains(Self.key), "key leaked: \(text)")
                #expect(!text.contains("FAKE0000"), "key leaked: \(text)")
                #expect(!text.contains(azureKey), "key leaked: \(text)")
            }
            var dumped = ""
            dump(client.configuration, to: &dumped)
            for text in [dumped, "\(client.configuration)", String(reflecting: client.configuration)] {
                #expect(!text.contains(Self.key) && !text.contains(azureKey), "key leaked: \(text)")
            }
        }
    }

    @Test func scrubbingCatchesKeyShapesAndKnownSecrets() {
        let text = "a sk-proj-abc_DEF-123456 b key=sk-test-FAKE0000 Bearer tok.en/+= task-manager-thing Zm9vYmFy"
        let scrubbed = HTTPRedaction.scrub(text, secrets: [Secret("Zm9vYmFy")])
        #expect(scrubbed == "a <redacted> b key=<redacted> Bearer <redacted> task-manager-thing <redacted>")
        #expect(HTTPRedaction.url("https://u:p@h.example:8443/v1/x?limit=5&key=s3cret&after=v_1#frag")
            == "https://h.example:8443/v1/x?limit=5&key=<redacted>&after=v_1")
        #expect(HTTPRedaction.hostOnly("https://hooks.slack.com/services/T0/B0/XYZ?x=1") == "https://hooks.slack.com/…redacted")
        #expect("\(Secret(Self.key))" == "<redacted>")
    }

    // MARK: Configuration

    @Test(arguments: [
        ("https://api.example.com/v1#top", "fragment"),
        ("https://api.example.com/v1?api-version=a b", "query contains spaces"),
        ("https://user:sk-test-FAKE0000@api.example.com/v1", "user:password@"),
        ("http://gateway.internal/v1", "plain http"),
        ("ftp://api.example.com/v1", "must start with https://"),
        ("https:///v1", "no host"),
    ])
    func rejectsUnsafeBaseURLs(url: String, reason: String) throws {
        let error = try #require(throws: APIError.self) {
            try VideosAPIClient(configuration: .init(baseURL: url, auth: .bearer(Secret(Self.key))))
        }
        #expect(error.description.contains(reason))
        #expect(!error.description.contains("FAKE0000"))
    }

    @Test func normalizesTheBaseURLAndAllowsLoopbackOrOptedInHTTP() throws {
        let client = try VideosAPIClient(configuration: .init(baseURL: " https://x.openai.azure.com/openai/v1// ",
                                                              auth: .apiKey(Secret("k1234567"))))
        #expect(client.baseURL == "https://x.openai.azure.com/openai/v1")
        #expect(try VideosAPIClient(configuration: .init(baseURL: "http://localhost:8080/v1", auth: .bearer(Secret("k1234567"))))
            .baseURL == "http://localhost:8080/v1")
        #expect(try VideosAPIClient(configuration: .init(baseURL: "http://gw.internal/v1", auth: .bearer(Secret("k1234567")),
                                                         allowInsecureHTTP: true)).baseURL == "http://gw.internal/v1")
        #expect(VideosAPIClient.Configuration.defaultBaseURL == "https://api.openai.com/v1")
    }

    @Test func rejectsEmptyOrMultiLineKeysAndBadLimits() throws {
        #expect(throws: APIError.self) { try VideosAPIClient(configuration: .init(auth: .bearer(Secret("")))) }
        #expect(throws: APIError.self) { try VideosAPIClient(configuration: .init(auth: .bearer(Secret("sk-a\r\nX: y")))) }
        #expect(throws: APIError.self) {
            try VideosAPIClient(configuration: .init(auth: .bearer(Secret("sk-abcdefgh")), project: "p\nX: y"))
        }
        let client = try VideosAPIClient(configuration: .init(auth: .bearer(Secret("sk-abcdefgh"))))
        #expect(throws: APIError.self) { try client.listPage(limit: 0) }
        #expect(throws: APIError.self) { try client.listPage(limit: 101) }
    }

    @Test func loadsKeysFromTheEnvironmentOrAFile() throws {
        #expect(try Secret.fromEnvironment("K", environment: ["K": " sk-test-FAKE0000\n"]).exposedValue == Self.key)
        #expect(throws: SecretError.missingEnvironment(name: "OPENAI_API_KEY")) {
            try Secret.fromEnvironment(environment: [:])
        }
        #expect(throws: SecretError.emptyEnvironment(name: "K")) { try Secret.fromEnvironment("K", environment: ["K": " "]) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("soracost-key-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "\n  \(Self.key)  \n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try Secret.fromFile(path: path).exposedValue == Self.key)
        #expect(throws: SecretError.self) { try Secret.fromFile(path: path + ".missing") }
        let error = SecretError.malformed(source: path, reason: "contains spaces or control characters")
        #expect(throws: error) {
            try "sk-a b".write(toFile: path, atomically: true, encoding: .utf8)
            _ = try Secret.fromFile(path: path)
        }
    }
}
