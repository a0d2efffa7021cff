/// Decodes the Videos API's video object (see shared/reference/videos-api.md) into a `Job`.
///
/// Built for the real shapes: `seconds` is a string ("8") but a number is accepted; `size` is any
/// `WxH`; times are Unix seconds (ISO strings accepted); `prompt` may be missing; unknown keys are
/// ignored. Every rejection names the field and says what was found.
public enum VideoRecord {
    /// Longest video length accepted, in seconds: far above the API's 20 s, low enough to catch
    /// milliseconds or garbage passed off as seconds.
    static let maxSeconds = 3_600
    /// Longest side accepted, in pixels: the API's largest is 1792; 8192 leaves room for 8K.
    static let maxSide = 8_192

    /// Decodes a video object. The prompt's text is copied out only when `keepingPrompt`;
    /// `hasPrompt` says whether there was one either way.
    public static func decode<Node: JSONNode>(_ video: Node, provider: String, keepingPrompt: Bool = true)
        throws(RecordError) -> (job: Job, prompt: String?, hasPrompt: Bool) {
        guard video.kind == .object else {
            throw RecordError(field: nil, "expected a video object, found \(video.typeName)")
        }
        let id = try requiredString(video, "id")
        let model = try requiredString(video, "model")
        let statusText = try requiredString(video, "status")
        guard let status = JobStatus(rawValue: statusText) else {
            throw RecordError(field: "status", "'\(statusText.prefix(40))' is not one of queued, in_progress, completed, failed")
        }
        let seconds = try decodeSeconds(video["seconds"], field: "seconds", required: true)!
        let (width, height) = try decodeSize(video["size"])
        guard let createdAt = try Timestamp.decode(video["created_at"], field: "created_at") else {
            throw RecordError(field: "created_at", "missing")
        }
        let completedAt = try Timestamp.decode(video["completed_at"], field: "completed_at")
        let expiresAt = try Timestamp.decode(video["expires_at"], field: "expires_at")
        let progress = try optionalInt(video["progress"], field: "progress")
        let remixedFrom = try optionalString(video["remixed_from_video_id"], field: "remixed_from_video_id")
        var errorCode: String?
        var errorMessage: String?
        if let error = video["error"] {
            switch error.kind {
            case .null:
                break
            case .object:
                errorCode = try optionalString(error["code"], field: "error.code")
                errorMessage = try optionalString(error["message"], field: "error.message")
            case .string:
                errorMessage = error.text
            default:
                throw RecordError(field: "error", "expected an object or null, found \(error.typeName)")
            }
        }
        let promptValue = video["prompt"]
        let prompt: String?
        let hasPrompt: Bool
        if keepingPrompt {
            prompt = try optionalString(promptValue, field: "prompt")
            hasPrompt = prompt != nil
        } else {
            // Checked as if kept, but not copied: a prompt the user did not opt to keep is not read.
            try checkString(promptValue, field: "prompt")
            prompt = nil
            hasPrompt = promptValue.map { $0.kind == .number || ($0.kind == .string && !$0.isEmptyString) } ?? false
        }
        let job = Job(
            provider: provider, videoID: id, model: model, status: status, progress: progress,
            seconds: seconds, width: width, height: height, createdAt: createdAt,
            completedAt: completedAt, expiresAt: expiresAt, remixedFrom: remixedFrom,
            errorCode: errorCode, errorMessage: errorMessage,
            kind: remixedFrom == nil ? .create : .remix)
        return (job, prompt, hasPrompt)
    }

    static func requiredString<Node: JSONNode>(_ object: Node, _ key: String) throws(RecordError) -> String {
        guard let value = object[key] else { throw RecordError(field: key, "missing") }
        switch value.kind {
        case .string where !value.isEmptyString:
            return value.text ?? ""
        case .null, .string:
            throw RecordError(field: key, "missing")
        default:
            throw RecordError(field: key, "expected a string, found \(value.typeName)")
        }
    }

    /// A string, or a number's text; nil for null, missing or empty.
    static func optionalString<Node: JSONNode>(_ value: Node?, field: String) throws(RecordError) -> String? {
        try checkString(value, field: field)
        guard let value, !value.isEmptyString else { return nil }
        return value.text
    }

