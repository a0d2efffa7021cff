/// A parsed JSON value.
///
/// Numbers keep their source text, so a price such as `0.06` reaches `Money(decimal:)` exactly
/// and never passes through a binary double. Object members keep their order.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.number(a), .number(b)): a == b
        case let (.string(a), .string(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// The member named `key` of an object (the last one if a key repeats), else nil.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        // Lengths first: most names differ in length, and comparing two lengths is far cheaper
        // than comparing two strings (this lookup is on the import's hot path).
        let count = key.utf8.count
        return members.last(where: { $0.0.utf8.count == count && $0.0 == key })?.1
    }

    /// Follows a dotted path such as `meta.user.email`.
    public func value(atPath path: String) -> JSONValue? {
        guard path.utf8.contains(UInt8(ascii: ".")) else { return self[path] }
        return value(atPath: path.split(separator: ".").map(String.init))
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var isNull: Bool { self == .null }
}
