/// A line of a Batch API output file: what `/v1/batches` with endpoint `/v1/videos` returns for
/// each request (see shared/reference/videos-api.md, "batch jobs are not marked in the video
/// object"):
///
///     {"id": "batch_req_…", "custom_id": "job-1",
///      "response": {"status_code": 200, "request_id": "req_…", "body": { …video object… }},
///      "error": null}
///
/// The video is `response.body`, and the job is a batch job (billed at the batch discount),
/// which only this file says. A request that made no video (an error instead of a response, or
/// a response that is an error) is rejected with the error it carries.
enum BatchOutputLine {
    /// The video object of `line`, whose `response` member is `response`; nil when `response`
    /// is not a batch response (it has no `body`). Throws for a request that made no video.
    static func video<Node: JSONNode>(response: Node, line: Node) throws(RecordError) -> Node? {
        guard let body = response["body"], line["custom_id"] != nil else { return nil }
        let status = response["status_code"].flatMap(\.text).flatMap { Int($0) }
        if body.kind == .object, let error = body["error"], error.kind == .object {
            throw RecordError(field: "response.body.error",
                              "a batch request that made no video (HTTP \(status.map(String.init) ?? "?")): \(message(of: error))")
        }
        guard body.kind == .object else {
            throw RecordError(field: "response.body", "expected the video object of a batch response, found \(body.typeName)")
        }
        if let status, !(200..<300).contains(status) {
            throw RecordError(field: "response.status_code", "a batch request that made no video (HTTP \(status))")
        }
        return body
    }

    /// Throws for a batch output line that has an error and no response (nil `response`).
    static func check<Node: JSONNode>(failed line: Node) throws(RecordError) {
        guard line["custom_id"] != nil, let response = line["response"], response.kind == .null,
              let error = line["error"], error.kind == .object else { return }
        throw RecordError(field: "error", "a batch request that made no video: \(message(of: error))")
    }

    /// What an API error object says: its message, else its code, at most 200 characters.
    private static func message<Node: JSONNode>(of error: Node) -> Substring {
        (error["message"]?.text ?? error["code"]?.text ?? "no message").prefix(200)
    }
}