    /// Throws unless `value` is missing, null, a string or a number.
    static func checkString<Node: JSONNode>(_ value: Node?, field: String) throws(RecordError) {
        guard let value else { return }
        switch value.kind {
        case .null, .string, .number: return
        default: throw RecordError(field: field, "expected a string, found \(value.typeName)")
        }
    }

    static func optionalInt<Node: JSONNode>(_ value: Node?, field: String) throws(RecordError) -> Int? {
        guard let value else { return nil }
        switch value.kind {
        case .null: return nil
        case .number:
            let text = value.text ?? ""
            if let v = Int(text) { return v }
            if let dot = text.firstIndex(of: "."), text[text.index(after: dot)...].allSatisfy({ $0 == "0" }),
               let v = Int(text[..<dot]) { return v }
            throw RecordError(field: field, "'\(text)' is not a whole number")
        case .string:
            let text = value.text ?? ""
            if text.isEmpty { return nil }
            guard let v = Int(text) else { throw RecordError(field: field, "'\(text.prefix(40))' is not a whole number") }
            return v
        default:
            throw RecordError(field: field, "expected a whole number, found \(value.typeName)")
        }
    }

    /// Seconds of video: the API writes a string ("8"); some logs write a number.
    static func decodeSeconds<Node: JSONNode>(_ value: Node?, field: String, required: Bool) throws(RecordError) -> Int? {
        guard let value, value.kind != .null else {
            if required { throw RecordError(field: field, "missing") }
            return nil
        }
        let seconds: Int?
        switch value.kind {
        case .string:
            // "8" as the API writes it parses directly; only other text is trimmed first.
            let text = value.text ?? ""
            guard let v = Int(text) ?? Int(text.trimmingCharactersWhitespace()) else {
                throw RecordError(field: field, "'\(text.prefix(40))' is not a whole number of seconds")
            }
            seconds = v
        case .number:
            seconds = try optionalInt(value, field: field)
        default:
            throw RecordError(field: field, "expected a string such as \"8\", found \(value.typeName)")
        }
        guard let seconds, seconds > 0, seconds <= maxSeconds else {
            throw RecordError(field: field, "\(seconds ?? 0) is not a plausible video length (1 to \(maxSeconds) s)")
        }
        return seconds
    }

    static func decodeSize<Node: JSONNode>(_ value: Node?) throws(RecordError) -> (Int, Int) {
        guard let value, value.kind != .null else { throw RecordError(field: "size", "missing") }
        guard value.kind == .string else {
            throw RecordError(field: "size", "expected a string such as \"720x1280\", found \(value.typeName)")
        }
        let text = value.text ?? ""
        guard let size = parseSize(text) else {
            throw RecordError(field: "size", "'\(text.prefix(40))' is not WIDTHxHEIGHT such as 720x1280")
        }
        return size
    }

    /// Parses `WIDTHxHEIGHT` (also `×` or `X`), each side 1 to `maxSide` pixels.
    public static func parseSize(_ text: String) -> (Int, Int)? {
        // Fast path for the API's own form, digits `x` digits.
        var width = 0
        var height = 0
        var seenX = false
        var digits = (0, 0)
        var plain = true
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if seenX { height = height * 10 + Int(byte - 48); digits.1 += 1 } else { width = width * 10 + Int(byte - 48); digits.0 += 1 }
            case UInt8(ascii: "x") where !seenX:
                seenX = true
            default:
                plain = false
            }
            if !plain || digits.0 > 5 || digits.1 > 5 { plain = false; break }
        }
        if plain {
            guard seenX, (1...maxSide).contains(width), (1...maxSide).contains(height) else { return nil }
            return (width, height)
        }
        let parts = text.split(omittingEmptySubsequences: false) { $0 == "x" || $0 == "X" || $0 == "×" }
        guard parts.count == 2,
              let w = Int(parts[0].trimmingCharactersWhitespaceSub()), let h = Int(parts[1].trimmingCharactersWhitespaceSub()),
              (1...maxSide).contains(w), (1...maxSide).contains(h)
        else { return nil }
        return (w, h)
    }
}

extension Substring {
    func trimmingCharactersWhitespaceSub() -> Substring {
        var view = self
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return view
    }
}
