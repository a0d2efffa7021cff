/// Turns the lines of one input into records and rejects, whatever its format; it never touches
/// the ledger, so it can run on its own thread while the writer stores the previous batch.
struct RecordParser: Sendable {
    let decoder: RecordDecoder
    let displayPath: String
    /// False for inputs that cannot be appended to (gzip): their last line is read as it is.
    let resumable: Bool
    /// A `.json` file is one document: its last line is never left waiting for a newline.
    let isDocumentName: Bool
    private(set) var format: InputFormat?
    private var csv: CSVRecordDecoder?
    private var splitter = CSVRecordSplitter()
    private var csvRecordLine = 0
    private var document: [UInt8] = []
    private var documentStartLine = 0
    /// A first line that opens with `{` but does not parse: a JSON document spread over lines,
    /// or a JSON Lines file whose first record is broken. The next line decides.
    private var heldFirstLine: (bytes: [UInt8], line: Int)?
    /// Records and rejects produced since the last `drain()`.
    private var items = ParsedItems()
    /// The JSON parser's tape and cuts, kept from line to line so their storage is allocated once.
    private var tokens: [JSONToken] = []
    private var cuts: [Range<Int>] = []
    /// The last record's tags, for the next record that repeats them.
    private var tagsMemo = TagsMemo()
    /// Where each record's raw bytes are kept for the ledger (`RawTape`).
    private var rawTape = RawTapeWriter()

    enum Feed {
        case next
        /// The unterminated last line does not parse yet: leave it for the next import.
        case pendingTail
        /// The input cannot be read further (a CSV without the required columns).
        case stop
    }

    init(decoder: RecordDecoder, displayPath: String, format: InputFormat?, resumable: Bool, csvHeader: [String]?) {
        self.decoder = decoder
        self.displayPath = displayPath
        self.format = format
        self.resumable = resumable
        isDocumentName = InputFormat.baseName(displayPath).hasSuffix(".json")
        if let csvHeader {
            csv = try? CSVRecordDecoder(header: csvHeader, decoder: decoder)
        }
    }

    /// True where a checkpoint may fall: not inside a quoted CSV cell or a JSON document.
    var atRecordBoundary: Bool { format != .json && !splitter.isPending && heldFirstLine == nil }

    mutating func drain() -> ParsedItems {
        defer { items = ParsedItems() }
        return items
    }

    /// Rejects a line longer than `LineReader.maxLineBytes`, of which `head` is the start; a
    /// document it belonged to keeps its line count but not its text.
    mutating func rejectOverlong(_ head: UnsafeRawBufferPointer, length: Int, line: Int) {
        items.reject(RecordError(field: nil, "line is \(length) bytes, longer than the limit of \(LineReader.maxLineBytes) bytes"),
                     line: line, text: auditText(head))
        if format == .json && !document.isEmpty { document.append(0x0A) }
    }

