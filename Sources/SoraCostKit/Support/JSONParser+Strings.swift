extension JSONParser {
    /// The text of the string between `start` and `end` (the bytes inside its quotes), which
    /// `skipString` checked, its escapes decoded: nothing here can fail.
    static func decodedString(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> String {
        var reader = JSONParser(bytes: bytes)
        reader.position = start
        var text: [UInt8] = []
        text.reserveCapacity(end - start)
        while reader.position < end {
            let byte = bytes[reader.position]
            guard byte == UInt8(ascii: "\\") else {
                text.append(byte)
                reader.position += 1
                continue
            }
            do { try reader.escape(into: &text) } catch { break }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Checks a string without building it, and says whether it holds an escape: the tape keeps
    /// where it is, and `decodedString` builds it only when a reader asks for its text. Invalid
    /// UTF-8 is an error at the offset of its first bad byte, as is a control character; a `\u`
    /// escape must not leave a surrogate unpaired; NUL (`\u0000`) is kept.
    mutating func skipString() throws(JSONError) -> Bool {
        position += 1
        let start = position
        var nonASCII = false
        var sink: [UInt8]? = nil
        var escaped = false
        while true {
            // Eight bytes at a time while none of them ends the string or needs a closer look.
            while position + 8 <= bytes.count {
                let word = bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)
                if JSONParser.holdsQuoteBackslashOrControl(word) { break }
                if word & 0x8080_8080_8080_8080 != 0 { nonASCII = true }
                position += 8
            }
            guard position < bytes.count else { break }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                if nonASCII { try checkUTF8(UnsafeRawBufferPointer(rebasing: bytes[start..<position]), at: start) }
                position += 1
                return escaped
            }
            if byte < 0x20 { throw fail("control character inside a string") }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                try escape(into: &sink)
                continue
            }
            if byte >= 0x80 { nonASCII = true }
            position += 1
        }
        throw fail("unterminated string")
    }

    /// True if any of the eight bytes of `word` is `"`, `\` or below 0x20. Each test is the
    /// classic "has a zero byte" one, exact as to whether any byte matches (it may mark bytes
    /// above the first match too, which is never used).
    @inline(__always)
    static func holdsQuoteBackslashOrControl(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let hasQuote = (quote &- ones) & ~quote
        let hasBackslash = (backslash &- ones) & ~backslash
        let hasControl = (word &- ones &* 0x20) & ~word
        return (hasQuote | hasBackslash | hasControl) & highs != 0
    }

    /// Throws at the first invalid UTF-8 byte of `raw`, which begins at byte `base` of the text.
    func checkUTF8(_ raw: UnsafeRawBufferPointer, at base: Int) throws(JSONError) {
        if let bad = UTF8Check.firstInvalidOffset(raw) {
            throw JSONError(offset: base + bad, reason: "invalid UTF-8 in a string")
        }
    }

    /// Reads the escape at `position` (its backslash), appending what it means to `out`.
    mutating func escape(into out: inout [UInt8]) throws(JSONError) {
        var sink: [UInt8]? = out
        out = []
        defer { out = sink ?? [] }
        try escape(into: &sink)
    }

    /// Reads the escape at `position` (its backslash); appends its UTF-8 to `out` when given.
    mutating func escape(into out: inout [UInt8]?) throws(JSONError) {
        position += 1
        guard position < bytes.count else { throw fail("unterminated string") }
        let escape = bytes[position]
        position += 1
        let byte: UInt8
        switch escape {
        case UInt8(ascii: "\""): byte = 0x22
        case UInt8(ascii: "\\"): byte = 0x5C
        case UInt8(ascii: "/"): byte = 0x2F
        case UInt8(ascii: "b"): byte = 0x08
        case UInt8(ascii: "f"): byte = 0x0C
        case UInt8(ascii: "n"): byte = 0x0A
        case UInt8(ascii: "r"): byte = 0x0D
        case UInt8(ascii: "t"): byte = 0x09
        case UInt8(ascii: "u"):
            var code = try hex4()
            if (0xD800...0xDBFF).contains(code) {
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                      bytes[position + 1] == UInt8(ascii: "u") else { throw fail("unpaired surrogate") }
                position += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw fail("unpaired surrogate") }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(code) {
                throw fail("unpaired surrogate")
            }
            guard let scalar = Unicode.Scalar(code) else { throw fail("invalid \\u escape") }
            if out != nil { out!.append(contentsOf: Array(String(Character(scalar)).utf8)) }
            return
        default:
            position -= 1
            throw fail("invalid escape")
        }
        if out != nil { out!.append(byte) }
    }

    mutating func hex4() throws(JSONError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw fail("invalid \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[position]
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            default: throw fail("invalid \\u escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }
}
