import Foundation
import SoraCostCCurl

/// A failed libcurl transfer: curl's result code, curl's own message, and the request it was.
///
/// `context` is `METHOD <url>` with the URL already redacted (`HTTPRequest.displayURL`), so the
/// description is safe to print. `attempts` is set by `RetryPolicy.run` when it gives up.
public struct CurlError: Error, CustomStringConvertible, Sendable {
    /// The `CURLcode` value (https://curl.se/libcurl/c/libcurl-errors.html).
    public var code: Int
    public var message: String
    public var context: String
    public var attempts: Int = 1

    public init(code: Int, message: String, context: String, attempts: Int = 1) {
        self.code = code
        self.message = message
        self.context = context
        self.attempts = attempts
    }

    public var description: String {
        var text = "curl error \(code) (\(message)) during \(context)"
        if let hint { text += ": \(hint)" }
        if attempts > 1 { text += "; gave up after \(attempts) attempts" }
        return text
    }

    /// True when the connect or total timeout expired (`CURLE_OPERATION_TIMEDOUT`).
    public var isTimeout: Bool { code == Int(CURLE_OPERATION_TIMEDOUT.rawValue) }

    /// True when the connection closed before the announced body length arrived
    /// (`CURLE_PARTIAL_FILE`).
    public var isTruncatedBody: Bool { code == Int(CURLE_PARTIAL_FILE.rawValue) }

    /// True for failures worth repeating: refused or reset connections, timeouts, a connection
    /// that closed mid-response. Not DNS failures or TLS certificate errors: those are
    /// configuration mistakes (a mistyped --base-url) that repeating only delays.
    public var isTransient: Bool {
        let transient: [CURLcode] = [
            CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT, CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING,
            CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_HTTP2, CURLE_HTTP2_STREAM,
        ]
        return transient.contains(where: { Int($0.rawValue) == code })
    }

    /// The host name did not resolve: a mistyped base URL, most often.
    public var isUnknownHost: Bool { code == Int(CURLE_COULDNT_RESOLVE_HOST.rawValue) }

    /// A plain-words reading of the common codes.
    var hint: String? {
        if isTimeout { return "the server did not answer in time (timed out)" }
        if isTruncatedBody { return "the connection closed before the whole body arrived (truncated response)" }
        switch code {
        case Int(CURLE_COULDNT_CONNECT.rawValue): return "connection refused or unreachable"
        case Int(CURLE_COULDNT_RESOLVE_HOST.rawValue): return "unknown host name; check the base URL"
        case Int(CURLE_PEER_FAILED_VERIFICATION.rawValue): return "the server's TLS certificate did not verify"
        case Int(CURLE_GOT_NOTHING.rawValue): return "the server closed the connection without answering"
        default: return nil
        }
    }
}

/// A blocking HTTP client over one libcurl easy handle, reused for every request so that
/// libcurl keeps the connection (and TLS session) alive between pages.
///
/// Not `Sendable`: one handle must not be used by two threads at once; give each thread its own
/// client. Every request gets fresh options (`curl_easy_reset` keeps live connections, the DNS
/// cache and TLS sessions: https://curl.se/libcurl/c/curl_easy_reset.html). TLS peer and host
/// verification stay on, redirects are never followed (a redirect would carry the `api-key`
/// header to whatever host it names; the caller sees the 3xx instead), and only http and https
/// are allowed.
public final class HTTPClient {
    public struct Configuration: Sendable {
        /// Seconds allowed to establish the TCP and TLS connection.
        public var connectTimeout: Double
        /// Seconds allowed for the whole transfer, connect included.
        public var totalTimeout: Double
        public var userAgent: String
        /// Largest body accepted, in bytes; a larger one fails with curl error 23 instead of
        /// filling memory. A list page of 100 videos is about 50 KB.
        public var maxResponseBytes: Int

        public init(
            connectTimeout: Double = 10, totalTimeout: Double = 60,
            userAgent: String = "soracost/\(SoraCostVersion.current)",
            maxResponseBytes: Int = 64 << 20
        ) {
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.userAgent = userAgent
            self.maxResponseBytes = maxResponseBytes
        }
    }

    public let configuration: Configuration
    private let handle: UnsafeMutableRawPointer
    /// curl writes its detailed message for the last failure here (CURLOPT_ERRORBUFFER).
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// New connections libcurl opened for this client's requests so far (CURLINFO_NUM_CONNECTS);
    /// stays at 1 over a run of requests to one host when keep-alive works.
    public private(set) var connectionsOpened = 0

