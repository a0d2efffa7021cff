import Foundation

/// OpenAI's Costs API, `GET /v1/organization/costs`, read through the same client, headers,
/// retry rules and error mapping as `sync` (an admin key as the bearer `Secret`).
///
/// Each page is `{"object":"page","data":[{"start_time","end_time","results":[{"amount":
/// {"value","currency"},"line_item","project_id"}]}],"has_more","next_page"}`; buckets are one UTC
/// day (`bucket_width=1d`), grouped by `line_item` and `project_id`.
public enum CostsAPI {
    /// Largest `limit` for daily buckets.
    public static let pageLimit = 31

    /// One parsed page: its lines and the cursor of the next, nil on the last.
    public struct Page: Sendable {
        public var lines: [BilledLine]
        public var nextPage: String?
    }

    /// Pages read at most in one walk. A month of daily buckets fits in one or two pages; a
    /// server still saying `has_more` after this many is not going to stop.
    public static let maxPages = 1_000

    /// Reads every page of `from..<to` (Unix seconds), following `next_page`; `onPage` sees the
    /// raw body of each (to save it for later `--costs` runs).
    ///
    /// Every cursor of the walk is remembered: a page whose `next_page` was already visited
    /// (A → B → A) ends the walk with `APIError.malformedPage`, as `sync` does, and so does a walk
    /// past `maxPages`. A 404 or 401/403 is a `CostsAPIError`, worded for this endpoint.
    public static func fetch(client: VideosAPIClient, from: Int64, to: Int64,
                             onPage: (([UInt8]) throws -> Void)? = nil) throws -> [BilledLine] {
        var lines: [BilledLine] = []
        var cursor: String?
        var visited: Set<String> = []
        var number = 0
        repeat {
            number += 1
            // Repeated `group_by`, as the API documents it; a comma-joined list is one unknown key.
            var query = ["start_time=\(from)", "end_time=\(to)", "bucket_width=1d", "group_by=line_item",
                         "group_by=project_id", "limit=\(pageLimit)"]
            if let cursor { query.append("page=\(VideosAPIClient.percentEncode(cursor))") }
            let url = client.url("/organization/costs", query: query)
            let operation = "reading costs (page \(number))"
            let request = HTTPRequest(method: .get, url: url, headers: client.headers())
            let (response, attempts) = try CostsAPIError.translating { () throws(APIError) in
                try client.perform(request, operation: operation, isList: true)
            }
            func malformed(_ reason: String) -> APIError {
                .malformedPage(client.failure(response, request: request, operation: operation, attempts: attempts), reason: reason)
            }
            let json = try client.parseBody(response.body, malformed: malformed)
            let page: Page
            do {
                page = try parse(json, origin: "costs page \(number)")
            } catch {
                throw malformed(error.message)
            }
            if let next = page.nextPage {
                if next == cursor || visited.contains(next) {
                    throw malformed("the next cursor \(next) was already visited in this walk: the pages loop; "
                        + "stopped after \(number) page\(number == 1 ? "" : "s")")
                }
                if number >= maxPages {
                    throw malformed("has_more is still true after \(maxPages) pages, far more than a month of daily "
                        + "buckets needs; stopped")
                }
                visited.insert(next)
            }
            try onPage?(response.body)
            lines += page.lines
            cursor = page.nextPage
        } while cursor != nil
        return lines
    }

    /// A saved export: one page object, an array of pages, or one page per line (JSON Lines).
    public static func read(path: String) throws(BilledSourceError) -> [BilledLine] {
        let data = try BilledSourceError.contents(of: path, noun: "saved Costs API export")
        let text = String(decoding: data, as: UTF8.self)
        if let whole = try? JSONValue.parse(text) {
            if case .array(let pages) = whole {
                var lines: [BilledLine] = []
                for (index, page) in pages.enumerated() { lines += try parse(page, origin: "\(path): [\(index)]").lines }
                return lines
            }
            return try parse(whole, origin: path).lines
        }
        var lines: [BilledLine] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let page: JSONValue
            do {
                page = try JSONValue.parse(String(line))
            } catch {
                throw BilledSourceError(location: "\(path):\(index + 1):\(error.offset + 1)", message: "invalid JSON: \(error.reason)")
            }
            lines += try parse(page, origin: "\(path):\(index + 1)").lines
        }
        return lines
    }

    /// The lines of one page object.
    static func parse(_ page: JSONValue, origin: String) throws(BilledSourceError) -> Page {
        func fail(_ message: String) -> BilledSourceError { BilledSourceError(location: origin, message: message) }
        guard case .object = page else { throw fail("expected a costs page object, got \(page.typeName)") }
        guard case .array(let buckets)? = page["data"] else { throw fail("\"data\" is missing or not an array") }
        var lines: [BilledLine] = []
        for (b, bucket) in buckets.enumerated() {
            guard case .number(let startText)? = bucket["start_time"], let start = Int64(startText) else {
                throw fail("data[\(b)].start_time is missing or not whole Unix seconds")
            }
            guard case .array(let results)? = bucket["results"] else { throw fail("data[\(b)].results is missing or not an array") }
            for (r, result) in results.enumerated() {
                let at = "data[\(b)].results[\(r)]"
                guard let amount = result["amount"], let value = amount["value"] else { throw fail("\(at).amount.value is missing") }
                let text: String
                switch value {
                case .number(let number), .string(let number): text = number
                default: throw fail("\(at).amount.value must be a number, not \(value.typeName)")
                }
                guard let money = Money.rounding(decimal: text) else { throw fail("\(at).amount.value \(text) is not a usable amount") }
                let currency = (amount["currency"]?.stringValue ?? "usd").uppercased()
                lines.append(BilledLine(day: Day(unix: start), project: result["project_id"]?.stringValue, amount: money,
                                        currency: currency, lineItem: result["line_item"]?.stringValue,
                                        origin: "\(origin) \(at)"))
            }
        }
        let hasMore = page["has_more"].map { $0 == .bool(true) } ?? false
        let next = page["next_page"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        if hasMore, next == nil { throw fail("has_more is true but next_page is missing") }
        return Page(lines: lines, nextPage: hasMore ? next : nil)
    }
}
