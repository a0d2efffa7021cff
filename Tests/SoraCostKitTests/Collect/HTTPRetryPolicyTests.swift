import Foundation
import Testing
@testable import SoraCostKit

/// `RetryPolicy`: which failures are retried and how long it waits.
@Suite struct HTTPRetryPolicyTests {
    /// A policy with no jitter (random 0 gives factor 1) and a fixed clock.
    let policy = RetryPolicy(sleep: { _ in }, now: { Date(timeIntervalSince1970: 1_800_000_000) }, random: { 0 })

    func response(_ status: Int, _ headers: [(name: String, value: String)] = [], code: String? = nil) -> HTTPResponse {
        let body = code.map { #"{"error":{"message":"m","type":"t","param":null,"code":"\#($0)"}}"# } ?? ""
        return HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    @Test func backoffDoublesFromHalfASecondToEight() {
        let delays = (0..<7).map { policy.backoff(retriesSoFar: $0) }
        #expect(delays == [0.5, 1, 2, 4, 8, 8, 8])
    }

    @Test func jitterShortensTheWaitByAtMostAQuarter() {
        var jittered = policy
        jittered.random = { 0.999 }
        let delay = jittered.backoff(retriesSoFar: 3)
        #expect(delay < 4)
        #expect(delay > 3)
    }

    @Test(arguments: [408, 409, 429, 500, 502, 503, 504])
    func retriesTheStatusesTheOfficialClientRetries(status: Int) {
        #expect(policy.decision(for: response(status), retriesSoFar: 0) == .retry(after: 0.5))
    }

    @Test(arguments: [400, 401, 403, 404, 422])
    func doesNotRetryOtherClientErrors(status: Int) {
        #expect(policy.decision(for: response(status), retriesSoFar: 0) == .stop)
    }

    @Test func retries429RateLimitButNeverInsufficientQuota() {
        #expect(policy.decision(for: response(429, code: "rate_limit_exceeded"), retriesSoFar: 0) == .retry(after: 0.5))
        #expect(policy.decision(for: response(429, code: "insufficient_quota"), retriesSoFar: 0) == .stop)
        #expect(policy.decision(for: response(429, code: "some_other_code"), retriesSoFar: 0) == .stop)
    }

    @Test func xShouldRetryOverridesTheStatusRules() {
        #expect(policy.decision(for: response(500, [(name: "x-should-retry", value: "false")]), retriesSoFar: 0) == .stop)
        #expect(policy.decision(for: response(400, [(name: "X-Should-Retry", value: "true")]), retriesSoFar: 0)
            == .retry(after: 0.5))
    }

    @Test func nothingOverridesBadKeysOrAnEmptyQuota() {
        let yes = [(name: "x-should-retry", value: "true")]
        #expect(policy.decision(for: response(401, yes), retriesSoFar: 0) == .stop)
        #expect(policy.decision(for: response(403, yes), retriesSoFar: 0) == .stop)
        #expect(policy.decision(for: response(429, yes, code: "insufficient_quota"), retriesSoFar: 0) == .stop)
    }

    @Test func stopsAfterMaxRetries() {
        var limited = policy
        limited.maxRetries = 2
        #expect(limited.decision(for: response(500), retriesSoFar: 1) == .retry(after: 1))
        #expect(limited.decision(for: response(500), retriesSoFar: 2) == .stop)
    }

    @Test func honoursRetryAfterMsFirstThenRetryAfter() {
        let both = [(name: "retry-after-ms", value: "1500"), (name: "retry-after", value: "9")]
        #expect(policy.decision(for: response(429, both), retriesSoFar: 3) == .retry(after: 1.5))
        #expect(policy.decision(for: response(503, [(name: "Retry-After", value: "7")]), retriesSoFar: 0) == .retry(after: 7))
    }

    @Test func honoursARetryAfterHTTPDate() throws {
        let date = "Fri, 15 Jan 2027 08:00:12 GMT"
        let parsed = try #require(RetryPolicy.parseHTTPDate(date))
        #expect(parsed.timeIntervalSince1970 == 1_800_000_012)
        #expect(policy.decision(for: response(429, [(name: "retry-after", value: date)]), retriesSoFar: 0)
            == .retry(after: 12))
    }