    mutating func feed(_ bytes: UnsafeRawBufferPointer, line: Int, terminated: Bool) -> Feed {
        let mayWait = !terminated && resumable && !isDocumentName
        if format == nil && heldFirstLine == nil, let cr = bytes.firstIndex(of: 0x0D), cr + 1 < bytes.count {
            // Classic Mac line endings: the whole file would be one line.
            items.reject(RecordError(field: nil, "lines end with CR alone (byte \(cr + 1)); convert the line endings to LF (tr '\\r' '\\n')"),
                         line: line, text: auditText(UnsafeRawBufferPointer(rebasing: bytes.prefix(2_000))))
            return .stop
        }
        if let held = heldFirstLine {
            heldFirstLine = nil
            // A line that is a JSON object by itself makes the file JSON Lines, and the held first
            // line a broken record; otherwise the two begin one document.
            let nextIsRecord = bytes.first == UInt8(ascii: "{") && (try? JSONValue.parse(bytes)) != nil
            format = nextIsRecord ? .jsonl : .json
            let outcome = held.bytes.withUnsafeBytes { feed($0, line: held.line, terminated: true) }
            guard outcome == .next else { return outcome }
        } else if format == nil {
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return .next }
            let detected = InputFormat.detect(name: displayPath, firstLine: bytes)
            if detected == .json, bytes.first == UInt8(ascii: "{"), !isBareOpening(bytes) {
                if mayWait { return .pendingTail }
                heldFirstLine = (Array(bytes), line)
                return .next
            }
            format = detected
        }
        switch format! {
        case .json:
            if document.isEmpty { documentStartLine = line }
            document.append(contentsOf: bytes)
            document.append(0x0A)
        case .csv:
            // A row still being written can decode (a cut-off number is still a number): wait
            // for its newline.
            if mayWait { return .pendingTail }
            if !splitter.isPending { csvRecordLine = line }
            if let bad = UTF8Check.firstInvalidOffset(bytes) {
                // Rejected whole: a cell must never keep U+FFFD in place of bytes it did not hold.
                items.reject(RecordError(field: nil, "invalid UTF-8 at byte \(bad + 1) of line \(line)"),
                             line: csvRecordLine, text: auditText(bytes))
                splitter.reset()
                return .next
            }
            guard let cells = splitter.feed(bytes) else { return .next }
            guard let csv else {
                do {
                    csv = try CSVRecordDecoder(header: cells, decoder: decoder)
                    return .next
                } catch {
                    items.reject(error, line: csvRecordLine, text: String(decoding: bytes, as: UTF8.self))
                    return .stop
                }
            }
            if cells.count == 1 && cells[0].isEmpty { return .next }
            do {
                items.record(try csv.decode(cells), line: csvRecordLine)
            } catch {
                items.reject(error, line: csvRecordLine, text: csv.auditText(cells))
            }
        case .jsonl:
            return jsonLine(bytes, line: line, mayWait: mayWait)
        }
        return .next
    }

    /// Handles what only the end of the input completes.
    mutating func finish() {
        if let held = heldFirstLine {
            // The file's only line: a broken record.
            heldFirstLine = nil
            format = .jsonl
            _ = held.bytes.withUnsafeBytes { feed($0, line: held.line, terminated: true) }
        }
        if format == .json && !document.isEmpty {
            parseDocument()
        }
        if splitter.isPending {
            items.reject(RecordError(field: nil, "a quoted cell is never closed"), line: csvRecordLine, text: "")
            splitter.reset()
        }
    }

    // MARK: - JSON

    private mutating func jsonLine(_ bytes: UnsafeRawBufferPointer, line: Int, mayWait: Bool) -> Feed {
        guard let first = bytes.firstIndex(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0D) }) else { return .next }
        var body = UnsafeRawBufferPointer(rebasing: bytes[first...])
        var prefixed: UnsafeRawBufferPointer?
        if body.first != UInt8(ascii: "{") {
            // A `{` before any `Video(` opens JSON after a logger's prefix ("2026-03-01 INFO app:
            // {...}"), and its prompt may say `Video(…)`: the repr reader looks before it only.
            let brace = body.firstIndex(of: UInt8(ascii: "{"))
            if let feed = printedLine(body, before: brace ?? body.count, line: line, mayWait: mayWait, retry: false) {
                return feed
            }
            if let brace {
                prefixed = body
                body = UnsafeRawBufferPointer(rebasing: body[brace...])
            }
        }
        // The line is read onto a tape whose storage every line reuses, and decoded in place.
        var parser = JSONParser(bytes: body)
        parser.swapStorage(tokens: &tokens, cuts: &cuts)
        defer { parser.swapStorage(tokens: &tokens, cuts: &cuts) }
        if !decoder.keepPrompts { parser.cutKey = RecordParser.promptKey }
        do {
            try parser.parseDocument()
        } catch {
            if mayWait { return .pendingTail }
            // Not JSON after all: a `{` in the prefix of a printed SDK object (`{req_7} Video(…)`).
            if let prefixed, let feed = printedLine(prefixed, before: prefixed.count, line: line, mayWait: false, retry: true) {
                return feed
            }
            // Offsets count from the start of the line, a logger's prefix included.
            var located = error
            if let base = bytes.baseAddress, let start = body.baseAddress { located.offset += base.distance(to: start) }
            let reason = body.first == UInt8(ascii: "{") ? located.description : "not a JSON record"
            items.reject(RecordError(field: nil, reason), line: line, text: auditText(bytes))
            return .next
        }
        parser.withTape { tape in
            let object = JSONRef(tape: tape, index: 0)
            if object.kind != .object {
                items.reject(RecordError(field: nil, "expected a JSON object, found \(object.typeName)"), line: line,
                             text: decoder.rawRecord(object, hasPrompt: true))
            } else if isPage(object), case .array(let list)? = object["data"]?.wholeValue {
                pageItems(list, line: line)
            } else {
                // The record as kept (without a prompt the user did not opt to keep), copied onto
                // the raw tape while the line is in this core's cache.
                let raw = rawTape.append(count: body.count) { parser.writeWithoutCuts(to: $0) }
                record(object, raw: raw, line: line)
            }
        }
        return .next
    }

    /// The member a record loses unless prompts are kept.
    private static let promptKey = Array("prompt".utf8)

    /// True for a line that only opens a document: `{` alone, or `{` and a first member name.
    private func isBareOpening(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let trimmed = bytes.filter { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0D) }
        return trimmed.count == 1 || trimmed.last == UInt8(ascii: "[") || trimmed.last == UInt8(ascii: "{")
    }

    /// A line kept for audit: as read, but with the text of every `"prompt": "…"` blanked unless
    /// prompts are kept, found by a lenient scan since the line may not parse.
    private func auditText(_ bytes: UnsafeRawBufferPointer, _ more: ArraySlice<UInt8> = []) -> String {
        let text = Array(bytes) + more
        return String(decoding: decoder.keepPrompts ? text : PromptScrubber.scrub(text), as: UTF8.self)
    }

    private func isPage<Node: JSONNode>(_ object: Node) -> Bool {
        object["object"].map { $0.kind == .string && $0.text == "list" } == true && object["data"]?.kind == .array
    }

    /// Reads what the Python SDK printed (`PythonRepr`), found before byte `limit` of `body`: one
    /// video, or every video of a page or list, each a record of this line. nil when the line
    /// holds none; on a `retry` (the line failed as JSON), also when it holds neither a page nor
    /// a video with an `id`, so the JSON error stands.
    private mutating func printedLine(_ body: UnsafeRawBufferPointer, before limit: Int, line: Int, mayWait: Bool,
                                      retry: Bool) -> Feed? {
        let printed: PythonRepr.Printed?
        do {
            printed = try PythonRepr.printed(in: body, before: limit)
        } catch {
            if retry { return nil }
            // A page still being written does not parse yet.
            if mayWait { return .pendingTail }
            items.reject(error, line: line, text: auditText(UnsafeRawBufferPointer(rebasing: body.prefix(2_000))))
            return .next
        }
        switch printed {
        case nil:
            return nil
        case .video(let video)?:
            if retry && video["id"] == nil { return nil }
            record(video, raw: .text(decoder.rawRecord(video, hasPrompt: true)), line: line)
        case .page(let list)?:
            pageItems(list, line: line)
        }
        return .next
    }

    /// The items of a list page on one line, saved as JSON or printed by the SDK: each is a record
    /// of that line, with its own raw record.
    private mutating func pageItems(_ list: [JSONValue], line: Int) {
        for (index, item) in list.enumerated() {
            do {
                items.record(try decoder.decode(item, rawText: nil), line: line)
            } catch {
                var located = error
                located.reason += " (item \(index + 1) of the page)"
                items.reject(located, line: line, text: decoder.rawRecord(item, hasPrompt: true))
            }
        }
    }

    /// One record; a rejected one is kept for audit without a prompt the user did not opt to keep.
    private mutating func record<Node: JSONNode>(_ object: Node, raw: RawBytes?, line: Int) {
        do {
            items.record(try decoder.decode(object, raw: raw, memo: &tagsMemo), line: line)
        } catch {
            items.reject(error, line: line, text: raw?.string ?? decoder.rawRecord(object, hasPrompt: true))
        }
    }

    /// Reads the buffered document: every value of it in turn (pages, arrays of them, video
    /// objects), each record at its own line.
    private mutating func parseDocument() {
        defer { document = [] }
        let firstLine = documentStartLine
        var located: LocatedDocument
        do {
            located = try LocatedDocument(bytes: document)
        } catch {
            readLinesOrReject(from: 0, error)
            return
        }
        func element(_ value: JSONValue, into parser: inout RecordParser) {
            guard case .object(let members) = value else {
                located.skip(value)
                parser.items.reject(RecordError(field: nil, "expected a JSON object, found \(value.typeName)"),
                                    line: firstLine, text: parser.decoder.rawRecord(value, hasPrompt: true))
                return
            }
            let start = located.take()
            guard parser.isPage(value) else {
                located.skipChildren(value)
                parser.record(value, raw: nil, line: firstLine - 1 + located.line(of: start))
                return
            }
            for (key, member) in members {
                guard key == "data", case .array(let list) = member else {
                    located.skip(member)
                    continue
                }
                for item in list {
                    guard case .object = item else {
                        located.skip(item)
                        parser.items.reject(RecordError(field: nil, "page item is \(item.typeName), not a video object"),
                                            line: firstLine - 1 + located.line(of: start),
                                            text: parser.decoder.rawRecord(item, hasPrompt: true))
                        continue
                    }
                    let itemStart = located.take()
                    located.skipChildren(item)
                    parser.record(item, raw: nil, line: firstLine - 1 + located.line(of: itemStart))
                }
            }
        }
        for root in located.roots {
            if case .array(let list) = root {
                for item in list { element(item, into: &self) }
            } else {
                element(root, into: &self)
            }
        }
        if let failure = located.failure {
            // Values appended after good ones, the last cut off or not JSON: those before stand.
            readLinesOrReject(from: failure.start, failure.error)
        }
    }

    /// The document from byte `offset` on, which does not parse (`error`): read line by line if
    /// its lines stand as records by themselves (a log whose lines begin with `[`, a JSON Lines
    /// file whose first lines are broken), otherwise one reject at the line where it breaks.
    private mutating func readLinesOrReject(from offset: Int, _ error: JSONError) {
        if let lines = linesOfDocument(from: offset) {
            items.append(contentsOf: lines)
            return
        }
        // An end of text that comes too soon is on the last line, not after the newline it ends with.
        let at = min(error.offset, max(document.count - 1, 0))
        items.reject(RecordError(field: nil, error.description),
                     line: documentStartLine - 1 + LocatedDocument.line(of: at, in: document),
                     text: auditText(UnsafeRawBufferPointer(start: nil, count: 0), document[offset...].prefix(2000)))
    }

    /// The buffered document from byte `offset` on read as JSON Lines, if at least one of its
    /// lines is a record by itself; nil if none is (a truncated or broken document, reported as one).
    private mutating func linesOfDocument(from offset: Int) -> ParsedItems? {
        var lines = self
        lines.format = .jsonl
        lines.items = ParsedItems()
        lines.document = []
        var line = documentStartLine - 1 + LocatedDocument.line(of: offset, in: document)
        var start = offset
        document.withUnsafeBytes { raw in
            while start < raw.count {
                let end = raw[start...].firstIndex(of: 0x0A) ?? raw.count
                _ = lines.jsonLine(UnsafeRawBufferPointer(rebasing: raw[start..<end]), line: line, mayWait: false)
                start = end + 1
                line += 1
            }
        }
        guard !lines.items.records.isEmpty else { return nil }
        // The records' raw bytes lie on the tape the copy wrote: nothing may write over them.
        rawTape = lines.rawTape
        return lines.items
    }
}
