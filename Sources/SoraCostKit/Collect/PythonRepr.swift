/// Reads the Python repr of the official SDK's objects, as an application leaves it in its logs
/// with `print(video)` or `logger.info("%s", video)`:
///
///     Video(id='video_68f1…', completed_at=None, created_at=1760627796, error=None, …,
///           seconds='8', size='1280x720', status='completed')
///
/// Only the literal subset a pydantic repr uses is accepted: `Name(key=value, …)` objects,
/// quoted strings, `None`, `True`, `False`, numbers, lists and dicts. Anything else is not a repr.
/// Nesting shares the JSON parser's budget (`NestingLimit`), and strings must be valid UTF-8.
enum PythonRepr {
    /// Finds `Video(` in `line` and converts the object that follows; nil if there is none or it
    /// does not parse. A repr that is nested too deeply or holds invalid UTF-8 is an error, not
    /// "no repr": the line is rejected for that reason.
    static func video(in line: UnsafeRawBufferPointer) throws(RecordError) -> JSONValue? {
        let marker = Array("Video(".utf8)
        guard line.count > marker.count else { return nil }
        var start = 0
        while start + marker.count <= line.count {
            if line[start] == marker[0], (0..<marker.count).allSatisfy({ line[start + $0] == marker[$0] }),
               start == 0 || !isNameByte(line[start - 1]) {
                var reader = Reader(bytes: line, position: start)
                do {
                    let value = try reader.value()
                    if case .object = value { return value }
                } catch let invalid {
                    if let reason = invalid.fatal { throw RecordError(field: nil, "printed SDK object: \(reason)") }
                }
            }
            start += 1
        }
        return nil
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
                    // `Name(key=value, …)`: a model object.
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
