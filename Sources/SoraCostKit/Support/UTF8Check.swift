/// Strict UTF-8 validation that says where the first bad byte is, so readers reject invalid text
/// with its offset instead of turning it into U+FFFD (which would also let two different invalid
/// ids collide).
enum UTF8Check {
    /// The offset (from the start of `bytes`) of the first byte that does not begin or continue a
    /// well-formed UTF-8 sequence (RFC 3629: no overlong forms, surrogates or values past
    /// U+10FFFF), or nil if every byte is valid.
    static func firstInvalidOffset(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            func cont(_ k: Int) -> Bool { i + k < n && bytes[i + k] & 0xC0 == 0x80 }
            switch b0 {
            case 0xC2...0xDF:
                guard cont(1) else { return i }
                i += 2
            case 0xE0...0xEF:
                guard cont(1) else { return i }
                let b1 = bytes[i + 1]
                if b0 == 0xE0 && b1 < 0xA0 { return i }   // overlong
                if b0 == 0xED && b1 >= 0xA0 { return i }  // a surrogate
                guard cont(2) else { return i }
                i += 3
            case 0xF0...0xF4:
                guard cont(1) else { return i }
                let b1 = bytes[i + 1]
                if b0 == 0xF0 && b1 < 0x90 { return i }   // overlong
                if b0 == 0xF4 && b1 >= 0x90 { return i }  // past U+10FFFF
                guard cont(2), cont(3) else { return i }
                i += 4
            default:
                return i
            }
        }
        return nil
    }

    /// `bytes` as a String, or the offset of the first invalid byte.
    static func string(_ bytes: UnsafeRawBufferPointer) -> Result<String, InvalidUTF8> {
        if let offset = firstInvalidOffset(bytes) { return .failure(InvalidUTF8(offset: offset)) }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    struct InvalidUTF8: Error {
        var offset: Int
        /// "invalid UTF-8 at byte N" (1-based, as editors and `cmp` count).
        var reason: String { "invalid UTF-8 at byte \(offset + 1)" }
    }
}
