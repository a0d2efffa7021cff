/// Writing JSON text.
public enum JSONText {
    /// `value` as a JSON string literal.
    public static func quote(_ value: String) -> String {
        var out = ""
        appendQuoted(value, to: &out)
        return out
    }

    /// The length in UTF-8 bytes of `value` as a JSON string literal.
    static func quotedLength(_ value: String) -> Int {
        value.withUTF8Bytes { utf8 in
            guard utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { return utf8.count + 2 }
            return quote(value).utf8.count
        }
    }

    /// Writes `value` as a JSON string literal into `out` at `at`, which has room for
    /// `quotedLength(value)` bytes; returns where it ends.
    static func writeQuoted(_ value: String, into out: UnsafeMutableBufferPointer<UInt8>, at: Int) -> Int {
        value.withUTF8Bytes { utf8 in
            if !utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
                out[at] = 0x22
                UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(out)[(at + 1)..<(at + 1 + utf8.count)])
                    .copyMemory(from: utf8)
                out[at + 1 + utf8.count] = 0x22
                return at + utf8.count + 2
            }
            var end = at
            for byte in quote(value).utf8 {
                out[end] = byte
                end += 1
            }
            return end
        }
    }

    /// Appends `value` as a JSON string literal to `out`.
    static func appendQuoted(_ value: String, to out: inout String) {
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += "\""
            out += value
            out += "\""
            return
        }
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
