/// A key that folds itself into one well-mixed 64-bit word: equal keys fold alike.
protocol Folding: Equatable {
    var fold: UInt64 { get }
}

/// Numbers distinct keys in the order first met: an open-addressing table keyed by the key's
/// fold, for the lookups a scan makes per row (`CellTable`) and per group (`UsageScan.rows`),
/// and an import per job (`UsageHours`).
/// A lookup costs the fold and, mostly, one comparison, where a `Dictionary` would run the
/// standard `Hasher` and rehash every key as it grows.
struct FoldTable<Key: Folding> {
    private(set) var keys: [Key] = []
    private var hashes: [UInt64] = []
    /// Indices into `keys` (-1: empty), a power of two long, at most half full.
    private var slots: [Int32]

    init(capacity: Int = 512) {
        var count = 16
        while count < capacity * 2 { count *= 2 }
        slots = [Int32](repeating: -1, count: count)
    }

    /// The index of `key`, and whether it was added now.
    mutating func index(of key: Key) -> (index: Int, isNew: Bool) {
        let hash = key.fold
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { break }
            if hashes[index] == hash, keys[index] == key { return (index, false) }
            slot = (slot + 1) & mask
        }
        let index = keys.count
        keys.append(key)
        hashes.append(hash)
        slots[slot] = Int32(index)
        if keys.count * 2 > slots.count { grow() }
        return (index, true)
    }

    /// Forgets every key, keeping the table's size (a table refilled with as many keys again
    /// does not grow again).
    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        for slot in slots.indices { slots[slot] = -1 }
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }
}
