/// Blanks prompt text in input that may not be valid JSON (a rejected line), so that a prompt
/// the user did not opt to store never reaches the ledger's `rejects` table.
enum PromptScrubber {
    static let marker = Array("\"prompt\"".utf8)
    static let replacement = Array("\"[prompt removed]\"".utf8)

    /// `text` with the string after each `"prompt" :` replaced, up to its closing quote or, for a
    /// cut-off line, to the end.
    static func scrub(_ text: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = 0
        while i < text.count {
            guard matches(text, at: i) else {
                out.append(text[i])
                i += 1
                continue
            }
            out.append(contentsOf: marker)
            var j = i + marker.count
            while j < text.count, text[j] == 0x20 || text[j] == 0x09 { j += 1 }
            guard j < text.count, text[j] == UInt8(ascii: ":") else {
                i += marker.count
                continue
            }
            j += 1
            while j < text.count, text[j] == 0x20 || text[j] == 0x09 { j += 1 }
            guard j < text.count, text[j] == UInt8(ascii: "\"") else {
                out.append(contentsOf: text[(i + marker.count)..<j])
                i = j
                continue
            }
            out.append(contentsOf: text[(i + marker.count)..<j])
            out.append(contentsOf: replacement)
            j += 1
            while j < text.count, text[j] != UInt8(ascii: "\"") {
                j += text[j] == UInt8(ascii: "\\") ? 2 : 1
            }
            i = min(j + 1, text.count)
        }
        return out
    }

    private static func matches(_ text: [UInt8], at index: Int) -> Bool {
        guard index + marker.count <= text.count else { return false }
        for k in 0..<marker.count where text[index + k] != marker[k] { return false }
        return true
    }
}
