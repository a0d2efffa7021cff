@testable import SoraCostKit

extension Ledger {
    /// How many stored raw records contain `text`.
    func rawCount(containing text: String) throws -> Int {
        var n = 0
        try forEachRawRecord { _, record in n += record.contains(text) ? 1 : 0 }
        return n
    }
}
