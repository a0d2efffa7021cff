/// The word-at-a-time hashing the ledger's record hash and the reports' group tables share: one
/// definition of the step that folds a word in and of the finish.
enum WordHash {
    /// Folds `word` into `state`: xor, a multiply by 2^64 / φ, and a shift that brings the high
    /// bits down.
    @inline(__always)
    static func mix(_ state: inout UInt64, _ word: UInt64) {
        state = (state ^ word) &* 0x9E37_79B9_7F4A_7C15
        state ^= state >> 29
    }

    /// MurmurHash3's 64-bit finalizer (fmix64), so the low bits a table slot takes depend on
    /// every bit of the input.
    @inline(__always)
    static func finalize(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }
}
