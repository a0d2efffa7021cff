import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A real HTTP/1.1 server on 127.0.0.1 and an ephemeral port, for tests of the HTTP client.
///
/// Each test starts its own (`try LoopbackServer { request in … }`) and must call `stop()`
/// (`defer { server.stop() }`): the threads hold the server until then. Responses come from
/// the handler, which sees every parsed request; all requests are recorded in `requests`.
/// Supports keep-alive (many requests per connection, recorded with a connection number) and
/// `Content-Length` request bodies; not chunked request bodies, not TLS.
///
/// Threads: one accepts, one serves each connection. `stop()` wakes every one of them (poll
/// timeout for the acceptor, `shutdown` for blocked reads, a condition for delayed responses)
/// and waits until all have finished, so no thread outlives the test.
///
/// `@unchecked Sendable`: the mutable state is guarded by `state`, an `NSCondition`; the file
/// descriptors are plain integers owned by one thread each, closed under the same lock so `stop`
/// never shuts down a descriptor number the process has already reused.
public final class LoopbackServer: @unchecked Sendable {
    public struct Request: Sendable {
        /// 0-based arrival order across the whole server.
        public var index: Int
        /// 0-based number of the TCP connection the request came on.
        public var connection: Int
        public var method: String
        /// The request target as sent: path and query (`/v1/videos?limit=100`).
        public var target: String
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]

        public func header(_ name: String) -> String? {
            headers.first(where: { $0.name.lowercased() == name.lowercased() })?.value
        }

        public var path: String { String(target.prefix(while: { $0 != "?" })) }

        /// Query parameters, percent-decoded; nil for a target without `?`.
        public var query: [String: String]? {
            guard let question = target.firstIndex(of: "?") else { return nil }
            var result: [String: String] = [:]
            for item in target[target.index(after: question)...].split(separator: "&") {
                let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(pair[0]).removingPercentEncoding ?? String(pair[0])
                let value = pair.count > 1 ? (String(pair[1]).removingPercentEncoding ?? String(pair[1])) : ""
                result[name] = value
            }
            return result
        }

        public var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    public struct Response: Sendable {
        public var status: Int
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]
        /// Seconds to wait before answering (cut short by `stop()`).
        public var delay: Double = 0
        /// Send only this many body bytes after announcing the full `Content-Length`, then close.
        public var truncateAfter: Int?
        /// Close the connection after this response.
        public var close = false

