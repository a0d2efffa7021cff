extension VideosAPIClient {
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
        /// The cursor for the next page (`last_id`), nil on the last page: when `has_more` is
        /// false, or `last_id` is null or empty (the reference's end of the list, whatever
        /// `has_more` says; the official SDK stops there too). Never equal to `cursor` (that is
        /// rejected as a malformed page, since following it would loop forever).
        public var nextCursor: String?

        /// True when `has_more` said more pages follow but `last_id` gave no cursor to ask for
        /// them with: the walk ends here.
        public var endsWithoutCursor: Bool { hasMore && nextCursor == nil }
    }

    /// Fetches one page: `GET {base}/videos?limit=…&order=…[&after=…]`.
    ///
    /// - Parameters:
    ///   - after: the previous page's `nextCursor`; nil (or empty) for the first page.
    ///   - limit: 1…100 items per page.
    /// - Throws: `APIError`; a body that is not a complete list envelope (invalid or truncated
    ///   JSON, `data` missing or not an array, `has_more` missing) is `.malformedPage` naming
    ///   the cursor and URL. A null or empty `last_id` is not an error: the list ends there.
    public func listPage(after: String? = nil, limit: Int = 100, order: Order = .desc) throws(APIError) -> ListPage {
        guard (1...100).contains(limit) else {
            throw .invalidConfiguration("list limit \(limit) is outside 1…100")
        }
        let cursor = (after?.isEmpty ?? true) ? nil : after
        var query = ["limit=\(limit)", "order=\(order.rawValue)"]
        if let cursor { query.append("after=\(VideosAPIClient.percentEncode(cursor))") }
        let url = url("/videos", query: query)
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
        if hasMore, let next = lastID {
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
        let request = HTTPRequest(method: .get, url: url("/videos/\(VideosAPIClient.percentEncode(id))"),
                                  headers: headers())
        let (response, attempts) = try perform(request, operation: operation, isList: false)
        func malformed(_ reason: String) -> APIError {
            .malformedResponse(failure(response, request: request, operation: operation, attempts: attempts), reason: reason)
        }
        let json = try parseBody(response.body, malformed: malformed)
        guard case .object = json else { throw malformed("expected a video object, got \(json.typeName)") }
        return json
    }
}
