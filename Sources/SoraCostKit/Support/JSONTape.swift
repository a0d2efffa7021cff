#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The kind of a JSON value.
public enum JSONKind: UInt8, Sendable {
    case null, bool, number, string, array, object
}

/// One value of a parsed JSON text, as `JSONParser` writes it: a flat list of these, in document
/// order, is the whole text (a tape). A container's members follow it, a member's name as a
/// string token before its value; nothing is copied out of the text until a reader asks for it.
struct JSONToken {
    /// A string: the offset of the byte after its opening quote. A number or literal: of its
    /// first byte. An object or array: of its bracket.
    var start: Int
    /// A string: the offset of its closing quote. A number: one past its last byte. An object or
    /// array: the index of the first token after it and everything inside it.
    var end: Int
    var kind: JSONKind
    /// A string: it holds a backslash escape (its bytes are not its text). A boolean: true.
    var flag: Bool
}

/// A parsed JSON text read in place: its bytes and the tokens `JSONParser` wrote over them. Valid
/// while both buffers are; the readers built on it (`JSONRef`) copy out only what they are asked for.
struct JSONTape {
    let bytes: UnsafeRawBufferPointer
    let tokens: UnsafeBufferPointer<JSONToken>

    /// The index of the first token after the value at `index` and everything inside it.
    @inline(__always)
    func after(_ index: Int) -> Int {
        let token = tokens[index]
        return token.kind == .object || token.kind == .array ? token.end : index + 1
    }

    /// The bytes of a string (its raw text, escapes undecoded) or number token.
    @inline(__always)
    func raw(_ index: Int) -> UnsafeRawBufferPointer {
        let token = tokens[index]
        return UnsafeRawBufferPointer(rebasing: bytes[token.start..<token.end])
    }

    /// The text of a string token, its escapes decoded; the source text of a number token.
    func text(_ index: Int) -> String {
        let token = tokens[index]
        guard token.kind == .string, token.flag else { return String(decoding: raw(index), as: UTF8.self) }
        return JSONParser.decodedString(bytes, from: token.start, to: token.end)
    }

    /// True if the string token at `index` is exactly `key`.
    @inline(__always)
    func string(_ index: Int, equals key: UnsafeRawBufferPointer) -> Bool {
        let token = tokens[index]
        if token.flag { return key.elementsEqual(text(index).utf8) }
        guard token.end - token.start == key.count else { return false }
        guard let base = bytes.baseAddress, let other = key.baseAddress else { return key.isEmpty }
        // The first byte before a call: most names of one length differ there.
        return base.load(fromByteOffset: token.start, as: UInt8.self) == other.load(as: UInt8.self)
            && memcmp(base + token.start, other, key.count) == 0
    }
}
