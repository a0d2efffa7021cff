/// Why one input record was rejected: the field at fault (if any) and a reason a person reads.
public struct RecordError: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: String?
    public var reason: String

    public init(field: String?, _ reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String {
        field.map { "field '\($0)': \(reason)" } ?? reason
    }
}
