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
                + "check the key (OPENAI_API_KEY, --api-key-env or --api-key-file), --auth-header "
                + "(bearer for OpenAI, api-key for Azure), --organization/--project, and that the key's "
                + "project may read videos. Not retried."
        case .quotaExhausted(let f):
            return "\(f.operation) failed: \(f.statusSummary) from \(f.request). The account has no quota "
                + "left (insufficient_quota): add credit or raise the spending limit in the provider's "
                + "billing settings, then sync again. Not retried."
        case .endpointGone(let f):
            return "\(f.operation) failed: \(f.statusSummary) from \(f.request). This endpoint no longer "
                + "serves videos: OpenAI shut its Videos API down on 2026-09-24. Load saved logs with "
                + "`soracost import`, or point --base-url (OPENAI_BASE_URL) at a compatible endpoint: "
                + "Azure OpenAI (https://<resource>.openai.azure.com/openai/v1 with --auth-header api-key) "
                + "or a gateway. Check too that the base URL ends in /v1."
        case .http(let f):
            var message = "\(f.operation) failed: \(f.statusSummary) from \(f.request)\(f.attemptsText)"
            switch f.status {
            case 300..<400:
                message += ". Redirect\(f.location.map { " to \($0)" } ?? "") not followed (it could carry "
                    + "the key to another host); set --base-url to the final address"
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

/// A client for an OpenAI-compatible Videos API (`GET /videos`, `GET /videos/{id}`): OpenAI
/// until its shutdown on 2026-09-24, Azure OpenAI, or a gateway.
///
/// Blocking; one libcurl handle (kept-alive connection) per client; not `Sendable`. Every call
/// retries per `Configuration.retry` and throws `APIError`.
public final class VideosAPIClient {
    /// How the key is presented.
    public enum Auth: Sendable {
        /// `Authorization: Bearer <key>` (OpenAI and most gateways).
        case bearer(Secret)
        /// `api-key: <key>` (Azure OpenAI).
        case apiKey(Secret)

        var secret: Secret {
            switch self {
            case .bearer(let s), .apiKey(let s): s
            }
        }
    }

    /// The list order; the API's default is not documented, so soracost always sends one.
    public enum Order: String, Sendable {
        case asc, desc
    }

    public struct Configuration: Sendable {
        public static let defaultBaseURL = "https://api.openai.com/v1"

        /// The API root including its version path (`…/v1`); trailing slashes are ignored.
        public var baseURL: String
        public var auth: Auth
        /// Sent as `OpenAI-Organization` when set.
        public var organization: String?
        /// Sent as `OpenAI-Project` when set. The list shows only this project's videos.
        public var project: String?
        public var userAgent: String
        /// Seconds to connect; seconds for a whole request.
        public var connectTimeout: Double
        public var totalTimeout: Double
        public var retry: RetryPolicy
        /// Allows `http://` to a host other than the loopback address. Off by default: the key
        /// would cross the network in clear text.
        public var allowInsecureHTTP: Bool

        public init(
            baseURL: String = Configuration.defaultBaseURL, auth: Auth, organization: String? = nil,
            project: String? = nil, userAgent: String = "soracost/\(SoraCostVersion.current)",
            connectTimeout: Double = 10, totalTimeout: Double = 60, retry: RetryPolicy = RetryPolicy(),
            allowInsecureHTTP: Bool = false
        ) {
            self.baseURL = baseURL
            self.auth = auth
            self.organization = organization
            self.project = project
            self.userAgent = userAgent
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.retry = retry
            self.allowInsecureHTTP = allowInsecureHTTP
        }
    }

    /// One page of `GET /videos`: the exact bytes received (to store as evidence) and the
    /// envelope fields.
    public struct ListPage: Sendable {
        /// The `after` cursor this page was requested with; nil for the first page.
        public var cursor: String?
        /// The request, redacted: `GET https://…/v1/videos?limit=100&order=desc&after=…`.
        public var request: String
        public var body: [UInt8]
        /// The video objects, unchanged.
        public var data: [JSONValue]
        public var hasMore: Bool
        public var firstID: String?
        public var lastID: String?
        public var requestID: String?
        /// The cursor for the next page, nil on the last page: `last_id`, or the last item's id
        /// when a server leaves `last_id` null. Never equal to `cursor` (that is rejected as a
        /// malformed page, since following it would loop forever).
        public var nextCursor: String?
    }

    public let configuration: Configuration
    /// `configuration.baseURL` trimmed, without trailing slashes.
    public let baseURL: String
    let http: HTTPClient

    /// Checks the configuration and creates the HTTP handle; sends nothing.
    public init(configuration: Configuration) throws(APIError) {
        self.configuration = configuration
        baseURL = try VideosAPIClient.validatedBaseURL(configuration.baseURL, allowInsecureHTTP: configuration.allowInsecureHTTP)
        let secret = configuration.auth.secret
        guard !secret.isEmpty else { throw .invalidConfiguration("the API key is empty") }
        do {
            try Secret.check(secret.exposedValue, source: "key")
        } catch {
            throw .invalidConfiguration("the API key contains spaces or control characters")
        }
        for (flag, value) in [("--organization", configuration.organization), ("--project", configuration.project)] {
            if let value, value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                throw .invalidConfiguration("\(flag) contains a control character")
            }
        }
        do {
            http = try HTTPClient(configuration: HTTPClient.Configuration(
                connectTimeout: configuration.connectTimeout, totalTimeout: configuration.totalTimeout,
                userAgent: configuration.userAgent))
        } catch {
            throw .transport(error, operation: "starting the HTTP client")
        }
    }

    /// New connections opened so far; 1 after any number of pages when keep-alive works.
    public var connectionsOpened: Int { http.connectionsOpened }

    /// Fetches one page: `GET {base}/videos?limit=…&order=…[&after=…]`.
    ///
    /// - Parameters:
    ///   - after: the previous page's `nextCursor`; nil (or empty) for the first page.
    ///   - limit: 1…100 items per page.
    /// - Throws: `APIError`; a body that is not a complete list envelope (invalid or truncated
    ///   JSON, `data` missing or not an array, `has_more` missing) is `.malformedPage` naming
    ///   the cursor and URL.
    public func listPage(after: String? = nil, limit: Int = 100, order: Order = .desc) throws(APIError) -> ListPage {
        guard (1...100).contains(limit) else {
            throw .invalidConfiguration("list limit \(limit) is outside 1…100")
        }
        let cursor = (after?.isEmpty ?? true) ? nil : after
        var url = "\(baseURL)/videos?limit=\(limit)&order=\(order.rawValue)"
        if let cursor { url += "&after=\(VideosAPIClient.percentEncode(cursor))" }
        let operation = cursor.map { "listing videos (page after \($0))" } ?? "listing videos (first page)"
        let request = HTTPRequest(method: .get, url: url, headers: headers())
        let (response, attempts) = try perform(request, operation: operation, isList: true)

        func malformed(_ reason: String) -> APIError {
            .malformedPage(failure(response, request: request, operation: operation, attempts: attempts), reason: reason)
        }
        let json = try parseBody(response.body, malformed: malformed)
        guard case .object = json else {
            throw malformed("expected a JSON object with \"data\", got \(json.typeName)")
        }
        guard let dataValue = json["data"] else { throw malformed("\"data\" is missing") }
        guard case .array(let items) = dataValue else {
            throw malformed("\"data\" is \(dataValue.typeName), expected an array")
        }
        for (index, item) in items.enumerated() {
            guard case .object = item else {
                throw malformed("data[\(index)] is \(item.typeName), expected a video object")
            }
        }
        guard let hasMoreValue = json["has_more"] else { throw malformed("\"has_more\" is missing") }
        guard case .bool(let hasMore) = hasMoreValue else {
            throw malformed("\"has_more\" is \(hasMoreValue.typeName), expected true or false")
        }
        func optionalID(_ key: String) throws(APIError) -> String? {
            switch json[key] {
            case nil, .null?: return nil
            case .string(let s)?: return s.isEmpty ? nil : s
            case let other?: throw malformed("\"\(key)\" is \(other.typeName), expected a string or null")
            }
        }
        let firstID = try optionalID("first_id")
        let lastID = try optionalID("last_id")
        var nextCursor: String?
        if hasMore {
            let lastItemID = items.last?["id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            guard let next = lastID ?? lastItemID else {
                throw malformed("\"has_more\" is true but there is no last_id to request the next page with")
            }
            guard next != cursor else {
                throw malformed("the page names its own cursor \(next) as the next one; following it would loop")
            }
            nextCursor = next
        }
        return ListPage(cursor: cursor, request: request.description, body: response.body, data: items,
                        hasMore: hasMore, firstID: firstID, lastID: lastID, requestID: response.requestID,
                        nextCursor: nextCursor)
    }

    /// Fetches one video object: `GET {base}/videos/{id}`.
    public func retrieve(id: String) throws(APIError) -> JSONValue {
        guard !id.isEmpty else { throw .invalidConfiguration("empty video id") }
        let operation = "retrieving video \(id)"
        let request = HTTPRequest(method: .get, url: "\(baseURL)/videos/\(VideosAPIClient.percentEncode(id))",
                                  headers: headers())
        let (response, attempts) = try perform(request, operation: operation, isList: false)
        func malformed(_ reason: String) -> APIError {
            .malformedResponse(failure(response, request: request, operation: operation, attempts: attempts), reason: reason)
        }
        let json = try parseBody(response.body, malformed: malformed)
        guard case .object = json else { throw malformed("expected a video object, got \(json.typeName)") }
        return json
    }

    /// The headers every call sends: credentials, organization and project, JSON accept.
    func headers() -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        switch configuration.auth {
        case .bearer(let secret): fields.append((name: "Authorization", value: "Bearer \(secret.exposedValue)"))
        case .apiKey(let secret): fields.append((name: "api-key", value: secret.exposedValue))
        }
        if let organization = configuration.organization, !organization.isEmpty {
            fields.append((name: "OpenAI-Organization", value: organization))
        }
        if let project = configuration.project, !project.isEmpty {
            fields.append((name: "OpenAI-Project", value: project))
        }
        fields.append((name: "Accept", value: "application/json"))
        return fields
    }

    /// Sends with retries and maps a final error status to the matching `APIError`.
    func perform(
        _ request: HTTPRequest, operation: String, isList: Bool
    ) throws(APIError) -> (response: HTTPResponse, attempts: Int) {
        let outcome: (response: HTTPResponse, attempts: Int)
        do {
            outcome = try configuration.retry.run { () throws(CurlError) -> HTTPResponse in try http.send(request) }
        } catch {
            var scrubbed = error
            scrubbed.message = HTTPRedaction.scrub(error.message, secrets: [configuration.auth.secret])
            throw .transport(scrubbed, operation: operation)
        }
        let response = outcome.response
        if response.isSuccess { return outcome }
        let failure = failure(response, request: request, operation: operation, attempts: outcome.attempts)
        switch response.status {
        case 401, 403: throw .unauthorized(failure)
        case 429 where failure.detail?.code == "insufficient_quota": throw .quotaExhausted(failure)
        case 404 where isList: throw .endpointGone(failure)
        default: throw .http(failure)
        }
    }

    /// The facts of one exchange for an error, with the key scrubbed from server-sent text.
    func failure(_ response: HTTPResponse, request: HTTPRequest, operation: String, attempts: Int) -> APIError.Failure {
        let secrets = [configuration.auth.secret]
        func clean(_ text: String?) -> String? { text.map { HTTPRedaction.scrub($0, secrets: secrets) } }
        let detail = response.apiError.map {
            APIErrorBody(message: clean($0.message), type: clean($0.type), param: clean($0.param), code: clean($0.code))
        }
        return APIError.Failure(
            operation: operation, request: clean(request.description) ?? "", status: response.status,
            requestID: clean(response.requestID), detail: detail, attempts: attempts,
            location: clean(response.header("location").map { HTTPRedaction.url($0) }))
    }

    /// Parses a 2xx body as JSON, explaining an empty, truncated or invalid one.
    func parseBody(_ body: [UInt8], malformed: (String) -> APIError) throws(APIError) -> JSONValue {
        guard !body.isEmpty else { throw malformed("the body is empty") }
        let parsed: Result<JSONValue, JSONError> = body.withUnsafeBytes { bytes in
            Result { () throws(JSONError) -> JSONValue in try JSONValue.parse(bytes) }
        }
        switch parsed {
        case .success(let json):
            return json
        case .failure(let error):
            if error.offset >= body.count - 1 || error.reason.contains("end of text") || error.reason == "unterminated string" {
                throw malformed("the body ends early after \(body.count) bytes (truncated JSON: \(error.description))")
            }
            throw malformed("the body is not valid JSON (\(error.description))")
        }
    }

    /// `text` with every byte outside RFC 3986's unreserved set percent-encoded, for a query
    /// value or a path segment.
    static func percentEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    /// `raw` trimmed and without trailing slashes, after checking it is an http(s) URL without
    /// credentials, query or fragment, and that plain http only goes to the loopback address
    /// unless `allowInsecureHTTP`.
    static func validatedBaseURL(_ raw: String, allowInsecureHTTP: Bool) throws(APIError) -> String {
        var url = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        while url.hasSuffix("/") { url.removeLast() }
        let lower = url.lowercased()
        let isHTTPS = lower.hasPrefix("https://")
        guard isHTTPS || lower.hasPrefix("http://") else {
            throw .invalidConfiguration("base URL \(HTTPRedaction.url(url)) must start with https://")
        }
        guard !url.contains("?"), !url.contains("#") else {
            throw .invalidConfiguration("base URL \(HTTPRedaction.url(url)) must not carry a query or fragment")
        }
        guard !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else {
            throw .invalidConfiguration("base URL contains spaces or control characters")
        }
        let parts = HTTPRedaction.split(url)
        let authority = url.dropFirst(parts.scheme.count).prefix(while: { $0 != "/" })
        guard !authority.contains("@") else {
            throw .invalidConfiguration("base URL \(HTTPRedaction.url(url)) must not contain user:password@; "
                + "give the key through OPENAI_API_KEY, --api-key-env or --api-key-file")
        }
        guard !parts.hostAndPort.isEmpty else {
            throw .invalidConfiguration("base URL \(url) has no host")
        }
        if !isHTTPS && !allowInsecureHTTP {
            var host = parts.hostAndPort.lowercased()
            if host.hasPrefix("[") {
                host = String(host.prefix(while: { $0 != "]" }).dropFirst())
            } else if let colon = host.firstIndex(of: ":") {
                host = String(host[..<colon])
            }
            guard ["127.0.0.1", "localhost", "::1"].contains(host) else {
                throw .invalidConfiguration("base URL \(url) uses plain http, which would send the key in clear "
                    + "text; use https:// (or allow plain http explicitly)")
            }
        }
        return url
    }
}