    public init(configuration: Configuration = Configuration()) throws(CurlError) {
        let global = CurlGlobal.initResult
        guard global == CURLE_OK else {
            throw CurlError(code: Int(global.rawValue), message: String(cString: curl_easy_strerror(global)),
                            context: "initializing libcurl")
        }
        guard let handle = curl_easy_init() else {
            throw CurlError(code: Int(CURLE_FAILED_INIT.rawValue), message: "curl_easy_init returned nothing",
                            context: "creating an HTTP handle")
        }
        self.handle = handle
        self.configuration = configuration
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Sends `request` once (no retries; see `RetryPolicy.run`) and returns whatever status the
    /// server answered. Throws only when no complete response arrived.
    public func send(_ request: HTTPRequest) throws(CurlError) -> HTTPResponse {
        let context = request.description
        func fail(_ code: CURLcode, _ detail: String? = nil) -> CurlError {
            let buffered = String(cString: errorBuffer)
            let message = detail ?? (buffered.isEmpty ? String(cString: curl_easy_strerror(code)) : buffered)
            return CurlError(code: Int(code.rawValue), message: HTTPRedaction.scrub(message), context: context)
        }
        func check(_ code: CURLcode) throws(CurlError) {
            if code != CURLE_OK { throw fail(code) }
        }

        curl_easy_reset(handle)
        errorBuffer[0] = 0
        let sink = ResponseSink(limit: configuration.maxResponseBytes)
        let sinkPointer = Unmanaged.passRetained(sink)
        defer { sinkPointer.release() }
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }

        try check(soracost_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        try check(soracost_curl_setopt_string(handle, CURLOPT_URL, request.url))
        try check(soracost_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        try check(soracost_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0))
        try check(soracost_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1))
        try check(soracost_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2))
        // No signals: the resolver is threaded, and SIGALRM-based timeouts are unsafe when
        // several threads run transfers (https://curl.se/libcurl/c/CURLOPT_NOSIGNAL.html).
        try check(soracost_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        try check(soracost_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(configuration.connectTimeout)))
        try check(soracost_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds(configuration.totalTimeout)))
        try check(soracost_curl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1))
        try check(soracost_curl_setopt_string(handle, CURLOPT_USERAGENT, configuration.userAgent))
        // An empty string asks for every encoding this libcurl can decode.
        try check(soracost_curl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, ""))
        try check(soracost_curl_setopt_write_function(handle, { data, size, count, context in
            guard let data, let context else { return 0 }
            let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
            return sink.appendBody(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
        }))
        try check(soracost_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, sinkPointer.toOpaque()))
        try check(soracost_curl_setopt_header_function(handle, { data, size, count, context in
            guard let data, let context else { return 0 }
            let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
            sink.appendHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        }))
        try check(soracost_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, sinkPointer.toOpaque()))

        var fields = request.headers
        if request.body != nil {
            // curl would otherwise send `Expect: 100-continue` for bodies over 1 KB and wait.
            fields.append((name: "Expect", value: ""))
        }
        for field in fields {
            let line = field.value.isEmpty ? "\(field.name):" : "\(field.name): \(field.value)"
            guard !line.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) else {
                throw fail(CURLE_BAD_FUNCTION_ARGUMENT, "header \(field.name) contains a line break")
            }
            guard let appended = curl_slist_append(headerList, line) else {
                throw fail(CURLE_OUT_OF_MEMORY)
            }
            headerList = appended
        }
        try check(soracost_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))

        switch request.method {
        case .get:
            try check(soracost_curl_setopt_long(handle, CURLOPT_HTTPGET, 1))
        case .post:
            let body = request.body ?? []
            try check(soracost_curl_setopt_long(handle, CURLOPT_POST, 1))
            try check(soracost_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count))
            // COPYPOSTFIELDS copies the bytes now, so the array need not outlive this call.
            var padded = body
            padded.append(0)
            let code = padded.withUnsafeMutableBytes { bytes in
                soracost_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, bytes.baseAddress)
            }
            try check(code)
        }

        let result = curl_easy_perform(handle)
        var connects = 0
        if soracost_curl_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK {
            connectionsOpened += connects
        }
        if result != CURLE_OK {
            if sink.overflowed {
                throw fail(result, "response body larger than the \(configuration.maxResponseBytes)-byte limit")
            }
            throw fail(result)
        }
        var status = 0
        try check(soracost_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status))
        return HTTPResponse(status: status, headers: sink.headers, body: sink.body)
    }

    /// GET `url` with `headers`.
    public func get(_ url: String, headers: [(name: String, value: String)] = []) throws(CurlError) -> HTTPResponse {
        try send(HTTPRequest(method: .get, url: url, headers: headers))
    }

    /// POST `body` to `url` as `application/json`.
    public func post(
        _ url: String, json body: [UInt8], headers: [(name: String, value: String)] = []
    ) throws(CurlError) -> HTTPResponse {
        try send(HTTPRequest(method: .post, url: url,
                             headers: [(name: "Content-Type", value: "application/json")] + headers, body: body))
    }

    private func milliseconds(_ seconds: Double) -> Int {
        max(1, Int((seconds * 1000).rounded()))
    }
}

/// Process-wide libcurl set-up, done once.
///
/// `curl_global_init` must run before any handle exists and not concurrently with itself; a
/// `static let` is initialized lazily and exactly once, thread-safely. There is no matching
/// `curl_global_cleanup`: the process exit releases everything, and a cleanup racing a late
/// handle would be worse than none.
enum CurlGlobal {
    static let initResult: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))
}

/// Collects one transfer's header lines and body bytes from libcurl's callbacks.
final class ResponseSink {
    let limit: Int
    var body: [UInt8] = []
    var headers: [(name: String, value: String)] = []
    var overflowed = false

    init(limit: Int) {
        self.limit = limit
    }

    /// Appends body bytes; false (which makes curl abort) once the limit would be passed.
    func appendBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= limit else {
            overflowed = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Takes one header line as curl delivers it (with its CRLF). A status line starts a new
    /// response (after `100 Continue`), so earlier fields are dropped.
    func appendHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: "\r\n"))
        if line.hasPrefix("HTTP/") {
            headers.removeAll()
            return
        }
        guard !line.isEmpty else { return }
        if line.first == " " || line.first == "\t", !headers.isEmpty {
            // An obsolete folded continuation line (RFC 9112 §5.2).
            headers[headers.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
        let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        headers.append((name: name, value: value))
    }
}
