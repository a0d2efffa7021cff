import Foundation

/// Why OpenAI's Costs API refused a request, worded for that endpoint: the client's own wording
/// (`APIError`) speaks of the Videos API, its shutdown and reading videos, which would mislead here.
///
/// Like `APIError`, a message names what was being done, the request (query redacted except
/// paging), the status, the API's error and the `x-request-id`, and never the key.
public enum CostsAPIError: Error, LocalizedError, CustomStringConvertible, Sendable {
    /// 404: nothing serves `/organization/costs` at this base URL.
    case notServed(APIError.Failure)
    /// 401 or 403: not an admin key, or not one of this organization. Never retried.
    case unauthorized(APIError.Failure)

    /// Runs `body`, turning the client's 404 and 401/403 into this endpoint's errors; every other
    /// `APIError` passes through unchanged.
    static func translating<T>(_ body: () throws(APIError) -> T) throws -> T {
        do {
            return try body()
        } catch .endpointGone(let failure) {
            throw CostsAPIError.notServed(failure)
        } catch .unauthorized(let failure) {
            throw CostsAPIError.unauthorized(failure)
        }
    }

    public var failure: APIError.Failure {
        switch self {
        case .notServed(let f), .unauthorized(let f): f
        }
    }

    public var errorDescription: String? { HTTPRedaction.scrub(text) }
    public var description: String { errorDescription ?? "" }

    private var text: String {
        let f = failure
        let head = "\(f.operation) failed: \(f.statusSummary) from \(f.request)."
        switch self {
        case .notServed:
            return head + " No organization costs endpoint is served there: check that the base URL is "
                + "OpenAI's API root ending in /v1 (https://api.openai.com/v1). Azure OpenAI and gateways "
                + "do not serve /organization/costs; compare with a saved Costs API export or a billing CSV instead."
        case .unauthorized:
            return head + " Bad key or no access: the Costs API takes an organization admin key (sk-admin-…), "
                + "not a project key; check the admin key and the organization it belongs to. Not retried."
        }
    }
}

extension CostsAPIError: SettingAdvice {
    public var settings: [Setting] {
        switch self {
        case .notServed: [.baseURL]
        case .unauthorized: [.apiKey, .organization]
        }
    }
}