    @Test func capsServerWaitsAndIgnoresPastOrGarbageOnes() {
        #expect(policy.decision(for: response(429, [(name: "retry-after", value: "3600")]), retriesSoFar: 0)
            == .retry(after: 60))
        #expect(policy.decision(for: response(429, [(name: "retry-after", value: "Thu, 01 Jan 2026 00:00:00 GMT")]),
                                retriesSoFar: 1) == .retry(after: 1))
        #expect(policy.decision(for: response(429, [(name: "retry-after", value: "soon")]), retriesSoFar: 1)
            == .retry(after: 1))
        #expect(policy.decision(for: response(429, [(name: "retry-after-ms", value: "0")]), retriesSoFar: 0)
            == .retry(after: 0.5))
    }

    @Test(arguments: [
        ("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_777.0),
        ("Thu, 24 Sep 2026 00:00:00 GMT", 1_790_208_000.0),
        ("Tue, 29 Feb 2028 23:59:59 GMT", 1_835_481_599.0),
    ])
    func parsesIMFFixdates(text: String, seconds: Double) {
        #expect(RetryPolicy.parseHTTPDate(text)?.timeIntervalSince1970 == seconds)
    }

    @Test(arguments: ["", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:00:00 GMT"])
    func rejectsOtherDateForms(text: String) {
        #expect(RetryPolicy.parseHTTPDate(text) == nil)
    }

    @Test func retriesOnlyTransientTransportErrors() {
        let timeout = CurlError(code: 28, message: "Operation timed out", context: "GET x")
        let refused = CurlError(code: 7, message: "Couldn't connect", context: "GET x")
        let dns = CurlError(code: 6, message: "Could not resolve host", context: "GET x")
        let certificate = CurlError(code: 60, message: "SSL certificate problem", context: "GET x")
        #expect(policy.decision(for: timeout, retriesSoFar: 0) == .retry(after: 0.5))
        #expect(policy.decision(for: refused, retriesSoFar: 2) == .retry(after: 2))
        #expect(policy.decision(for: dns, retriesSoFar: 0) == .stop)
        #expect(policy.decision(for: certificate, retriesSoFar: 0) == .stop)
    }

    @Test func runSleepsTheComputedDelaysAndCountsAttempts() throws {
        let sleeps = SleepRecorder()
        var answers = [response(500), response(502), response(429, [(name: "retry-after-ms", value: "250")]), response(200)]
        let outcome = try sleeps.policy().run { () throws(CurlError) -> HTTPResponse in answers.removeFirst() }
        #expect(outcome.response.status == 200)
        #expect(outcome.attempts == 4)
        #expect(sleeps.delays == [0.5, 1, 0.25])
    }

    @Test func runRethrowsTheLastTransportErrorWithItsAttempts() throws {
        let sleeps = SleepRecorder()
        var calls = 0
        let error = try #require(throws: CurlError.self) {
            try sleeps.policy(maxRetries: 3).run { () throws(CurlError) -> HTTPResponse in
                calls += 1
                throw CurlError(code: 56, message: "Connection reset by peer", context: "GET x")
            }
        }
        #expect(calls == 4)
        #expect(error.attempts == 4)
        #expect(error.description.contains("gave up after 4 attempts"))
        #expect(sleeps.delays == [0.5, 1, 2])
    }
}

/// Records the waits a `RetryPolicy` asks for instead of sleeping.
final class SleepRecorder: Sendable {
    private let stored = LockedList<Double>()

    var delays: [Double] { stored.values }

    /// A policy that records instead of sleeping, without jitter, with `now` as its clock.
    func policy(
        maxRetries: Int = 5, now: Date = Date(timeIntervalSince1970: 1_800_000_000),
        onRetry: (@Sendable (String) -> Void)? = nil
    ) -> RetryPolicy {
        RetryPolicy(maxRetries: maxRetries, sleep: { [stored] seconds in stored.append(seconds) },
                    now: { now }, random: { 0 }, onRetry: onRetry)
    }
}
