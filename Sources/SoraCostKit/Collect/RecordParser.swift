/// One parsed input record, ready for the ledger writer.
enum ParsedItem: Sendable {
    case record(Observation, line: Int)
    case reject(RecordError, line: Int?, text: String)
}

/// Turns the lines of one input into records and rejects, whatever its format; it never touches
/// the ledger, so it can run on its own thread while the writer stores the previous batch.
struct RecordParser: Sendable {
    let decoder: RecordDecoder
    let displayPath: String
    /// False for inputs that cannot be appended to (gzip): their last line is read as it is.
    let resumable: Bool
    private(set) var format: InputFormat?
    private var csv: CSVRecordDecoder?
    private var splitter = CSVRecordSplitter()
    private var csvRecordLine = 0
    private var document: [UInt8] = []
    private var documentStartLine = 0
    /// Records and rejects produced since the last `drain()`.
    private var items: [ParsedItem] = []

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
        if let csvHeader {
            csv = try? CSVRecordDecoder(header: csvHeader, decoder: decoder)
        }
    }

    /// True where a checkpoint may fall: not inside a quoted CSV cell or a JSON document.
    var atRecordBoundary: Bool { format != .json && !splitter.isPending }

    mutating func drain() -> [ParsedItem] {
        defer { items.removeAll(keepingCapacity: true) }
        return items
    }

    mutating func feed(_ bytes: UnsafeRawBufferPointer, line: Int, terminated: Bool) -> Feed {
        if format == nil {
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return .next }
            format = InputFormat.detect(name: displayPath, firstLine: bytes)
        }
        let mayWait = !terminated && resumable
        switch format! {
        case .json:
            if document.isEmpty { documentStartLine = line }
            document.append(contentsOf: bytes)
            document.append(0x0A)
        case .csv:
            if !splitter.isPending { csvRecordLine = line }
            guard let cells = splitter.feed(bytes) else { return .next }
            guard let csv else {
                do {
                    csv = try CSVRecordDecoder(header: cells, decoder: decoder)
                    return .next
                } catch {
                    items.append(.reject(error, line: csvRecordLine, text: String(decoding: bytes, as: UTF8.self)))
                    return .stop
                }
            }
            if cells.count == 1 && cells[0].isEmpty { return .next }
            do {
                items.append(.record(try csv.decode(cells), line: csvRecordLine))
            } catch {
                if mayWait { return .pendingTail }
                items.append(.reject(error, line: csvRecordLine, text: cells.joined(separator: ",")))
            }
        case .jsonl:
            return jsonLine(bytes, line: line, mayWait: mayWait)
        }
        return .next
    }

    /// Handles what only the end of the input completes.
    mutating func finish() {
        if format == .json && !document.isEmpty {
            parseDocument()
        }
        if splitter.isPending {
            items.append(.reject(RecordError(field: nil, "a quoted cell is never closed"), line: csvRecordLine, text: ""))
            splitter.reset()
        }
    }

    // MARK: - JSON

    private mutating func jsonLine(_ bytes: UnsafeRawBufferPointer, line: Int, mayWait: Bool) -> Feed {
        guard let first = bytes.firstIndex(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0D) }) else { return .next }
        var body = UnsafeRawBufferPointer(rebasing: bytes[first...])
        if body.first != UInt8(ascii: "{"), let brace = body.firstIndex(of: UInt8(ascii: "{")) {
            // A logger's prefix before the JSON ("2026-03-01 INFO app: {...}").
            body = UnsafeRawBufferPointer(rebasing: body[brace...])
        }
        let object: JSONValue
        var rawText: String
        do {
            if decoder.keepPrompts {
                object = try JSONValue.parse(body)
                rawText = String(decoding: body, as: UTF8.self)
            } else {
                (object, rawText, _) = try JSONValue.parse(body, cuttingMembersNamed: "prompt")
            }
        } catch {
            if mayWait { return .pendingTail }
            let reason = body.first == UInt8(ascii: "{") ? error.description : "not a JSON record"
            items.append(.reject(RecordError(field: nil, reason), line: line, text: String(decoding: bytes, as: UTF8.self)))
            return .next
        }
        guard case .object = object else {
            items.append(.reject(RecordError(field: nil, "expected a JSON object, found \(object.typeName)"), line: line,
                                 text: String(decoding: bytes, as: UTF8.self)))
            return .next
        }
        if isPage(object) {
            page(object, line: line)
        } else {
            record(object, rawText: rawText, line: line)
        }
        return .next
    }

    private func isPage(_ object: JSONValue) -> Bool {
        guard object["object"]?.stringValue == "list", case .array? = object["data"] else { return false }
        return true
    }

    /// A list page on one line: each item is a record of that line.
    private mutating func page(_ object: JSONValue, line: Int) {
        guard case .array(let list)? = object["data"] else { return }
        for (index, item) in list.enumerated() {
            do {
                items.append(.record(try decoder.decode(item, rawText: nil), line: line))
            } catch {
                var located = error
                located.reason += " (item \(index + 1) of the page)"
                items.append(.reject(located, line: line, text: decoder.rawRecord(item, rawText: nil, hasPrompt: true)))
            }
        }
    }

    /// One record; a rejected one is kept for audit without a prompt the user did not opt to keep.
    private mutating func record(_ object: JSONValue, rawText: String?, line: Int) {
        do {
            items.append(.record(try decoder.decode(object, rawText: rawText), line: line))
        } catch {
            items.append(.reject(error, line: line, text: rawText ?? decoder.rawRecord(object, rawText: nil, hasPrompt: true)))
        }
    }

    private mutating func parseDocument() {
        let firstLine = documentStartLine
        var located: LocatedDocument
        do {
            located = try LocatedDocument(bytes: document)
        } catch {
            items.append(.reject(RecordError(field: nil, error.description),
                                 line: firstLine - 1 + LocatedDocument.line(of: error.offset, in: document),
                                 text: String(decoding: document.prefix(2000), as: UTF8.self)))
            return
        }
        func element(_ value: JSONValue, into parser: inout RecordParser) {
            guard case .object(let members) = value else {
                located.skip(value)
                parser.items.append(.reject(RecordError(field: nil, "expected a JSON object, found \(value.typeName)"),
                                            line: firstLine, text: value.compactText))
                return
            }
            let start = located.take()
            guard parser.isPage(value) else {
                located.skipChildren(value)
                parser.record(value, rawText: nil, line: firstLine - 1 + located.line(of: start))
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
                        parser.items.append(.reject(RecordError(field: nil, "page item is \(item.typeName), not a video object"),
                                                    line: firstLine - 1 + located.line(of: start), text: item.compactText))
                        continue
                    }
                    let itemStart = located.take()
                    located.skipChildren(item)
                    parser.record(item, rawText: nil, line: firstLine - 1 + located.line(of: itemStart))
                }
            }
        }
        if case .array(let list) = located.root {
            for item in list { element(item, into: &self) }
        } else {
            element(located.root, into: &self)
        }
        document = []
    }
}
