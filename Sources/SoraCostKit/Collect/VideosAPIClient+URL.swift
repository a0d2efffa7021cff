import Foundation

extension VideosAPIClient {
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
    /// credentials or fragment, and that plain http only goes to the loopback address unless
    /// `allowInsecureHTTP`; its query, if any (Azure OpenAI's `api-version=preview`), apart, to
    /// be sent with every request (`url(_:query:)`).
    static func validatedBaseURL(_ raw: String, allowInsecureHTTP: Bool) throws(APIError) -> (url: String, query: String?) {
        var url = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        var query: String?
        if let mark = url.firstIndex(of: "?") {
            query = String(url[url.index(after: mark)...])
            url = String(url[..<mark])
            if query?.isEmpty == true { query = nil }
        }
        while url.hasSuffix("/") { url.removeLast() }
        let lower = url.lowercased()
        let isHTTPS = lower.hasPrefix("https://")
        guard isHTTPS || lower.hasPrefix("http://") else {
            throw .invalidConfiguration("base URL \(HTTPRedaction.url(url)) must start with https://")
        }
        guard !url.contains("#"), query?.contains("#") != true else {
            throw .invalidConfiguration("base URL \(HTTPRedaction.url(url)) must not carry a fragment")
        }
        if let query, query.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value >= 0x7F }) {
            throw .invalidConfiguration("the base URL's query contains spaces, control or non-ASCII characters")
        }
        guard !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else {
            throw .invalidConfiguration("base URL contains spaces or control characters")
        }
        let parts = HTTPRedaction.split(url)
        let authority = url.dropFirst(parts.scheme.count).prefix(while: { $0 != "/" })
        guard !authority.contains("@") else {
            throw .invalidConfiguration("base URL \(HTTPRedaction.url(url)) must not contain user:password@; "
                + "give the key through its environment variable or key file instead")
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
                    + "text; use https:// (plain http is accepted only for this machine: 127.0.0.1, localhost or [::1])")
            }
        }
        return (url, query)
    }

    /// `{base}{path}` with `query`'s parameters, then the base URL's own (`api-version=…`).
    func url(_ path: String, query: [String] = []) -> String {
        let parameters = query + (baseQuery.map { [$0] } ?? [])
        return baseURL + path + (parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&"))
    }
}
