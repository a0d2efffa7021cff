/// A recursive-descent parser over UTF-8 bytes (RFC 8259), depth-limited by `NestingLimit` so
/// hostile input cannot overflow the stack. Strict: numbers follow RFC 8259's grammar (no leading
/// zeros, `+`, `.5`, `1.`, NaN or Infinity), strings must be valid UTF-8 (an invalid byte is an
/// error at its offset, never U+FFFD), and a `\u` escape of a lone surrogate is an error. NUL
/// (`\u0000`) is a valid character and is kept.
///
/// It builds nothing: it writes a tape (`tokens`, see `JSONToken`) over the bytes, which
/// `JSONValue(tape:at:)` turns into a value and `JSONRef` reads in place.
struct JSONParser {
    let bytes: UnsafeRawBufferPointer
    var position = 0
    var depth = 0
    /// The tape: every value read so far, in document order (see `JSONToken`). A caller that
    /// parses many texts hands the same array back each time, so its storage is reused.
    var tokens: [JSONToken] = []
    /// When not empty, the byte ranges of every object member with this name (its UTF-8), with
    /// one adjoining comma, are collected in `cuts`, so the text can be copied without them.
    var cutKey: [UInt8] = []
    var cuts: [Range<Int>] = []
    static var maxDepth: Int { NestingLimit.maxDepth }

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Swaps in the storage of `tokens` and `cuts`, emptied, and leaves this parser's in their
    /// place: a caller parsing many texts swaps the same arrays in and out again, so nothing is
    /// allocated per text. (Passed by value instead, an array still referenced by the caller
    /// would be copied to be emptied.)
    mutating func swapStorage(tokens: inout [JSONToken], cuts: inout [Range<Int>]) {
        swap(&self.tokens, &tokens)
        swap(&self.cuts, &cuts)
        self.tokens.removeAll(keepingCapacity: true)
        self.cuts.removeAll(keepingCapacity: true)
    }

    /// Reads one complete JSON text onto the tape; trailing non-space bytes are an error.
    mutating func parseDocument() throws(JSONError) {
        skipSpace()
        try parseValue()
        skipSpace()
        guard position == bytes.count else { throw fail("unexpected text after the value") }
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

    mutating func parseValue() throws(JSONError) {
        guard position < bytes.count else { throw fail("unexpected end of text") }
        let start = position
        switch bytes[position] {
        case UInt8(ascii: "{"): try parseObject()
        case UInt8(ascii: "["): try parseArray()
        case UInt8(ascii: "\""): try scanString()
        case UInt8(ascii: "t"): try expectWord("true"); append(.bool, start, true)
        case UInt8(ascii: "f"): try expectWord("false"); append(.bool, start, false)
        case UInt8(ascii: "n"): try expectWord("null"); append(.null, start, false)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try scanNumber()
            tokens.append(JSONToken(start: start, end: position, kind: .number, flag: false))
        default: throw fail(JSONParser.describeUnexpected(bytes[position]))
        }
    }

    @inline(__always)
    private mutating func append(_ kind: JSONKind, _ start: Int, _ flag: Bool) {
        tokens.append(JSONToken(start: start, end: position, kind: kind, flag: flag))
    }

    /// Reads a string onto the tape, checked (`skipString`) but not built.
    @inline(__always)
    mutating func scanString() throws(JSONError) {
        let start = position + 1
        let escaped = try skipString()
        tokens.append(JSONToken(start: start, end: position - 1, kind: .string, flag: escaped))
    }

    mutating func expectWord(_ word: StaticString) throws(JSONError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw fail("unexpected end of text") }
        for i in 0..<count where bytes[position + i] != word.utf8Start[i] {
            throw fail("invalid literal")
        }
        position += count
    }

    /// Opens a container's token; `close` sets where it ends once its contents are read.
    private mutating func open(_ kind: JSONKind) throws(JSONError) -> Int {
        depth += 1
        guard depth <= JSONParser.maxDepth else { throw fail(NestingLimit.reason) }
        tokens.append(JSONToken(start: position, end: 0, kind: kind, flag: false))
        position += 1
        return tokens.count - 1
    }

    private mutating func close(_ index: Int) {
        position += 1
        depth -= 1
        tokens[index].end = tokens.count
    }

    mutating func parseObject() throws(JSONError) {
        let index = try open(.object)
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            return close(index)
        }
        var commaBefore: Int?
        var extendCutToComma = false
        while true {
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw fail(position < bytes.count ? "expected a member name in quotes" : "unexpected end of text")
            }
            let memberStart = position
            try scanString()
            let name = tokens[tokens.count - 1]
            let isCut = !cutKey.isEmpty && (name.flag || name.end - name.start == cutKey.count) && lastTokenIsCutKey()
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw fail(position < bytes.count ? "expected ':' after a member name" : "unexpected end of text")
            }
            position += 1
            skipSpace()
            try parseValue()
            if isCut {
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
                return close(index)
            } else {
                throw fail("expected ',' or '}' in an object")
            }
        }
    }

    mutating func parseArray() throws(JSONError) {
        let index = try open(.array)
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            return close(index)
        }
        while true {
            skipSpace()
            try parseValue()
            skipSpace()
            guard position < bytes.count else { throw fail("unexpected end of text") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
            } else if bytes[position] == UInt8(ascii: "]") {
                return close(index)
            } else {
                throw fail("expected ',' or ']' in an array")
            }
        }
    }

    /// True if the last token is a string whose text is `cutKey`.
    private func lastTokenIsCutKey() -> Bool {
        cutKey.withUnsafeBytes { key in withTape { $0.string(tokens.count - 1, equals: key) } }
    }

    /// Calls `body` with the tape read so far, in place.
    func withTape<R, E: Error>(_ body: (JSONTape) throws(E) -> R) throws(E) -> R {
        let result: Result<R, E> = tokens.withUnsafeBufferPointer { tokens in
            Result { () throws(E) -> R in try body(JSONTape(bytes: bytes, tokens: tokens)) }
        }
        return try result.get()
    }

    /// Reads past a number, checking its grammar.
    mutating func scanNumber() throws(JSONError) {
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
    }

    /// Says which byte was not expected, printable or as hex.
    static func describeUnexpected(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "unexpected character '\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "unexpected byte 0x\(hex.count == 1 ? "0" : "")\(hex)"
    }
}
