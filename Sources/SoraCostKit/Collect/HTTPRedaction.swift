/// Removes secrets from URLs and from text that is about to reach a user.
///
/// Defence in depth: the client never puts a key into a message on purpose, but a server may echo
/// one back (a 401 body quoting the key it got, a proxy's error page), so every message built
/// from server text passes through `scrub` before it is stored in an error.
public enum HTTPRedaction {
    /// The marker that replaces a removed secret.
    public static let marker = "<redacted>"

    /// Query parameters whose values are safe to print: the Videos API cursor and paging
    /// parameters and Azure's version selector. Every other value is replaced by the marker,
    /// because gateways put keys in query strings (`?key=`, `?token=`, `?sig=`).
    static let printableQueryNames: Set<String> = ["after", "before", "limit", "order", "api-version", "variant"]

    /// `url` without user information, without its fragment, and with every query value other
    /// than paging parameters replaced by `<redacted>`. The path is kept: API paths hold no
    /// secrets, and the user needs it to see which endpoint failed.
    public static func url(_ url: String) -> String {
        let parts = split(url)
        var out = parts.scheme + parts.hostAndPort + parts.path
        if let query = parts.query {
            let items = query.split(separator: "&", omittingEmptySubsequences: false).map { item -> String in
                guard let equals = item.firstIndex(of: "=") else { return String(item) }
                let name = item[..<equals]
                if printableQueryNames.contains(name.lowercased()) { return String(item) }
                return "\(name)=\(marker)"
            }
            out += "?" + items.joined(separator: "&")
        }
        return out
    }

    /// Only the scheme, host and port of `url`, then `/…redacted`: for webhook URLs, whose path
    /// itself is the credential (`https://hooks.slack.com/services/T…/B…/XXXX`).
    public static func hostOnly(_ url: String) -> String {
        let parts = split(url)
        return parts.scheme + parts.hostAndPort + "/…redacted"
    }

    /// `text` with each of `secrets` and anything key-shaped replaced by `<redacted>`.
    ///
    /// Key-shaped means an OpenAI-style key (`sk-` followed by at least 8 key characters, which
    /// covers `sk-proj-…`, `sk-admin-…`, `sk-svcacct-…`) and a token of 8 or more characters after
    /// `Bearer `. Azure
    /// keys have no prefix, so they are only caught through `secrets`.
    public static func scrub(_ text: String, secrets: [Secret] = []) -> String {
        var out = text
        for secret in secrets where secret.exposedValue.count >= 4 {
            out = out.replacingAll(secret.exposedValue, with: marker)
        }
        out = replaceTokens(in: out, after: "sk-", minimumLength: 8, keepPrefix: false)
        out = replaceTokens(in: out, after: "Bearer ", minimumLength: 8, keepPrefix: true)
        out = replaceTokens(in: out, after: "bearer ", minimumLength: 8, keepPrefix: true)
        return out
    }

    /// True when `scalar` can be part of an API key or bearer token.
    static func isTokenScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", "~", "+", "/", "=": true
        default: false
        }
    }

    /// True for letters, digits and `_`: a key prefix right after one is part of a longer word
    /// (`task-…`), not the start of a key.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_": true
        default: false
        }
    }

    /// Replaces each run of token characters that follows `prefix` (and is at least
    /// `minimumLength` long) with the marker; `keepPrefix` decides whether the prefix stays.
    static func replaceTokens(in text: String, after prefix: String, minimumLength: Int, keepPrefix: Bool) -> String {
        let scalars = Array(text.unicodeScalars)
        let prefixScalars = Array(prefix.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if i + prefixScalars.count <= scalars.count,
               Array(scalars[i..<(i + prefixScalars.count)]) == prefixScalars,
               keepPrefix || i == 0 || !isWordScalar(scalars[i - 1])
            {
                var end = i + prefixScalars.count
                while end < scalars.count, isTokenScalar(scalars[end]) { end += 1 }
                if end - (i + prefixScalars.count) >= minimumLength {
                    if keepPrefix { out.append(contentsOf: prefixScalars) }
                    out.append(contentsOf: marker.unicodeScalars)
                    i = end
                    continue
                }
            }
            out.append(scalars[i])
            i += 1
        }
        return String(out)
    }

    /// A URL cut into the pieces the functions above print. Parsed by hand so that any text,
    /// even an invalid URL, gives an answer (this runs while reporting errors).
    static func split(_ url: String) -> (scheme: String, hostAndPort: String, path: String, query: String?) {
        var rest = Substring(url)
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        var scheme = ""
        if let range = rest.firstRange(of: "://") {
            scheme = String(rest[..<range.upperBound])
            rest = rest[range.upperBound...]
        }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        rest = rest[authorityEnd...]
        var query: String?
        if let question = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        return (scheme, String(authority), String(rest), query)
    }
}

extension String {
    /// Every occurrence of `target` replaced, without Foundation's NSString bridging.
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        out += rest
        return out
    }
}
