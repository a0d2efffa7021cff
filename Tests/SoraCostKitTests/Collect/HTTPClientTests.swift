import Foundation
import Testing
@testable import SoraCostKit

/// `HTTPClient` against a real server on 127.0.0.1.
@Suite struct HTTPClientTests {
    @Test func getCapturesStatusHeadersAndBody() throws {
        let server = try LoopbackServer { _ in
            .json(#"{"ok":true}"#, status: 201, headers: [(name: "X-Request-ID", value: "req_abc")])
        }
        defer { server.stop() }
        let client = try HTTPClient(configuration: .init(userAgent: "soracost/test"))

        let response = try client.get("\(server.baseURL)/ping?x=1", headers: [(name: "X-Custom", value: "yes")])

        #expect(response.status == 201)
        #expect(response.bodyText == #"{"ok":true}"#)
        #expect(response.header("x-request-id") == "req_abc")
        #expect(response.header("X-REQUEST-ID") == "req_abc")
        #expect(response.requestID == "req_abc")
        #expect(response.header("missing") == nil)
        let request = try #require(server.requests.first)
        #expect(request.method == "GET")
        #expect(request.target == "/ping?x=1")
        #expect(request.header("user-agent") == "soracost/test")
        #expect(request.header("x-custom") == "yes")
    }

    @Test func postSendsTheJSONBodyWithItsLength() throws {
        let server = try LoopbackServer { _ in .json("{}") }
        defer { server.stop() }
        let client = try HTTPClient()
        // Over 1 KB, where curl would otherwise send `Expect: 100-continue` and wait.
        let text = #"{"text":""# + String(repeating: "a", count: 3000) + #""}"#

        let response = try client.post("\(server.baseURL)/hook", json: Array(text.utf8))

        #expect(response.status == 200)
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.bodyText == text)
        #expect(request.header("content-length") == "\(text.utf8.count)")
        #expect(request.header("content-type") == "application/json")
        #expect(request.header("expect") == nil)
    }

    @Test func oneHandleKeepsOneConnectionAliveAcrossRequests() throws {
        let server = try LoopbackServer { request in .json(#"{"n":\#(request.index)}"#) }
        defer { server.stop() }
        let client = try HTTPClient()

        for index in 0..<4 {
            let method: HTTPRequest.Method = index.isMultiple(of: 2) ? .get : .post
            let response = try client.send(HTTPRequest(method: method, url: "\(server.baseURL)/r\(index)",
                                                       body: method == .post ? Array("{}".utf8) : nil))
            #expect(response.bodyText == #"{"n":\#(index)}"#)
        }

        #expect(server.requests.map(\.method) == ["GET", "POST", "GET", "POST"])
        #expect(Set(server.requests.map(\.connection)) == [0])
        #expect(client.connectionsOpened == 1)
    }

    @Test func aSlowResponseHitsTheTotalTimeoutQuickly() throws {
        let server = try LoopbackServer { _ in .json("{}", delay: 10) }
        defer { server.stop() }
        let client = try HTTPClient(configuration: .init(connectTimeout: 1, totalTimeout: 1))
        let started = Date()

        let error = try #require(throws: CurlError.self) { try client.get("\(server.baseURL)/slow") }

        #expect(error.isTimeout)
        #expect(error.isTransient)
        #expect(error.description.contains("timed out"))
        #expect(Date().timeIntervalSince(started) < 3)
    }

    @Test func aTruncatedBodyIsATransportError() throws {
        let server = try LoopbackServer { _ in .json(#"{"data":[1,2,3]}"#, truncateAfter: 5) }
        defer { server.stop() }
        let client = try HTTPClient()

        let error = try #require(throws: CurlError.self) { try client.get("\(server.baseURL)/cut") }

        #expect(error.isTruncatedBody)
        #expect(error.description.contains("truncated"))
        #expect(error.context == "GET \(server.baseURL)/cut")
    }

    @Test func aRefusedConnectionIsTransientAndNamesTheRequest() throws {
        let server = try LoopbackServer { _ in .json("{}") }
        let url = "\(server.baseURL)/gone?token=hunter2secret&limit=5"
        server.stop()
        let client = try HTTPClient(configuration: .init(connectTimeout: 2, totalTimeout: 2))

        let error = try #require(throws: CurlError.self) { try client.get(url) }

        #expect(error.code == 7)
        #expect(error.isTransient)
        #expect(error.context == "GET \(server.baseURL)/gone?token=<redacted>&limit=5")
        #expect(!error.description.contains("hunter2secret"))
    }

    @Test func redirectsAreReturnedNotFollowed() throws {
        let server = try LoopbackServer { _ in
            LoopbackServer.Response(status: 302, headers: [(name: "Location", value: "http://127.0.0.2:1/elsewhere")])
        }
        defer { server.stop() }
        let client = try HTTPClient()

        let response = try client.get("\(server.baseURL)/moved")

        #expect(response.status == 302)
        #expect(response.header("location") == "http://127.0.0.2:1/elsewhere")
        #expect(server.requests.count == 1)
    }

    @Test func aBodyOverTheLimitFails() throws {
        let server = try LoopbackServer { _ in .json(String(repeating: "x", count: 5000)) }
        defer { server.stop() }
        let client = try HTTPClient(configuration: .init(maxResponseBytes: 1000))

        let error = try #require(throws: CurlError.self) { try client.get("\(server.baseURL)/big") }

        #expect(error.message.contains("1000-byte limit"))
    }

    @Test func headerValuesCannotInjectLines() throws {
        let client = try HTTPClient()
        let error = try #require(throws: CurlError.self) {
            try client.get("http://127.0.0.1:9/", headers: [(name: "X-Bad", value: "a\r\nInjected: 1")])
        }
        #expect(error.message.contains("line break"))
    }

    @Test func postJSONRetriesAndReturnsTheFinalStatus() throws {
        let server = try LoopbackServer(script: [.json("{}", status: 503), .json("{}", status: 204)])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let client = try HTTPClient()

        let status = try client.postJSON(url: "\(server.baseURL)/hooks/T000/SECRETPATH",
                                         body: .object([("text", .string("budget 80% used"))]),
                                         retry: sleeps.policy())

        #expect(status == 204)
        #expect(server.requests.count == 2)
        #expect(server.requests.last?.bodyText == #"{"text":"budget 80% used"}"#)
        #expect(sleeps.delays == [0.5])
    }

    @Test func postJSONNeverPrintsTheWebhookPathOrQuery() throws {
        let server = try LoopbackServer { _ in .json("{}") }
        let url = "\(server.baseURL)/services/T000/B000/XXXXSECRET?token=abc123token"
        server.stop()
        let messages = MessageRecorder()
        let client = try HTTPClient(configuration: .init(connectTimeout: 1, totalTimeout: 1))

        let error = try #require(throws: CurlError.self) {
            try client.postJSON(url: url, body: .object([]),
                                retry: SleepRecorder().policy(maxRetries: 1, onRetry: messages.record))
        }

        #expect(error.attempts == 2)
        #expect(error.context == "POST \(server.baseURL)/…redacted")
        let texts = [error.description, "\(error)"] + messages.lines
        #expect(messages.lines.count == 1)
        for text in texts {
            #expect(!text.contains("XXXXSECRET"))
            #expect(!text.contains("abc123token"))
            #expect(!text.contains("/services"))
        }
    }
}

/// Lines given to `RetryPolicy.onRetry`, collected across threads.
final class MessageRecorder: Sendable {
    private let stored = LockedList<String>()

    var lines: [String] { stored.values }

    @Sendable func record(_ line: String) {
        stored.append(line)
    }
}
