/// A parsed JSON document that still knows where each object began, so a record inside a saved
/// list page is reported by its line number.
struct LocatedDocument {
    let root: JSONValue
    private let starts: [Int]
    private let newlines: [Int]
    private var cursor = 0

    init(bytes: [UInt8]) throws(JSONError) {
        let result: Result<(JSONValue, [Int]), JSONError> = bytes.withUnsafeBytes { raw in
            var p = JSONParser(bytes: raw)
            return Result { () throws(JSONError) in
                try p.parseDocument()
                // The tape lists values in document order: its objects' brackets are the starts.
                return (p.withTape { JSONValue(tape: $0, at: 0) }, p.tokens.lazy.filter { $0.kind == .object }.map(\.start))
            }
        }
        let (root, starts) = try result.get()
        self.root = root
        self.starts = starts
        var newlines: [Int] = []
        for (index, byte) in bytes.enumerated() where byte == 0x0A { newlines.append(index) }
        self.newlines = newlines
    }

    /// The start offset of the next object in document order.
    mutating func take() -> Int {
        defer { cursor += 1 }
        return cursor < starts.count ? starts[cursor] : 0
    }

    /// Moves past every object inside `value`, and `value` itself if it is one.
    mutating func skip(_ value: JSONValue) {
        if case .object = value { cursor += 1 }
        skipChildren(value)
    }

    mutating func skipChildren(_ value: JSONValue) {
        switch value {
        case .object(let members): for (_, member) in members { skip(member) }
        case .array(let items): for item in items { skip(item) }
        default: break
        }
    }

    /// 1-based line of a byte offset.
    func line(of offset: Int) -> Int {
        var low = 0
        var high = newlines.count
        while low < high {
            let mid = (low + high) / 2
            if newlines[mid] < offset { low = mid + 1 } else { high = mid }
        }
        return low + 1
    }

    static func line(of offset: Int, in bytes: [UInt8]) -> Int {
        bytes.prefix(offset).reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
}
