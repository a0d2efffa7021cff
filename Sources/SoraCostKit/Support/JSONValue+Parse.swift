extension JSONValue {
    /// Parses one complete JSON text; trailing non-space bytes are an error.
    public static func parse(_ text: String) throws(JSONError) -> JSONValue {
        var copy = text
        let result: Result<JSONValue, JSONError> = copy.withUTF8 { buffer in
            Result { () throws(JSONError) -> JSONValue in try parse(UnsafeRawBufferPointer(buffer)) }
        }
        return try result.get()
    }

    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        try parser.parseDocument()
        return parser.withTape { JSONValue(tape: $0, at: 0) }
    }

    /// The value at token `index` of `tape`, built whole (its depth is the parser's, bounded).
    init(tape: JSONTape, at index: Int) {
        let token = tape.tokens[index]
        switch token.kind {
        case .null: self = .null
        case .bool: self = .bool(token.flag)
        case .number: self = .number(tape.text(index))
        case .string: self = .string(tape.text(index))
        case .array:
            var items: [JSONValue] = []
            var child = index + 1
            while child < token.end {
                items.append(JSONValue(tape: tape, at: child))
                child = tape.after(child)
            }
            self = .array(items)
        case .object:
            var members: [(String, JSONValue)] = []
            var key = index + 1
            while key < token.end {
                members.append((tape.text(key), JSONValue(tape: tape, at: key + 1)))
                key = tape.after(key + 1)
            }
            self = .object(members)
        }
    }
}

extension JSONParser {
    /// Writes the text read without the members `cuts` holds into `out`, which has room for all
    /// of it (`bytes.count`); returns how many bytes it wrote.
    func writeWithoutCuts(to out: UnsafeMutableRawBufferPointer) -> Int {
        var start = 0
        var count = 0
        func keep(_ range: Range<Int>) {
            guard !range.isEmpty else { return }
            let part = UnsafeRawBufferPointer(rebasing: bytes[range])
            UnsafeMutableRawBufferPointer(rebasing: out[count..<(count + part.count)]).copyMemory(from: part)
            count += part.count
        }
        // One cut (a record's prompt) is the usual case: no sorting, no array. Cuts are found in
        // document order, a member inside a cut one before it: sorted, an inner cut begins before
        // the outer one ends, and is dropped with it.
        let ordered = cuts.count <= 1 ? cuts : cuts.sorted(by: { $0.lowerBound < $1.lowerBound })
        for cut in ordered where cut.lowerBound >= start {
            keep(start..<cut.lowerBound)
            start = cut.upperBound
        }
        keep(start..<bytes.count)
        return count
    }
}
