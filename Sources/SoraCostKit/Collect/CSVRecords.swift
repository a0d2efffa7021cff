/// Reads CSV exports of jobs: one header row, then one job per record (RFC 4180 quoting, so a
/// quoted cell may hold commas, quotes and line breaks).
///
/// Columns, matched case-insensitively; unknown columns are ignored but kept in the raw record:
/// required `id`, `model`, `size` (or `width` and `height`), `seconds`, `status`, `created_at`
/// (Unix seconds or ISO 8601); optional `completed_at`, `expires_at`, `progress`, `provider`,
/// `account`, `project`, `user`, `tags` (`key=value;key=value`), `batch` (true/false), `kind`,
/// `segment_seconds`, `remixed_from_video_id`, `error_code`, `error_message`, `prompt`.
public struct CSVRecordDecoder: Sendable {
    let header: [String]
    let decoder: RecordDecoder
    static let videoColumns: Set<String> = [
        "id", "model", "size", "seconds", "status", "created_at", "completed_at", "expires_at",
        "progress", "remixed_from_video_id", "prompt",
    ]
    static let envelopeColumns: Set<String> = [
        "provider", "account", "project", "user", "tags", "batch", "kind", "segment_seconds",
    ]

    /// Validates the header row.
    public init(header cells: [String], decoder: RecordDecoder) throws(RecordError) {
        header = cells.map { $0.trimmingCharactersWhitespace().lowercased() }
        var envelopeDecoder = decoder
        envelopeDecoder.mapping = AttributionMapping()
        self.decoder = envelopeDecoder
        let present = Set(header)
        var missing = ["id", "model", "seconds", "status", "created_at"].filter { !present.contains($0) }
        if !present.contains("size") && !(present.contains("width") && present.contains("height")) {
            missing.append("size")
        }
        guard missing.isEmpty else {
            throw RecordError(field: nil, "CSV header lacks required column(s): \(missing.joined(separator: ", "))")
        }
    }

    /// A rejected record as kept for audit: its cells joined, the prompt column left out unless
    /// prompts are kept.
    func auditText(_ cells: [String]) -> String {
        cells.enumerated().map { index, cell in
            !decoder.keepPrompts && index < header.count && header[index] == "prompt" && !cell.isEmpty
                ? "[prompt removed]" : cell
        }.joined(separator: ",")
    }

    /// Decodes one record's cells.
    public func decode(_ cells: [String]) throws(RecordError) -> Observation {
        guard cells.count <= header.count else {
            throw RecordError(field: nil, "\(cells.count) cells but the header has \(header.count) columns")
        }
        var video: [(String, JSONValue)] = [("object", .string("video"))]
        var envelope: [(String, JSONValue)] = []
        var raw: [(String, JSONValue)] = []
        var width: String?
        var height: String?
        var errorMembers: [(String, JSONValue)] = []
        for (index, name) in header.enumerated() {
            let cell = index < cells.count ? cells[index] : ""
            raw.append((name, cell.isEmpty ? .null : .string(cell)))
            let trimmed = cell.trimmingCharactersWhitespace()
            guard !trimmed.isEmpty else { continue }
            if name == "remixed_from" {
                video.append(("remixed_from_video_id", .string(trimmed)))
            } else if CSVRecordDecoder.videoColumns.contains(name) {
                video.append((name, .string(name == "prompt" ? cell : trimmed)))
            } else if CSVRecordDecoder.envelopeColumns.contains(name) {
                envelope.append((name, .string(trimmed)))
            } else if name == "width" {
                width = trimmed
            } else if name == "height" {
                height = trimmed
            } else if name == "error_code" {
                errorMembers.append(("code", .string(trimmed)))
            } else if name == "error_message" {
                errorMembers.append(("message", .string(cell)))
            }
        }
        if !video.contains(where: { $0.0 == "size" }), let width, let height {
            video.append(("size", .string("\(width)x\(height)")))
        }
        if !errorMembers.isEmpty { video.append(("error", .object(errorMembers))) }
        envelope.append(("video", .object(video)))
        var observation = try decoder.decode(JSONValue.object(envelope), rawText: nil)
        let rawObject = JSONValue.object(raw)
        observation.raw = (decoder.keepPrompts ? rawObject : rawObject.removingMembers(named: "prompt")).compactText
        return observation
    }
}

/// Splits CSV text into records of cells (RFC 4180), fed one physical line at a time so that
/// quoted cells spanning lines are joined and line numbers stay right.
struct CSVRecordSplitter: Sendable {
    private var cells: [String] = []
    private var cell: [UInt8] = []
    private var inQuotes = false
    private var quoteSeen = false
    /// True while a quoted cell continues onto the next line.
    var isPending: Bool { inQuotes }

    /// Feeds one line without its terminator; returns the finished record, or nil if a quoted
    /// cell continues on the next line.
    mutating func feed(_ line: UnsafeRawBufferPointer) -> [String]? {
        var bytes = line
        if let last = bytes.last, last == 0x0D { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropLast()) }
        for byte in bytes {
            if inQuotes {
                if byte == 0x22 {
                    inQuotes = false
                    quoteSeen = true
                } else {
                    cell.append(byte)
                }
            } else if byte == 0x22 {
                if quoteSeen { cell.append(0x22) }  // a doubled quote inside a quoted cell
                inQuotes = true
                quoteSeen = false
            } else if byte == 0x2C {
                cells.append(String(decoding: cell, as: UTF8.self))
                cell.removeAll(keepingCapacity: true)
                quoteSeen = false
            } else {
                cell.append(byte)
                quoteSeen = false
            }
        }
        if inQuotes {
            cell.append(0x0A)
            return nil
        }
        cells.append(String(decoding: cell, as: UTF8.self))
        cell.removeAll(keepingCapacity: true)
        quoteSeen = false
        defer { cells.removeAll(keepingCapacity: true) }
        return cells
    }

    /// Abandons a record whose quoted cell never closed (at end of input).
    mutating func reset() {
        cells.removeAll()
        cell.removeAll()
        inQuotes = false
        quoteSeen = false
    }
}
