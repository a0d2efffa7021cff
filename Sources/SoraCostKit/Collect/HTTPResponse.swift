/// A complete HTTP response: final status, its header fields, and the body bytes.
///
/// `body` is what the server sent after libcurl undid any `Content-Encoding` (gzip, br, zstd).
/// Only the last response's headers are kept: those of a `100 Continue` are dropped.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header fields in arrival order, names as the server spelt them.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header field called `name`, compared case-insensitively
    /// (RFC 9110 §5.1), or nil.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first(where: { $0.name.lowercased() == wanted })?.value
    }

    /// The `x-request-id` OpenAI (and Azure) put on every response; quote it in any failure.
    public var requestID: String? { header("x-request-id") }

    /// The body decoded as UTF-8, invalid bytes replaced.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// True for 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The standard reason phrase for `status`, for messages ("429 Too Many Requests").
    public static func reason(for status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: ""
        }
    }
}
