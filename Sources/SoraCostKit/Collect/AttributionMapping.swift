/// Where an application log line keeps the video object and the attribution around it.
///
/// Every company logs differently, so each field is a dotted path that `--map FIELD=PATH` can
/// change (for example `--map user=actor.email`). The defaults describe soracost's documented
/// envelope:
///
///     {"ts": "...", "provider": "openai", "account": "proj_x", "project": "marketing",
///      "user": "ana@example.com", "tags": {"campaign": "spring"}, "batch": false,
///      "kind": "extension", "segment_seconds": 4, "video": { ...video object... }}
public struct AttributionMapping: Sendable, Equatable {
    public enum Field: String, CaseIterable, Sendable {
        case video, provider, account, project, user, tags, batch, kind
        case segmentSeconds = "segment_seconds"

        var index: Int {
            switch self {
            case .video: 0
            case .provider: 1
            case .account: 2
            case .project: 3
            case .user: 4
            case .tags: 5
            case .batch: 6
            case .kind: 7
            case .segmentSeconds: 8
            }
        }
    }

    /// One path per field, in `Field.allCases` order: an array, not a dictionary, because the
    /// importer looks every field up on every line.
    private let paths: [String]
    /// Each path split into its member names, once, not on every line.
    private let components: [[String]]

    /// Where the video object may sit when `video` is not remapped: tried in this order.
    static let videoFallbacks = ["video", "response", "result"]
    /// `response`'s index in `videoFallbacks`: where a Batch API output line keeps its response.
    static let responseFallback = 1

    public init() {
        self.init(paths: Field.allCases.map(\.rawValue))
    }

    private init(paths: [String]) {
        self.paths = paths
        components = paths.map { $0.split(separator: ".").map(String.init) }
    }

    /// Applies `FIELD=PATH` overrides, as given on the command line.
    public init(overrides: [String]) throws(RecordError) {
        var paths = Field.allCases.map(\.rawValue)
        for override in overrides {
            let parts = override.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let field = Field(rawValue: String(parts[0]).replacingDash()),
                  !parts[1].isEmpty
            else {
                let names = Field.allCases.map(\.rawValue).joined(separator: ", ")
                throw RecordError(field: nil, "'\(override)': expected FIELD=PATH with FIELD one of \(names)")
            }
            paths[field.index] = String(parts[1])
        }
        self.init(paths: paths)
    }

    public func path(_ field: Field) -> String { paths[field.index] }

    /// `path(field)` split into its member names.
    func components(_ field: Field) -> [String] { components[field.index] }

    var videoIsDefault: Bool { path(.video) == Field.video.rawValue }
}

extension String {
    fileprivate func replacingDash() -> String {
        String(map { $0 == "-" ? "_" : $0 })
    }
}

/// Decodes one log line: a bare video object, or the envelope described by an `AttributionMapping`.
public struct RecordDecoder: Sendable {
    public var mapping: AttributionMapping
    /// Provider recorded when a line names none.
    public var defaultProvider: String
    /// Account recorded when a line names none.
    public var defaultAccount: String?
    public var keepPrompts: Bool

    public init(mapping: AttributionMapping = AttributionMapping(), defaultProvider: String = "openai",
                defaultAccount: String? = nil, keepPrompts: Bool = false) {
        self.mapping = mapping
        self.defaultProvider = defaultProvider
        self.defaultAccount = defaultAccount
        self.keepPrompts = keepPrompts
    }

    /// The video object inside `object`, if it is an envelope; `fallback` is the index in
    /// `AttributionMapping.videoFallbacks` of the member it was found at (nil if remapped).
    func envelopedVideo<Node: JSONNode>(in object: Node) -> (video: Node, fallback: Int?)? {
        if mapping.videoIsDefault {
            for (index, key) in AttributionMapping.videoFallbacks.enumerated() {
                if let video = object[key], video.kind == .object { return (video, index) }
            }
            return nil
        }
        if let video = object.value(atPath: mapping.components(.video)), video.kind == .object { return (video, nil) }
        return nil
    }

