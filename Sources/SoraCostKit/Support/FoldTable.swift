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
    /// Per slot, 0 when empty, else the key's index + 1 in the low half and the fold's high half
    /// in the high half, so a probe of a large table (a scan's tens of thousands of groups)
    /// rejects a different key from the slot alone, without loading it; a power of two long, at
    /// most half full.
    private var slots: [UInt64]

    init(capacity: Int = 512) {
        var count = 16
        while count < capacity * 2 { count *= 2 }
        slots = [UInt64](repeating: 0, count: count)
    }

    /// The index of `key`, and whether it was added now.
    mutating func index(of key: Key) -> (index: Int, isNew: Bool) {
        let hash = key.fold
        let tag = hash & 0xFFFF_FFFF_0000_0000
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let index = Int(entry & 0xFFFF_FFFF) - 1
                if keys[index] == key { return (index, false) }
            }
            slot = (slot + 1) & mask
        }
        let index = keys.count
        keys.append(key)
        hashes.append(hash)
        slots[slot] = tag | UInt64(index + 1)
        if keys.count * 2 > slots.count { grow() }
        return (index, true)
    }

    /// Forgets every key, keeping the table's size (a table refilled with as many keys again
    /// does not grow again).
    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        for slot in slots.indices { slots[slot] = 0 }
    }

    private mutating func grow() {
        slots = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(index + 1)
        }
    }
}