        public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: String = "",
             delay: Double = 0, truncateAfter: Int? = nil, close: Bool = false) {
            self.status = status
            self.headers = headers
            self.body = Array(body.utf8)
            self.delay = delay
            self.truncateAfter = truncateAfter
            self.close = close
        }

        /// A JSON response with `content-type: application/json`.
        public static func json(_ body: String, status: Int = 200, headers: [(name: String, value: String)] = [],
                         delay: Double = 0, truncateAfter: Int? = nil) -> Response {
            Response(status: status, headers: [(name: "Content-Type", value: "application/json")] + headers,
                     body: body, delay: delay, truncateAfter: truncateAfter)
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public typealias Handler = @Sendable (Request) -> Response

    public let port: UInt16
    private let handler: Handler
    private let listenFD: Int32
    private let state = NSCondition()
    private var stopping = false
    private var openConnections: Set<Int32> = []
    private var recorded: [Request] = []
    private var connectionCount = 0
    private let running = DispatchGroup()

    /// Starts listening on 127.0.0.1 at a port the system picks, and accepting at once.
    public init(handler: @escaping Handler) throws {
        self.handler = handler
        let fd = socket(AF_INET, LoopbackServer.streamType, 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard bound == 0, named == 0, listen(fd, 16) == 0 else {
            let code = errno
            close(fd)
            throw Failure(description: "bind/listen on 127.0.0.1: errno \(code)")
        }
        listenFD = fd
        port = UInt16(bigEndian: address.sin_port)
        running.enter()
        Thread { [self] in
            acceptLoop()
            running.leave()
        }.start()
    }

    /// Answers the scripted responses in order, then 500 `script exhausted` for any extra request.
    public convenience init(script: [Response]) throws {
        try self.init { request in
            request.index < script.count
                ? script[request.index]
                : .json(#"{"error":{"message":"script exhausted"}}"#, status: 500)
        }
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every request received so far, in arrival order.
    public var requests: [Request] {
        state.lock()
        defer { state.unlock() }
        return recorded
    }

    /// Stops accepting, drops every connection, wakes delayed responses, and returns once every
    /// server thread has ended (at most a few seconds). Safe to call twice.
    public func stop() {
        state.lock()
        stopping = true
        for fd in openConnections { shutdown(fd, Int32(SHUT_RDWR)) }
        state.broadcast()
        state.unlock()
        _ = running.wait(timeout: .now() + 10)
    }

    private var isStopping: Bool {
        state.lock()
        defer { state.unlock() }
        return stopping
    }

    private func acceptLoop() {
        defer { close(listenFD) }
        while !isStopping {
            var poller = pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            let client = accept(listenFD, nil, nil)
            guard client >= 0 else { continue }
            #if canImport(Darwin)
            var yes: Int32 = 1
            setsockopt(client, SOL_SOCKET, SO_NOSIGPIPE, &yes, socklen_t(MemoryLayout<Int32>.size))
            #endif
            state.lock()
            if stopping {
                state.unlock()
                close(client)
                return
            }
            openConnections.insert(client)
            let connection = connectionCount
            connectionCount += 1
            running.enter()
            state.unlock()
            Thread { [self] in
                serve(client, connection: connection)
                running.leave()
            }.start()
        }
    }

    private func serve(_ fd: Int32, connection: Int) {
        defer {
            state.lock()
            openConnections.remove(fd)
            close(fd)
            state.unlock()
        }
        var buffer: [UInt8] = []
        while let request = readRequest(fd, buffer: &buffer, connection: connection) {
            let response = handler(request)
            if response.delay > 0, !waitUnlessStopped(response.delay) { return }
            guard write(response, to: fd) else { return }
            if response.truncateAfter != nil || response.close || request.header("connection")?.lowercased() == "close" {
                return
            }
        }
    }

    /// Sleeps `seconds` unless `stop()` comes first; false when stopped.
    private func waitUnlessStopped(_ seconds: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        state.lock()
        defer { state.unlock() }
        while !stopping {
            if !state.wait(until: deadline) { return true }
        }
        return false
    }

    /// Reads one request (head and `Content-Length` body) and records it; nil at end of stream.
    private func readRequest(_ fd: Int32, buffer: inout [UInt8], connection: Int) -> Request? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while true {
            if let found = LoopbackServer.find(separator, in: buffer) {
                headEnd = found
                break
            }
            guard buffer.count < 1 << 20, receive(fd, into: &buffer) else { return nil }
        }
        guard let headEnd else { return nil }
        let head = String(decoding: buffer[..<headEnd], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count == 3 else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((name: String(line[..<colon]),
                            value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        let length = headers.first(where: { $0.name.lowercased() == "content-length" }).flatMap { Int($0.value) } ?? 0
        let bodyStart = headEnd + separator.count
        while buffer.count < bodyStart + length {
            guard receive(fd, into: &buffer) else { return nil }
        }
        let body = Array(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeFirst(bodyStart + length)
        state.lock()
        let request = Request(index: recorded.count, connection: connection, method: String(requestLine[0]),
                              target: String(requestLine[1]), headers: headers, body: body)
        recorded.append(request)
        state.unlock()
        return request
    }

    /// Appends what the socket has; false at end of stream, on error, or once stopping.
    private func receive(_ fd: Int32, into buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer.append(contentsOf: chunk[..<count])
                return true
            }
            if count < 0, errno == EINTR { continue }
            return false
        }
    }

    private func write(_ response: Response, to fd: Int32) -> Bool {
        let reason = [200: "OK", 201: "Created", 302: "Found", 400: "Bad Request", 401: "Unauthorized",
                      403: "Forbidden", 404: "Not Found", 408: "Request Timeout", 409: "Conflict",
                      429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
                      503: "Service Unavailable"][response.status] ?? "Status"
        var head = "HTTP/1.1 \(response.status) \(reason)\r\n"
        for field in response.headers { head += "\(field.name): \(field.value)\r\n" }
        if !response.headers.contains(where: { $0.name.lowercased() == "content-length" }) {
            head += "Content-Length: \(response.body.count)\r\n"
        }
        if response.close || response.truncateAfter != nil { head += "Connection: close\r\n" }
        head += "\r\n"
        let body = response.truncateAfter.map { Array(response.body.prefix($0)) } ?? response.body
        return sendAll(Array(head.utf8) + body, to: fd)
    }

    private func sendAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                send(fd, $0.baseAddress! + offset, bytes.count - offset, LoopbackServer.sendFlags)
            }
            if sent < 0, errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }

    #if canImport(Glibc)
    private static let streamType = Int32(SOCK_STREAM.rawValue)
    private static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
    private static let streamType = SOCK_STREAM
    private static let sendFlags: Int32 = 0
    #endif
}
