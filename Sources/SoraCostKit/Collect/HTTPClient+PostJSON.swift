extension HTTPClient {
    /// POSTs `body` as JSON to `url` (a webhook), retrying per `retry`, and returns the final
    /// HTTP status (which may be an error status once retries are spent: the caller decides).
    ///
    /// The URL's path and query are the credential of most webhooks, so every error and retry
    /// line shows only `scheme://host/…redacted`. Throws `CurlError` when no response arrived
    /// after the allowed attempts. The request is not idempotent: a receiver may see a retried
    /// notification twice. `beforeAttempt` runs before every attempt and may stop the retries
    /// by throwing (a caller's deadline).
    public func postJSON(
        url: String, body: JSONValue, headers: [(name: String, value: String)] = [],
        retry: RetryPolicy = RetryPolicy(), beforeAttempt: () throws(CurlError) -> Void = {}
    ) throws(CurlError) -> Int {
        let request = HTTPRequest(
            method: .post, url: url,
            headers: [(name: "Content-Type", value: "application/json")] + headers,
            body: Array(body.compactText.utf8), displayURL: HTTPRedaction.hostOnly(url))
        let outcome = try retry.run { () throws(CurlError) -> HTTPResponse in
            try beforeAttempt()
            return try send(request)
        }
        return outcome.response.status
    }
}
