/// How `jobs.video_id` holds a video id (migration 7).
///
/// An id of the Videos API's own shape, `video_` and 32 lowercase hex digits, is stored as the
/// 16 bytes those digits spell, a BLOB; any other id (a gateway's, a test's `video_1`) as its
/// TEXT. The mapping is one-to-one (a BLOB never equals a TEXT), so `UNIQUE (provider, video_id)`
/// still means one row per job, and the key index holds 16 bytes per job instead of 38.
/// In plain SQL, `textSQL` gives the id back as text; the ledger's readers decode in Swift.
enum VideoIDCodec {
    static let prefix: [UInt8] = Array("video_".utf8)
    static let packedCount = 16
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The SQL expression of the id as text, for reads that need it inside a query.
    static let textSQL =
        "(CASE WHEN typeof(video_id) = 'blob' THEN 'video_' || lower(hex(video_id)) ELSE video_id END)"

    /// The 16 bytes of a canonical id written into `output`; false (nothing written) otherwise.
    static func pack(_ id: UnsafeRawBufferPointer, into output: inout [UInt8]) -> Bool {
        guard var packed = packed(id) else { return false }
        withUnsafeBytes(of: &packed) { output.append(contentsOf: $0) }
        return true
    }

    /// The 16 bytes of a canonical id, in memory order; nil for any other id.
    static func packed(_ id: UnsafeRawBufferPointer) -> (UInt64, UInt64)? {
        guard id.count == 6 + 2 * packedCount, id[0] == UInt8(ascii: "v"), id[1] == UInt8(ascii: "i"),
              id[2] == UInt8(ascii: "d"), id[3] == UInt8(ascii: "e"), id[4] == UInt8(ascii: "o"),
              id[5] == UInt8(ascii: "_")
        else { return nil }
        var packed: (UInt64, UInt64) = (0, 0)
        let valid = withUnsafeMutableBytes(of: &packed) { out in
            for index in 0..<packedCount {
                let high = nibble(id[6 + 2 * index])
                let low = nibble(id[7 + 2 * index])
                guard high | low < 16 else { return false }
                out[index] = high << 4 | low
            }
            return true
        }
        return valid ? packed : nil
    }

    /// The value `id` is stored and looked up as.
    static func value(_ id: String) -> SQLValue {
        var packed: [UInt8] = []
        return id.withUTF8Bytes { pack($0, into: &packed) } ? .blob(packed) : .text(id)
    }

    /// The id stored in `column` of the current row (nil for NULL).
    static func read(_ statement: Statement, _ column: Int32) -> String? {
        guard statement.isBlob(column), let bytes = statement.textBytes(column), bytes.count == packedCount else {
            return statement.text(column)
        }
        var text = prefix
        text.reserveCapacity(prefix.count + 2 * packedCount)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A lowercase hex digit's value, else 16 or more; uppercase is not canonical (it stays
    /// text, as the API never writes it and `video_AB…` is another id than `video_ab…`).
    @inline(__always)
    private static func nibble(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte &- UInt8(ascii: "a") &+ 10
        default: 0xFF
        }
    }
}

extension VideoIDCodec {
    /// Migration 7's conversion: every canonical id stored as text becomes its 16 bytes, in the
    /// migration's transaction. Ids of any other shape stay as they are.
    @Sendable static func migrate(_ database: Database) throws {
        let update = try database.prepare("UPDATE jobs SET video_id = ? WHERE id = ?")
        let rows = try database.prepare("""
            SELECT id, video_id FROM jobs
            WHERE id > ? AND typeof(video_id) = 'text' AND length(video_id) = 38 AND video_id GLOB 'video_*'
            ORDER BY id LIMIT 10000
            """)
        var after: Int64 = .min
        // In chunks, each read to its end before it is written: no update while a read is open.
        while true {
            try rows.bind([.int(after)])
            var read = 0
            var changes: [(id: Int64, packed: [UInt8])] = []
            while try rows.step() {
                read += 1
                after = rows.int64(0)
                var packed: [UInt8] = []
                if let text = rows.textBytes(1), pack(text, into: &packed) { changes.append((after, packed)) }
            }
            rows.reset()
            if read == 0 { return }
            for change in changes { try update.run([.blob(change.packed), .int(change.id)]) }
        }
    }
}
