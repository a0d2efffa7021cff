/// One HTTP request as `HTTPClient.send` takes it.
///
/// Printing a request shows the method and `displayURL` only: headers (which carry the API key)
/// and the body never appear in its description or mirror.
public struct HTTPRequest: Sendable, CustomStringConvertible, CustomReflectable {
    public enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
    }

    public var method: Method
    /// The full URL, sent as is; build it already percent-encoded.
    public var url: String
    /// Extra header fields, in order. The client adds `User-Agent`, `Accept-Encoding` and, for
    /// bodies, `Content-Length` itself.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    /// The URL as errors print it: by default `HTTPRedaction.url(url)`; webhooks use
    /// `HTTPRedaction.hostOnly(url)` because their path is the credential.
    public var displayURL: String

    public init(
        method: Method, url: String, headers: [(name: String, value: String)] = [],
        body: [UInt8]? = nil, displayURL: String? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.displayURL = displayURL ?? HTTPRedaction.url(url)
    }

    public var description: String { "\(method.rawValue) \(displayURL)" }
    public var customMirror: Mirror {
        Mirror(self, children: ["method": method, "url": displayURL], displayStyle: .struct)
    }
}
