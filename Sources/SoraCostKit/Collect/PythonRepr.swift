/// Reads the Python repr of the official SDK's objects, as an application leaves it in its logs
/// with `print(video)` or `logger.info("%s", video)`:
///
///     Video(id='video_68f1…', completed_at=None, created_at=1760627796, error=None, …,
///           seconds='8', size='1280x720', status='completed')
///
/// and of a list page or its items (`print(page)`, `print(page.data)`), which hold many:
///
///     SyncConversationCursorPage[Video](data=[Video(id='video_1', …), Video(id='video_2', …)],
///                                       has_more=False, last_id='video_2')
///     [Video(id='video_1', …), Video(id='video_2', …)]
///
/// Only the literal subset a pydantic repr uses is accepted: `Name(key=value, …)` objects (a
/// generic model's name as `Name[Name]`), quoted strings, `None`, `True`, `False`, numbers, lists
/// and dicts. Anything else is not a repr.
/// Nesting shares the JSON parser's budget (`NestingLimit`), and strings must be valid UTF-8.
enum PythonRepr {
    /// What a line printed: one video, or the items of a page or list (every one a record).
    enum Printed {
        case video(JSONValue)
        case page([JSONValue])
    }

    /// Finds the first printed `Video(`, `Name[Video](` (a page) or `[Video(` (a list) that
    /// begins before byte `limit` of `line` and converts it; nil if there is none or a lone video
    /// does not parse. A page or list that does not parse, or a repr that is nested too deeply or
    /// holds invalid UTF-8, is an error, not "no repr": the line is rejected for that reason,
    /// never read as its first video alone.
    static func printed(in line: UnsafeRawBufferPointer, before limit: Int) throws(RecordError) -> Printed? {
        let marker = Array("Video".utf8)
        var start = 0
        while start < min(limit, line.count - marker.count) {
            guard line[start] == marker[0], (1..<marker.count).allSatisfy({ line[start + $0] == marker[$0] }),
                  start == 0 || !isNameByte(line[start - 1]) else {
                start += 1
                continue
            }
            let end = start + marker.count
            if line[end] == UInt8(ascii: "]"), end + 1 < line.count, line[end + 1] == UInt8(ascii: "("),
               let name = pageNameStart(line, bracket: start - 1) {
                let page = try container(line, at: name, what: "page")
                guard case .array(let items)? = page["data"] else {
                    throw RecordError(field: "data", "printed SDK page at byte \(name + 1) has no data=[…] list")
                }
                return .page(items)
            }
            if line[end] == UInt8(ascii: "(") {
                if start > 0, line[start - 1] == UInt8(ascii: "[") {
                    guard case .array(let items) = try container(line, at: start - 1, what: "list") else { return nil }
                    return .page(items)
                }
                var reader = Reader(bytes: line, position: start)
                do {
                    let value = try reader.value()
                    if case .object = value { return .video(value) }
                } catch let invalid {
                    if let reason = invalid.fatal { throw RecordError(field: nil, "printed SDK object: \(reason)") }
                }
            }
            start += 1
        }
        return nil
    }

    /// Where the generic page name before `[Video](` begins (`bracket` is the `[`), if one does.
    private static func pageNameStart(_ line: UnsafeRawBufferPointer, bracket: Int) -> Int? {
        guard bracket > 0, line[bracket] == UInt8(ascii: "[") else { return nil }
        var name = bracket
        while name > 0, isNameByte(line[name - 1]) { name -= 1 }
        return name < bracket ? name : nil
    }

    /// A page or list that holds printed videos: read whole or the line is rejected.
    private static func container(_ line: UnsafeRawBufferPointer, at start: Int, what: String) throws(RecordError) -> JSONValue {
        var reader = Reader(bytes: line, position: start)
        do {
            return try reader.value()
        } catch let invalid {
            let reason = invalid.fatal ?? "cannot be read past byte \(reader.position + 1)"
            throw RecordError(field: nil, "printed SDK \(what) at byte \(start + 1): \(reason); none of its videos were read")
        }
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }

    /// Not a repr; `fatal` when the reason must reach the user (too deep, invalid UTF-8).
    struct Invalid: Error {
        var fatal: String?
        init(fatal: String? = nil) { self.fatal = fatal }
    }

    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var position: Int
        var depth = 0

