extension Ledger {
    /// Keeps a rejected input line for audit, with the field and reason of its `RecordError`.
    public func recordReject(importID: Int64?, source: String, line: Int?, error: RecordError, text: String) throws {
        try recordReject(importID: importID, source: source, line: line, field: error.field, reason: error.reason,
                         text: text)
    }
}
