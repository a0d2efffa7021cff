import Foundation

/// Why a Videos API call failed, worded for the person running `soracost sync`.
///
/// Every message names what was being done, the request (`GET <url>`, query values redacted
/// except paging), the HTTP status (or "no HTTP response"), the API's own error message, type
/// and code when the body had them, the `x-request-id` (quote it to OpenAI or Azure support),
/// and what to do next. No message ever contains the key: the client never puts it in, and
/// `errorDescription` scrubs anything key-shaped a server may have echoed.
public enum APIError: Error, LocalizedError, CustomStringConvertible, Sendable {
    /// The configuration cannot work (bad base URL, empty key, bad limit); nothing was sent.
    case invalidConfiguration(String)
    /// 401 or 403: bad key or no access. Never retried.
    case unauthorized(Failure)
    /// 429 `insufficient_quota`: the account is out of credit. Never retried.
    case quotaExhausted(Failure)
    /// 404 from the list endpoint: it no longer serves videos (OpenAI shut it down).
    case endpointGone(Failure)
    /// Any other error status, after retries where the policy allows them.
    case http(Failure)
    /// No complete HTTP response: refused, reset, timed out, or a truncated body.
    case transport(CurlError, operation: String)
    /// A 2xx list page whose body is not a usable list envelope.
    case malformedPage(Failure, reason: String)
    /// A 2xx response (other than a list page) whose body is not the expected JSON.
    case malformedResponse(Failure, reason: String)

    /// What was known about one failed exchange.
    public struct Failure: Sendable {
        /// What soracost was doing: `listing videos (page after video_123)`.
        public var operation: String
        /// `GET <redacted url>`.
        public var request: String
        public var status: Int
        public var requestID: String?
        /// The body's `error` object, with any secret already scrubbed.
        public var detail: APIErrorBody?
        /// Requests sent, retries included.
        public var attempts: Int
        /// The `Location` of a 3xx, redacted.
        public var location: String?

        /// `HTTP 429 Too Many Requests (error "…", type …, code …; x-request-id req_…)`.
        var statusSummary: String {
            let reason = HTTPResponse.reason(for: status)
            let id = requestID.map { "x-request-id \($0)" } ?? "no x-request-id"
            let head = "HTTP \(status)\(reason.isEmpty ? "" : " \(reason)")"
            if let summary = detail?.summary { return "\(head) (error \(summary); \(id))" }
            return status < 400 ? "\(head); \(id)" : "\(head) (no error details in the body; \(id))"
        }

        var attemptsText: String { attempts > 1 ? " after \(attempts) attempts" : "" }
    }

    public var errorDescription: String? { HTTPRedaction.scrub(text) }
    public var description: String { errorDescription ?? "" }

    /// The request's `x-request-id`, when a response arrived.
    public var requestID: String? {
        switch self {
        case .invalidConfiguration, .transport: nil
        case .unauthorized(let f), .quotaExhausted(let f), .endpointGone(let f), .http(let f),
             .malformedPage(let f, _), .malformedResponse(let f, _): f.requestID
        }
    }

    /// The HTTP status, when a response arrived.
    public var status: Int? {
        switch self {
        case .invalidConfiguration, .transport: nil
        case .unauthorized(let f), .quotaExhausted(let f), .endpointGone(let f), .http(let f),
             .malformedPage(let f, _), .malformedResponse(let f, _): f.status
        }
    }

    private var text: String {
        switch self {
        case .invalidConfiguration(let reason):
            return "invalid API configuration: \(reason)"
        case .unauthorized(let f):
            return "\(f.operation) failed: \(f.statusSummary) from \(f.request). Bad key or no access: "
                + "check the API key, the auth header (bearer for OpenAI, api-key for Azure), the "
                + "organization and project, and that the key's project may read videos. Not retried."
        case .quotaExhausted(let f):
            return "\(f.operation) failed: \(f.statusSummary) from \(f.request). The account has no quota "
                + "left (insufficient_quota): add credit or raise the spending limit in the provider's "
                + "billing settings, then run the command again. Not retried."
        case .endpointGone(let f):
            return "\(f.operation) failed: \(f.statusSummary) from \(f.request). This endpoint no longer "
                + "serves videos: OpenAI shut its Videos API down on 2026-09-24. Load saved logs with "
                + "`soracost import`, or point the base URL at a compatible endpoint: "
                + "Azure OpenAI (https://<resource>.openai.azure.com/openai/v1 with the api-key auth header) "
                + "or a gateway. Check too that the base URL ends in /v1."
        case .http(let f):
            var message = "\(f.operation) failed: \(f.statusSummary) from \(f.request)\(f.attemptsText)"
            switch f.status {
            case 300..<400:
                message += ". Redirect\(f.location.map { " to \($0)" } ?? "") not followed (it could carry "
                    + "the key to another host); set the base URL to the final address"
            case 404:
                message += ". No such video (deleted, expired, or in another project)"
            case 408, 409, 429, 500...:
                message += ". The server kept failing; try again later"
            default:
                break
            }
            return message + "."
        case let .transport(error, operation):
            return "\(operation) failed with no HTTP response: \(error.description)."
        case let .malformedPage(f, reason):
            return "\(f.operation): malformed list page from \(f.request) (\(f.statusSummary)): \(reason)."
        case let .malformedResponse(f, reason):
            return "\(f.operation): unexpected response from \(f.request) (\(f.statusSummary)): \(reason)."
        }
    }
}

extension APIError: SettingAdvice {
    public var settings: [Setting] {
        switch self {
        case .unauthorized: [.apiKey, .authHeader, .organization, .project]
        case .endpointGone: [.baseURL, .authHeader]
        case .http(let f) where (300..<400).contains(f.status): [.baseURL]
        case .transport(let error, _) where error.isUnknownHost: [.baseURL]
        case .invalidConfiguration(let reason):
            Setting.allCases.filter { reason.hasPrefix(SettingAdviceText.subject($0)) }
        default: []
        }
    }
}

extension APISyncError: SettingAdvice {
    public var settings: [Setting] { underlying.settings }
}

/// How kit messages name a setting at the start of a configuration problem, so the advice can
/// be read back from the message.
enum SettingAdviceText {
    static func subject(_ setting: Setting) -> String {
        switch setting {
        case .apiKey: "the API key"
        case .authHeader: "the auth header"
        case .organization: "the organization"
        case .project: "the project"
        case .baseURL: "base URL"
        case .fieldMapping: "field mapping"
        }
    }
}