        mutating func skipSpace() {
            while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
        }

        func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func expect(_ byte: UInt8) throws(Invalid) {
            skipSpace()
            guard peek() == byte else { throw Invalid() }
            position += 1
        }

        mutating func name() -> String? {
            let start = position
            while let b = peek(), PythonRepr.isNameByte(b) { position += 1 }
            return position > start ? String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self) : nil
        }

        mutating func value() throws(Invalid) -> JSONValue {
            skipSpace()
            guard let byte = peek() else { throw Invalid() }
            if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") || PythonRepr.isNameByte(byte) {
                depth += 1
                guard depth <= NestingLimit.maxDepth else {
                    throw Invalid(fatal: "\(NestingLimit.reason) at byte \(position + 1)")
                }
            }
            defer { if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") || PythonRepr.isNameByte(byte) { depth -= 1 } }
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                return .string(try string(quote: byte))
            case UInt8(ascii: "["):
                position += 1
                return .array(try items(until: UInt8(ascii: "]")))
            case UInt8(ascii: "{"):
                position += 1
                var members: [(String, JSONValue)] = []
                skipSpace()
                while peek() != UInt8(ascii: "}") {
                    guard case .string(let key) = try value() else { throw Invalid() }
                    try expect(UInt8(ascii: ":"))
                    members.append((key, try value()))
                    skipSpace()
                    if peek() == UInt8(ascii: ",") { position += 1; skipSpace() } else { break }
                }
                try expect(UInt8(ascii: "}"))
                return .object(members)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = position
                position += 1
                while let b = peek(), (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: ".") || b == UInt8(ascii: "e")
                    || b == UInt8(ascii: "E") || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") { position += 1 }
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                guard (try? JSONValue.parse(text)) != nil else { throw Invalid() }
                return .number(text)
            default:
                guard let word = name() else { throw Invalid() }
                switch word {
                case "None": return .null
                case "True": return .bool(true)
                case "False": return .bool(false)
                default:
                    // `Name(key=value, …)`: a model object; `Name[Name](…)` a generic one (a page).
                    if peek() == UInt8(ascii: "[") {
                        position += 1
                        guard name() != nil else { throw Invalid() }
                        try expect(UInt8(ascii: "]"))
                    }
                    try expect(UInt8(ascii: "("))
                    var members: [(String, JSONValue)] = []
                    skipSpace()
                    while peek() != UInt8(ascii: ")") {
                        guard let key = name() else { throw Invalid() }
                        try expect(UInt8(ascii: "="))
                        members.append((key, try value()))
                        skipSpace()
                        if peek() == UInt8(ascii: ",") { position += 1; skipSpace() } else { break }
                    }
                    try expect(UInt8(ascii: ")"))
                    return .object(members)
                }
            }
        }

        mutating func items(until close: UInt8) throws(Invalid) -> [JSONValue] {
            var list: [JSONValue] = []
            skipSpace()
            while peek() != close {
                list.append(try value())
                skipSpace()
                if peek() == UInt8(ascii: ",") { position += 1; skipSpace() } else { break }
            }
            try expect(close)
            return list
        }

        /// A Python string literal with the escapes repr writes.
        mutating func string(quote: UInt8) throws(Invalid) -> String {
            position += 1
            let start = position
            var out: [UInt8] = []
            while let b = peek() {
                position += 1
                if b == quote {
                    let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<(position - 1)])
                    if let bad = UTF8Check.firstInvalidOffset(raw) {
                        throw Invalid(fatal: "invalid UTF-8 at byte \(start + bad + 1)")
                    }
                    return String(decoding: out, as: UTF8.self)
                }
                guard b == UInt8(ascii: "\\") else {
                    out.append(b)
                    continue
                }
                guard let e = peek() else { break }
                position += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let digits = e == UInt8(ascii: "x") ? 2 : (e == UInt8(ascii: "u") ? 4 : 8)
                    guard position + digits <= bytes.count,
                          let code = UInt32(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[position..<(position + digits)]), as: UTF8.self), radix: 16),
                          let scalar = Unicode.Scalar(code)
                    else { throw Invalid() }
                    position += digits
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: out.append(e)
                }
            }
            throw Invalid()
        }
    }
}
