/// The tags of the last envelope a parser decoded, by the bytes they were read from.
///
/// The lines of one application's log mostly repeat the tags of the line before; a repeat is
/// then neither decoded into a dictionary nor encoded for the ledger again, and its strings are
/// shared with the earlier record instead of allocated anew. Only values read in place
/// (`JSONNode.sourceBytes`) are remembered, and only once they decoded without an error.
struct TagsMemo {
    private var source: [UInt8] = []
    private var known: (tags: [String: String], text: String?)?

    /// The tags and their encoding last remembered for exactly `bytes`, if any.
    func tags(readFrom bytes: UnsafeRawBufferPointer?) -> (tags: [String: String], text: String?)? {
        guard let bytes, let known, bytes.count == source.count else { return nil }
        return source.withUnsafeBytes { $0.elementsEqual(bytes) } ? known : nil
    }

    /// Remembers what `bytes` decoded to (nothing for a value not read in place).
    mutating func remember(_ bytes: UnsafeRawBufferPointer?, tags: [String: String], text: String?) {
        guard let bytes else { return }
        source.removeAll(keepingCapacity: true)
        source.append(contentsOf: bytes)
        known = (tags, text)
    }
}
