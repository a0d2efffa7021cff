/// What the record decoders read from a JSON value, whether it is built (`JSONValue`) or read in
/// place from the parser's tape (`JSONRef`): one decoder serves both, so a log line is decoded
/// by the same rules as an API page, without building a value per field.
public protocol JSONNode {
    var kind: JSONKind { get }
    /// The member named `key` of an object (the last one if a key repeats), else nil.
    subscript(key: String) -> Self? { get }
    /// A string's text or a number's source text; nil for other kinds.
    var text: String? { get }
    /// True for a string with no characters.
    var isEmptyString: Bool { get }
    /// A boolean's value; nil for other kinds.
    var boolValue: Bool? { get }
    /// Calls `body` with each member of an object, in order; nothing for other kinds.
    func forEachMember<E: Error>(_ body: (String, Self) throws(E) -> Void) throws(E)
    /// The value built whole, for the rare paths that need one (a record written out again).
    var wholeValue: JSONValue { get }
    /// The bytes a value read in place was read from, and what follows them up to the next value
    /// (a closing bracket, a comma, spaces): the same bytes always read as the same value. Nil
    /// for a value built whole. Valid while the value is.
    var sourceBytes: UnsafeRawBufferPointer? { get }
}

extension JSONNode {
    /// Follows a path already split into its member names.
    public func value(atPath components: [String]) -> Self? {
        // Most paths are one name (the default mapping's): looked up without walking the array.
        if components.count == 1 { return self[components[0]] }
        var current: Self? = self
        for part in components {
            current = current?[part]
        }
        return current
    }

    /// A short name of the value's type, for error messages: `a string`, `a number`, ...
    public var typeName: String {
        switch kind {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension JSONValue: JSONNode {
    public var kind: JSONKind {
        switch self {
        case .null: .null
        case .bool: .bool
        case .number: .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }

    public var text: String? {
        switch self {
        case .string(let text), .number(let text): text
        default: nil
        }
    }

    public var isEmptyString: Bool { self == .string("") }

    public var wholeValue: JSONValue { self }

    public var sourceBytes: UnsafeRawBufferPointer? { nil }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public func forEachMember<E: Error>(_ body: (String, JSONValue) throws(E) -> Void) throws(E) {
        guard case .object(let members) = self else { return }
        for (key, value) in members { try body(key, value) }
    }
}

/// One value of a parsed JSON text, read in place from the parser's tape: a member lookup
/// compares bytes, and text is copied out only when asked for. Valid while its tape is.
struct JSONRef: JSONNode {
    let tape: JSONTape
    let index: Int

    var kind: JSONKind { tape.tokens[index].kind }

    subscript(key: String) -> JSONRef? {
        let token = tape.tokens[index]
        guard token.kind == .object else { return nil }
        var key = key
        return key.withUTF8 { name in
            var found: Int?
            var member = index + 1
            while member < token.end {
                if tape.string(member, equals: UnsafeRawBufferPointer(name)) { found = member + 1 }
                member = tape.after(member + 1)
            }
            return found.map { JSONRef(tape: tape, index: $0) }
        }
    }

    var text: String? {
        let kind = tape.tokens[index].kind
        return kind == .string || kind == .number ? tape.text(index) : nil
    }

    var isEmptyString: Bool {
        let token = tape.tokens[index]
        return token.kind == .string && token.start == token.end
    }

    var boolValue: Bool? {
        let token = tape.tokens[index]
        return token.kind == .bool ? token.flag : nil
    }

    func forEachMember<E: Error>(_ body: (String, JSONRef) throws(E) -> Void) throws(E) {
        let token = tape.tokens[index]
        guard token.kind == .object else { return }
        var member = index + 1
        while member < token.end {
            try body(tape.text(member), JSONRef(tape: tape, index: member + 1))
            member = tape.after(member + 1)
        }
    }

    var wholeValue: JSONValue { JSONValue(tape: tape, at: index) }

    var sourceBytes: UnsafeRawBufferPointer? {
        // A token's start is at or just after its value's first byte (a string's opening quote
        // comes before it); the next token's start is past the value's last byte.
        let first = tape.tokens[index].start - (kind == .string ? 1 : 0)
        let next = tape.after(index)
        let end = next < tape.tokens.count ? tape.tokens[next].start : tape.bytes.count
        return UnsafeRawBufferPointer(rebasing: tape.bytes[first..<end])
    }
}
