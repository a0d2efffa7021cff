extension String {
    /// Calls `body` with the string's UTF-8 bytes: in place when it is stored contiguously (every
    /// string the parsers build), else from a copy. Unlike `withUTF8`, it needs no `var` copy of
    /// the string, so a borrowed string is read without being retained.
    func withUTF8Bytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        if let result = try utf8.withContiguousStorageIfAvailable({ try body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        var copy = self
        return try copy.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }
}
