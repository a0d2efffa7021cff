import Foundation

/// When to repeat a failed request and how long to wait first, as the official OpenAI clients
/// do (openai-python `_should_retry` and `_calculate_retry_timeout`).
///
/// Retried: 408, 409, 429 (`rate_limit_exceeded` or no code), every 5xx, and transient transport
/// failures (`CurlError.isTransient`: refused or reset connections, timeouts, truncated bodies).
/// A response header `x-should-retry: true|false` overrides the status rules. Never retried,
/// whatever the headers say: 401, 403 (a bad key stays bad) and 429 `insufficient_quota` (the
/// account is out of money until someone pays).
///
/// Waits, in seconds: the server's `retry-after-ms`, else its `retry-after` (seconds or an HTTP
/// date), capped at `maxServerDelay`; otherwise `initialDelay` doubling per retry up to
/// `maxDelay`, times a jitter factor in (0.75, 1] so that many clients do not retry in step.
/// `sleep`, `now` and `random` are injectable so tests run instantly and can assert the delays.
public struct RetryPolicy: Sendable {
    /// Retries after the first attempt; 0 sends each request once.
    public var maxRetries: Int
    /// Seconds before the first retry when the server names no delay.
    public var initialDelay: Double
    /// Largest computed backoff, in seconds.
    public var maxDelay: Double
    /// Largest server-requested wait obeyed, in seconds; a longer request is cut to this.
    public var maxServerDelay: Double
    /// Blocks the calling thread for the given seconds.
    public var sleep: @Sendable (Double) -> Void
    /// The current time, for `retry-after` HTTP dates.
    public var now: @Sendable () -> Date
    /// A uniform number in [0, 1), for jitter.
    public var random: @Sendable () -> Double
    /// Told about each retry before its wait, with a line safe to print (status or curl error,
    /// x-request-id, the wait); the CLI shows it in verbose mode.
    public var onRetry: (@Sendable (String) -> Void)?

    public init(
        maxRetries: Int = 5,
        initialDelay: Double = 0.5,
        maxDelay: Double = 8,
        maxServerDelay: Double = 60,
        sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) },
        now: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        onRetry: (@Sendable (String) -> Void)? = nil
    ) {
        self.maxRetries = max(0, maxRetries)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.maxServerDelay = maxServerDelay
        self.sleep = sleep
        self.now = now
        self.random = random
        self.onRetry = onRetry
    }

    /// What to do after one failed attempt.
    public enum Decision: Equatable, Sendable {
        /// Wait this many seconds, then send again.
        case retry(after: Double)
        case stop
    }

    /// The decision after `response`, when `retriesSoFar` retries have already been made.
    /// Responses below 400 are never retried.
    public func decision(for response: HTTPResponse, retriesSoFar: Int) -> Decision {
        guard shouldRetry(response), retriesSoFar < maxRetries else { return .stop }
        return .retry(after: serverRequestedDelay(response) ?? backoff(retriesSoFar: retriesSoFar))
    }

    /// The decision after a transport failure, when `retriesSoFar` retries have been made.
    public func decision(for error: CurlError, retriesSoFar: Int) -> Decision {
        guard error.isTransient, retriesSoFar < maxRetries else { return .stop }
        return .retry(after: backoff(retriesSoFar: retriesSoFar))
    }

    /// Whether the status and headers of `response` allow a retry at all (ignoring the count).
    public func shouldRetry(_ response: HTTPResponse) -> Bool {
        let status = response.status
        guard status >= 400 else { return false }
        if status == 401 || status == 403 { return false }
        let code = status == 429 ? response.apiError?.code : nil
        if code == "insufficient_quota" { return false }
        switch response.header("x-should-retry")?.lowercased() {
        case "true": return true
        case "false": return false
        default: break
        }
        switch status {
        case 408, 409: return true
        case 429: return code == nil || code == "" || code == "rate_limit_exceeded"
        case 500...: return true
        default: return false
        }
    }

    /// Seconds to wait before retry number `retriesSoFar + 1` when the server names no delay:
    /// `min(initialDelay · 2^retriesSoFar, maxDelay) · (1 − 0.25 · random())`.
    public func backoff(retriesSoFar: Int) -> Double {
        let exponent = Double(min(max(retriesSoFar, 0), 1000))
        let base = min(initialDelay * pow(2.0, exponent), maxDelay)
        return max(0, base * (1 - 0.25 * random()))
    }

    /// The wait the server asked for, in seconds, capped at `maxServerDelay`; nil when it named
    /// none, or a zero or past one (then the computed backoff applies, as in openai-python).
    ///
    /// `retry-after-ms` (milliseconds, OpenAI's own header) wins over `retry-after` (RFC 9110
    /// §10.2.3: whole seconds or an HTTP date).
    public func serverRequestedDelay(_ response: HTTPResponse) -> Double? {
        var seconds: Double?
        if let text = response.header("retry-after-ms"), let ms = Double(text.trimmingCharacters(in: .whitespaces)) {
            seconds = ms / 1000
        } else if let text = response.header("retry-after")?.trimmingCharacters(in: .whitespaces) {
            if let value = Double(text) {
                seconds = value
            } else if let date = RetryPolicy.parseHTTPDate(text) {
                seconds = date.timeIntervalSince(now())
            }
        }
        guard let seconds, seconds.isFinite, seconds > 0 else { return nil }
        return min(seconds, maxServerDelay)
    }

    /// Runs `send` until it yields a response that needs no retry, sleeping between attempts.
    ///
    /// Returns the last response, which may still be an error status (retries exhausted, or not
    /// retryable): the caller turns it into its own error. A transport failure that is not
    /// retried, or the last one, is rethrown with `attempts` set.
    public func run(
        _ send: () throws(CurlError) -> HTTPResponse
    ) throws(CurlError) -> (response: HTTPResponse, attempts: Int) {
        var retries = 0
        while true {
            let response: HTTPResponse
            do {
                response = try send()
            } catch {
                var failure = error
                failure.attempts = retries + 1
                guard case .retry(let delay) = decision(for: failure, retriesSoFar: retries) else { throw failure }
                onRetry?("curl error \(failure.code) (\(failure.message)) during \(failure.context); "
                    + "retry \(retries + 1) of \(maxRetries) in \(RetryPolicy.format(delay))")
                sleep(delay)
                retries += 1
                continue
            }
            guard case .retry(let delay) = decision(for: response, retriesSoFar: retries) else {
                return (response, retries + 1)
            }
            let code = response.apiError?.code.map { " \($0)" } ?? ""
            let requestID = response.requestID.map { " (x-request-id \($0))" } ?? ""
            onRetry?("HTTP \(response.status)\(code)\(requestID); "
                + "retry \(retries + 1) of \(maxRetries) in \(RetryPolicy.format(delay))")
            sleep(delay)
            retries += 1
        }
    }

    /// `1.5 s`, for messages.
    static func format(_ seconds: Double) -> String {
        String(format: "%.1f s", seconds)
    }

    /// Parses an IMF-fixdate, the HTTP date form servers must send
    /// (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110 §5.6.7). Hand-written: no locale or
    /// formatter state involved, and the obsolete forms are not worth supporting here.
    public static func parseHTTPDate(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT" || parts[5] == "UTC",
              let day = Int(parts[1]), (1...31).contains(day),
              let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
                .firstIndex(of: String(parts[2])).map({ $0 + 1 }),
              let year = Int(parts[3]), year >= 1970
        else { return nil }
        let clock = parts[4].split(separator: ":")
        guard clock.count == 3, let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2]),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        // Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's
        // days_from_civil).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3_600 + minute * 60 + second))
    }
}
