/// A recursive-descent parser over UTF-8 bytes (RFC 8259), depth-limited by `NestingLimit` so
/// hostile input cannot overflow the stack. Strict: numbers follow RFC 8259's grammar (no leading
/// zeros, `+`, `.5`, `1.`, NaN or Infinity), strings must be valid UTF-8 (an invalid byte is an
/// error at its offset, never U+FFFD), and a `\u` escape of a lone surrogate is an error. NUL
/// (`\u0000`) is a valid character and is kept.
struct JSONParser {
    let bytes: UnsafeRawBufferPointer
    var position = 0
    var depth = 0
    /// When recording, the byte offset of every object's `{`, in document (pre-)order.
    var objectStarts: [Int]?
    /// When set, the byte ranges of every object member with this name (with one adjoining
    /// comma) are collected in `cuts`, so the text can be copied without them.
    var cutKey: String?
    var cuts: [Range<Int>] = []
    static var maxDepth: Int { NestingLimit.maxDepth }

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    mutating func parseDocument() throws(JSONError) -> JSONValue {
        skipSpace()
        let value = try parseValue()
        skipSpace()
        guard position == bytes.count else { throw fail("unexpected text after the value") }
        return value
    }

    func fail(_ reason: String) -> JSONError { JSONError(offset: position, reason: reason) }

    mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws(JSONError) -> JSONValue {
        guard position < bytes.count else { throw fail("unexpected end of text") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw fail(JSONParser.describeUnexpected(bytes[position]))
        }
    }

    mutating func expectWord(_ word: StaticString) throws(JSONError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw fail("unexpected end of text") }
        for i in 0..<count where bytes[position + i] != word.utf8Start[i] {
            throw fail("invalid literal")
        }
        position += count
    }

    mutating func parseObject() throws(JSONError) -> JSONValue {
        depth += 1
        guard depth <= JSONParser.maxDepth else { throw fail(NestingLimit.reason) }
        defer { depth -= 1 }
        objectStarts?.append(position)
        position += 1
        var members: [(String, JSONValue)] = []
        // A video object has about 13 members: room for 16 saves four reallocations of 1, 2, 4, 8.
        members.reserveCapacity(16)
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        var commaBefore: Int?
        var extendCutToComma = false
        while true {
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw fail(position < bytes.count ? "expected a member name in quotes" : "unexpected end of text")
            }
            let memberStart = position
            let key = try parseString()
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw fail(position < bytes.count ? "expected ':' after a member name" : "unexpected end of text")
            }
            position += 1
            skipSpace()
            if let cutKey, key == cutKey {
                // The member is cut from the text anyway: validate a string without building it.
                if position < bytes.count, bytes[position] == UInt8(ascii: "\"") {
                    try skipString()
                    members.append((key, .null))
                } else {
                    members.append((key, try parseValue()))
                }
            } else {
                members.append((key, try parseValue()))
            }
            if let cutKey, key == cutKey {
                if let commaBefore {
                    cuts.append(commaBefore..<position)
                } else {
                    cuts.append(memberStart..<position)
                    extendCutToComma = true
                }
            }
            skipSpace()
            guard position < bytes.count else { throw fail("unexpected end of text") }
            if bytes[position] == UInt8(ascii: ",") {
                if extendCutToComma {
                    // The cut took this comma with it: the next member is first again.
                    cuts[cuts.count - 1] = cuts[cuts.count - 1].lowerBound..<(position + 1)
                    extendCutToComma = false
                    commaBefore = nil
                } else {
                    commaBefore = position
                }
                position += 1
            } else if bytes[position] == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            } else {
                throw fail("expected ',' or '}' in an object")
            }
        }
    }

    mutating func parseArray() throws(JSONError) -> JSONValue {
        depth += 1
        guard depth <= JSONParser.maxDepth else { throw fail(NestingLimit.reason) }
        defer { depth -= 1 }
        position += 1
        var items: [JSONValue] = []
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(items)
        }
        while true {
            skipSpace()
            items.append(try parseValue())
            skipSpace()
            guard position < bytes.count else { throw fail("unexpected end of text") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
            } else if bytes[position] == UInt8(ascii: "]") {
                position += 1
                return .array(items)
            } else {
                throw fail("expected ',' or ']' in an array")
            }
        }
    }

    mutating func parseNumber() throws(JSONError) -> String {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        func digits(_ p: inout Int) -> Int {
            let s = p
            while p < bytes.count, bytes[p] >= 0x30, bytes[p] <= 0x39 { p += 1 }
            return p - s
        }
        let integerStart = position
        let integerDigits = digits(&position)
        guard integerDigits > 0 else { throw fail("invalid number") }
        guard integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else {
            throw JSONError(offset: integerStart, reason: "a number may not have a leading zero")
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits(&position) > 0 else { throw fail("invalid number") }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard digits(&position) > 0 else { throw fail("invalid number") }
        }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    /// Says which byte was not expected, printable or as hex.
    static func describeUnexpected(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "unexpected character '\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "unexpected byte 0x\(hex.count == 1 ? "0" : "")\(hex)"
    }
}
