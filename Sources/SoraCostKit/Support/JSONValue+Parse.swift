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
        let value = try parser.parseDocument()
        return value
    }

    /// Parses `bytes` and also returns them as text with every member named `key` cut out
    /// (at any depth): the same JSON, minus those members, without re-serializing it.
    public static func parse(_ bytes: UnsafeRawBufferPointer, cuttingMembersNamed key: String) throws(JSONError) -> (JSONValue, String) {
        var parser = JSONParser(bytes: bytes)
        parser.cutKey = key
        let value = try parser.parseDocument()
        if parser.cuts.isEmpty {
            return (value, String(decoding: bytes, as: UTF8.self))
        }
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var start = 0
        for cut in parser.cuts.sorted(by: { $0.lowerBound < $1.lowerBound }) where cut.lowerBound >= start {
            kept.append(contentsOf: bytes[start..<cut.lowerBound])
            start = cut.upperBound
        }
        kept.append(contentsOf: bytes[start...])
        return (value, String(decoding: kept, as: UTF8.self))
    }
}
