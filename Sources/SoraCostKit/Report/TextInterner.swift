import Foundation

/// The distinct texts of one column, numbered in the order they are first met, so a scan keys its
/// groups by small integers and builds each String once instead of once per row.
///
/// Id 0 is SQL NULL. A column holds few distinct values (models, projects, users), and rows of
/// the same value often follow each other, so the previous row's value is compared first, then
/// the others one by one while they are few, else found by a hash of their bytes. A value
/// already seen costs no allocation.
struct TextInterner {
    /// The texts by id, as the ledger would have read them as Strings (nil for NULL).
    private(set) var values: [String?] = [nil]
    /// Every id's bytes, exactly as SQLite returned them, one after the other: SQL compares
    /// bytes, so values that only look alike as Strings stay apart here.
    private var bytes: [UInt8] = []
    /// Where each id's bytes start in `bytes`; id `i` ends where `i + 1` starts.
    private var starts: [Int] = [0, 0]
    private var idsByHash: [UInt64: [Int32]] = [:]
    private var previous: Int32 = 0

    /// The id of `text`, numbering it if new; nil text is NULL.
    mutating func id(of text: UnsafeRawBufferPointer?) -> Int32 {
        guard let text else { return 0 }
        if previous != 0, matches(previous, text) { return previous }
        // Most columns hold a handful of values: comparing them all beats hashing.
        if values.count <= 8 {
            for id in 1..<Int32(values.count) where matches(id, text) {
                previous = id
                return id
            }
        }
        let hash = TextInterner.hash(text)
        if values.count > 8, let candidates = idsByHash[hash] {
            for id in candidates where matches(id, text) {
                previous = id
                return id
            }
        }
        let id = Int32(values.count)
        bytes.append(contentsOf: text)
        starts.append(bytes.count)
        // `String(cString:)` stops at a NUL byte; so does the text a report prints.
        values.append(String(decoding: text.prefix { $0 != 0 }, as: UTF8.self))
        idsByHash[hash, default: []].append(id)
        previous = id
        return id
    }

    /// The id here of the text `other` numbers `id` (its exact bytes), numbering it if new: how
    /// two scans' interners are joined (`UsageScan.Counter.merge`).
    mutating func id(of id: Int32, in other: TextInterner) -> Int32 {
        guard id != 0 else { return 0 }
        let start = other.starts[Int(id)], end = other.starts[Int(id) + 1]
        return other.bytes.withUnsafeBytes { self.id(of: UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
    }

    /// Whether the text numbered `id` is exactly `literal`, byte for byte as SQL `=` compares.
    func id(_ id: Int32, is literal: StaticString) -> Bool {
        id != 0 && matches(id, UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    private func matches(_ id: Int32, _ text: UnsafeRawBufferPointer) -> Bool {
        let start = starts[Int(id)]
        let count = starts[Int(id) + 1] - start
        guard count == text.count else { return false }
        guard count > 0, let other = text.baseAddress else { return true }
        return bytes.withUnsafeBytes { memcmp($0.baseAddress! + start, other, count) == 0 }
    }

    /// 64-bit FNV-1a (http://www.isthe.com/chongo/tech/comp/fnv/): short keys, no allocation.
    private static func hash(_ text: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }
}
