import Foundation

/// The distinct texts of one column, numbered in the order they are first met, so a scan keys its
/// groups by small integers and builds each String once instead of once per row.
///
/// Id 0 is SQL NULL. A column holds few distinct values (models, projects, users), and rows of
/// the same value often follow each other, so the previous row's value is compared first, then
/// the others one by one while they are few, else found by a hash of their bytes in a table of
/// its own. A value already seen costs no allocation.
struct TextInterner {
    /// The texts by id, as the ledger would have read them as Strings (nil for NULL).
    private(set) var values: [String?] = [nil]
    /// Every id's bytes, exactly as SQLite returned them, one after the other: SQL compares
    /// bytes, so values that only look alike as Strings stay apart here.
    private var bytes: [UInt8] = []
    /// Where each id's bytes start in `bytes`; id `i` ends where `i + 1` starts.
    private var starts: [Int] = [0, 0]
    /// Open addressing by the text's hash: ids (0: empty), a power of two long, at most half full.
    private var slots = [Int32](repeating: 0, count: 32)
    private var hashes: [UInt64] = [0]
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
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let id = slots[slot]
            if hashes[Int(id)] == hash, matches(id, text) {
                previous = id
                return id
            }
            slot = (slot + 1) & mask
        }
        let id = Int32(values.count)
        bytes.append(contentsOf: text)
        starts.append(bytes.count)
        // `String(cString:)` stops at a NUL byte; so does the text a report prints.
        values.append(String(decoding: text.prefix { $0 != 0 }, as: UTF8.self))
        hashes.append(hash)
        slots[slot] = id
        if values.count * 2 > slots.count { grow() }
        previous = id
        return id
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for id in 1..<hashes.count {
            var slot = Int(truncatingIfNeeded: hashes[id]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
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
