/// A parsed JSON document that still knows where each object began, so a record inside a saved
/// list page is reported by its line number.
///
/// A document file may hold several JSON values one after another (`curl … >> pages.json`
/// appends one page per run): they are read in turn, each a `roots` entry, whatever whitespace
/// (or none, after a closing bracket) lies between them.
struct LocatedDocument {
    let roots: [JSONValue]
    /// Where reading stopped when a value after the first does not parse: the offset its text
    /// begins at and the error. The values before it stand.
    let failure: (start: Int, error: JSONError)?
    private let starts: [Int]
    private let newlines: [Int]
    private var cursor = 0

    /// Throws when the first value does not parse: then the text is not a document at all.
    init(bytes: [UInt8]) throws(JSONError) {
        typealias Read = (roots: [JSONValue], starts: [Int], failure: (start: Int, error: JSONError)?)
        let result: Result<Read, JSONError> = bytes.withUnsafeBytes { raw in
            var p = JSONParser(bytes: raw)
            var rootTokens: [Int] = []
            var failure: (start: Int, error: JSONError)?
            p.skipSpace()
            repeat {
                let start = p.position
                let first = p.tokens.count
                do throws(JSONError) {
                    try p.parseValue()
                } catch {
                    guard !rootTokens.isEmpty else { return .failure(error) }
                    p.tokens.removeSubrange(first...)
                    failure = (start, error)
                    break
                }
                rootTokens.append(first)
                p.skipSpace()
            } while p.position < raw.count
            // The tape lists values in document order: its objects' brackets are the starts.
            let roots = p.withTape { tape in rootTokens.map { JSONValue(tape: tape, at: $0) } }
            return .success((roots, p.tokens.lazy.filter { $0.kind == .object }.map(\.start), failure))
        }
        let read = try result.get()
        roots = read.roots
        starts = read.starts
        failure = read.failure
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
