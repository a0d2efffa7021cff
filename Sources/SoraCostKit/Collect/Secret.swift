/// A credential (API key, webhook token) that prints as `<redacted>` everywhere.
///
/// `description`, `debugDescription`, string interpolation, `dump` and the default printing of
/// any struct or enum holding one all show `<redacted>`, so a secret cannot reach an error
/// message, a log line or the ledger by accident. The value itself is only reachable through
/// `exposedValue`, which is internal: just the code that builds the HTTP request reads it.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    let exposedValue: String

    /// Wraps `value` as given; loaders in `Secret+Loading.swift` trim and check it first.
    public init(_ value: String) {
        exposedValue = value
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// True when the value is empty; lets callers report a missing key without reading it.
    public var isEmpty: Bool { exposedValue.isEmpty }
}
