import Foundation
import SoraCostTestSupport
import Testing
@testable import SoraCostKit

/// A base URL may carry a query, as Azure OpenAI's does (`…/openai/v1?api-version=preview`):
/// it goes with every request, after the request's own parameters, and is kept apart from the
/// base URL that names the endpoint.
@Suite struct BaseURLQueryTests {
    static let key = "sk-test-FAKE-query-0000"

    @Test func theBaseURLsQueryGoesWithEveryRequest() throws {
        let server = try LoopbackServer(script: [
            .json(VideosAPIClientTests.page(["video_2"], hasMore: true)),
            .json(VideosAPIClientTests.page(["video_1"], hasMore: false)),
            .json(VideosAPIClientTests.video("video_1")),
        ])
        defer { server.stop() }
        let client = try VideosAPIClient(configuration: .init(
            baseURL: "\(server.baseURL)/openai/v1/?api-version=preview", auth: .apiKey(Secret(Self.key))))
        #expect(client.baseURL == "\(server.baseURL)/openai/v1")
        #expect(client.baseQuery == "api-version=preview")
        let first = try client.listPage()
        _ = try client.listPage(after: first.nextCursor)
        _ = try client.retrieve(id: "video_1")
        #expect(server.requests.map(\.target) == [
            "/openai/v1/videos?limit=100&order=desc&api-version=preview",
            "/openai/v1/videos?limit=100&order=desc&after=video_2&api-version=preview",
            "/openai/v1/videos/video_1?api-version=preview",
        ])
    }

    @Test func anEmptyQueryIsNoQuery() throws {
        let client = try VideosAPIClient(configuration: .init(baseURL: "https://gw.example.com/v1?", auth: .bearer(Secret(Self.key))))
        #expect(client.baseURL == "https://gw.example.com/v1")
        #expect(client.baseQuery == nil)
        #expect(client.url("/videos") == "https://gw.example.com/v1/videos")
    }
}