    /// Decodes an object that is either a bare video object or an envelope around one.
    /// `rawText`, when given, is stored as the raw record as it is: the caller has removed any
    /// prompt the user did not opt to keep. Without it, the record is built whole and written
    /// again, so an object read in place (`JSONRef`) should come with its text.
    public func decode<Node: JSONNode>(_ object: Node, rawText: String?) throws(RecordError) -> Observation {
        var memo = TagsMemo()
        return try decode(object, raw: rawText.map(RawBytes.text), memo: &memo)
    }

    /// The same, with the record's bytes as the parser keeps them (`raw`, a range of its tape),
    /// reusing the tags `memo` holds when this record's are the same bytes, and leaving its own
    /// there for the next record.
    func decode<Node: JSONNode>(_ object: Node, raw: RawBytes?, memo: inout TagsMemo) throws(RecordError) -> Observation {
        if let (video, fallback) = envelopedVideo(in: object) {
            // At `response`: maybe a line of a Batch API output file, its video one level down.
            if fallback == AttributionMapping.responseFallback,
               let body = try BatchOutputLine.video(response: video, line: object) {
                return try decodeEnvelope(object, video: body, raw: raw, memo: &memo, batchOutput: true)
            }
            return try decodeEnvelope(object, video: video, raw: raw, memo: &memo)
        }
        guard object["id"] != nil else {
            throw RecordError(field: nil, "neither a video object (no 'id') nor a log envelope (no '\(mapping.path(.video))' object)")
        }
        var (job, prompt, hasPrompt): (Job, String?, Bool)
        do {
            (job, prompt, hasPrompt) = try VideoRecord.decode(object, provider: defaultProvider, keepingPrompt: keepPrompts)
        } catch {
            // A failed request's line of a Batch API output file says so rather than "no model".
            try BatchOutputLine.check(failed: object)
            throw error
        }
        job.account = defaultAccount
        return Observation(job: job, prompt: prompt, raw: raw ?? .text(rawRecord(object, hasPrompt: hasPrompt)),
                           tagsText: Tags.encode(job.tags))
    }

    /// `batchOutput`: `envelope` is a line of a Batch API output file, so the job is a batch job.
    func decodeEnvelope<Node: JSONNode>(_ envelope: Node, video: Node, raw: RawBytes?,
                                        memo: inout TagsMemo, batchOutput: Bool = false) throws(RecordError) -> Observation {
        let provider = try string(envelope, .provider) ?? defaultProvider
        var (job, prompt, hasPrompt) = try VideoRecord.decode(video, provider: provider, keepingPrompt: keepPrompts)
        job.account = try string(envelope, .account) ?? defaultAccount
        job.project = try string(envelope, .project)
        job.user = try string(envelope, .user)
        let tagsValue = envelope.value(atPath: mapping.components(.tags))
        let tagsSource = tagsValue?.sourceBytes
        let tagsText: String?
        if let known = memo.tags(readFrom: tagsSource) {
            (job.tags, tagsText) = known
        } else {
            job.tags = try tags(tagsValue)
            tagsText = Tags.encode(job.tags)
            memo.remember(tagsSource, tags: job.tags, text: tagsText)
        }
        job.isBatch = try batch(envelope) || batchOutput
        if let kind = try kind(envelope) { job.kind = kind }
        job.segmentSeconds = try VideoRecord.decodeSeconds(
            envelope.value(atPath: mapping.components(.segmentSeconds)), field: mapping.path(.segmentSeconds), required: false)
        return Observation(job: job, prompt: prompt, raw: raw ?? .text(rawRecord(envelope, hasPrompt: hasPrompt)),
                           tagsText: tagsText)
    }

    /// The raw record to keep when the caller has no text of it: the record written compactly,
    /// with every `prompt` member removed unless prompts are kept.
    func rawRecord<Node: JSONNode>(_ node: Node, hasPrompt: Bool) -> String {
        let value = node.wholeValue
        return (keepPrompts || !hasPrompt ? value : value.removingMembers(named: "prompt")).compactText
    }

