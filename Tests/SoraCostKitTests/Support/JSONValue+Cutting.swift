@testable import SoraCostKit

extension JSONValue {
    /// Parses `bytes` and also returns them as text with every member named `key` cut out (at
    /// any depth), as the record parser cuts prompts: for tests of the cut and of its errors.
    static func parse(_ bytes: UnsafeRawBufferPointer, cuttingMembersNamed key: String) throws(JSONError) -> (JSONValue, String) {
        var parser = JSONParser(bytes: bytes)
        parser.cutKey = Array(key.utf8)
        try parser.parseDocument()
        return (parser.withTape { JSONValue(tape: $0, at: 0) }, parser.textWithoutCuts())
    }
}

extension JSONParser {
    /// The text read without the members `cuts` holds, as the record parser writes it onto its
    /// raw tape (`writeWithoutCuts`).
    func textWithoutCuts() -> String {
        String(unsafeUninitializedCapacity: bytes.count) { writeWithoutCuts(to: UnsafeMutableRawBufferPointer($0)) }
    }
}