    func string<Node: JSONNode>(_ envelope: Node, _ field: AttributionMapping.Field) throws(RecordError) -> String? {
        guard let value = envelope.value(atPath: mapping.components(field)) else { return nil }
        switch value.kind {
        case .null: return nil
        case .string, .number: return value.isEmptyString ? nil : value.text
        default: throw RecordError(field: mapping.path(field), "expected a string, found \(value.typeName)")
        }
    }

    /// The tags of an envelope, from its value at the mapping's tags path (nil if it has none).
    func tags<Node: JSONNode>(_ value: Node?) throws(RecordError) -> [String: String] {
        let path = mapping.path(.tags)
        guard let value else { return [:] }
        switch value.kind {
        case .null:
            return [:]
        case .object:
            var tags: [String: String] = [:]
            try value.forEachMember { (key: String, member: Node) throws(RecordError) in
                switch member.kind {
                case .string, .number: tags[key] = member.text
                case .bool: tags[key] = member.boolValue == true ? "true" : "false"
                case .null: break
                default: throw RecordError(field: "\(path).\(key)", "expected a text value, found \(member.typeName)")
                }
            }
            return tags
        case .string:
            return try TagList.parse(value.text ?? "", field: path)
        default:
            throw RecordError(field: path, "expected an object of text values, found \(value.typeName)")
        }
    }

    func batch<Node: JSONNode>(_ envelope: Node) throws(RecordError) -> Bool {
        let path = mapping.path(.batch)
        guard let value = envelope.value(atPath: mapping.components(.batch)) else { return false }
        switch value.kind {
        case .null: return false
        case .bool: return value.boolValue == true
        case .number: return value.text != "0"
        case .string:
            let text = value.text ?? ""
            guard let flag = Flag.parse(text) else { throw RecordError(field: path, "'\(text.prefix(20))' is not true or false") }
            return flag
        default: throw RecordError(field: path, "expected true or false, found \(value.typeName)")
        }
    }

    func kind<Node: JSONNode>(_ envelope: Node) throws(RecordError) -> RequestKind? {
        let path = mapping.path(.kind)
        guard let text = try string(envelope, .kind) else { return nil }
        guard let kind = RequestKind(logName: text) else {
            throw RecordError(field: path, "'\(text.prefix(40))' is not one of create, remix, edit, extension")
        }
        return kind
    }
}

extension RequestKind {
    /// Accepts the names apps use for the four request kinds (`generate` and `extend` included).
    public init?(logName: String) {
        switch logName.lowercased() {
        case "create", "generate", "generation", "new": self = .create
        case "remix": self = .remix
        case "edit", "edits": self = .edit
        case "extension", "extend", "extensions": self = .extension
        default: return nil
        }
    }
}

/// `key=value;key=value` tag lists, as CSV exports and some loggers write them.
enum TagList {
    static func parse(_ text: String, field: String) throws(RecordError) -> [String: String] {
        var tags: [String: String] = [:]
        for pair in text.split(separator: ";") where !pair.allSatisfy(\.isWhitespace) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].trimmingCharactersWhitespaceSub().isEmpty else {
                throw RecordError(field: field, "'\(pair.prefix(40))' is not key=value")
            }
            tags[String(parts[0].trimmingCharactersWhitespaceSub())] = String(parts[1].trimmingCharactersWhitespaceSub())
        }
        return tags
    }
}

/// Boolean text as logs and spreadsheets write it.
enum Flag {
    static func parse(_ text: some StringProtocol) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "1", "y", "t": true
        case "false", "no", "0", "n", "f", "": false
        default: nil
        }
    }
}

extension JSONValue {
    /// A copy with every object member named `name` removed, at any depth.
    func removingMembers(named name: String) -> JSONValue {
        switch self {
        case .object(let members):
            return .object(members.filter { $0.0 != name }.map { ($0.0, $0.1.removingMembers(named: name)) })
        case .array(let items):
            return .array(items.map { $0.removingMembers(named: name) })
        default:
            return self
        }
    }
}
