import SoraCostCZlib

/// The raw-record store: every distinct raw record of every job, zlib-compressed in blocks.
///
/// Records are appended to an open block in memory; a block of about `blockBytes` is deflated
/// into one `raw_blocks` row, and each record is found again by `job_raws (job_id, hash, block,
/// offset, length)`. The open block is written before every commit (`Ledger.transaction`,
/// `Ledger.writeInBatches`), so a record and its pointer always land in the same transaction.
/// deflate's window is 32 KiB, so blocks much larger than that compress no better and only make
/// reading one record slower.
final class RawStore {
    /// Uncompressed bytes per block.
    static let blockBytes = 64 << 10
    /// zlib level: 1 compresses the ledger's JSON records almost as well as 6 at a third of the CPU.
    static let level: Int32 = 1

    unowned let database: Database
    /// The open block: its id (allocated on first use in a transaction) and its bytes.
    private var openID: Int64?
    private var open: [UInt8] = []
    private var insertBlock: Statement?
    private var output: [UInt8] = []

    init(database: Database) {
        self.database = database
    }

    /// Appends `bytes` to the open block; returns where it is (block id, offset, length).
    func append(_ bytes: UnsafeRawBufferPointer) throws -> (block: Int64, offset: Int64, length: Int64) {
        if open.count >= RawStore.blockBytes { try flush() }
        let id = try openID ?? {
            let next = (try database.scalarInt("SELECT COALESCE(MAX(id), 0) + 1 FROM raw_blocks")) ?? 1
            openID = next
            return next
        }()
        let offset = open.count
        open.append(contentsOf: bytes)
        return (id, Int64(offset), Int64(bytes.count))
    }

    /// Writes the open block, if any, as a `raw_blocks` row in the open transaction.
    func flush() throws {
        guard let id = openID else { return }
        defer {
            openID = nil
            open.removeAll(keepingCapacity: true)
        }
        let statement = try insertBlock ?? database.prepare("INSERT INTO raw_blocks (id, size, data) VALUES (?, ?, ?)")
        insertBlock = statement
        let compressed = try RawStore.deflate(open, into: &output)
        statement.reset()
        try statement.bind(id, at: 1)
        try statement.bind(Int64(open.count), at: 2)
        try output.withUnsafeBytes { try statement.bind(blob: UnsafeRawBufferPointer(rebasing: $0[0..<compressed]), at: 3) }
        while try statement.step() {}
        statement.reset()
    }

    /// Forgets the open block (its transaction rolled back).
    func discard() {
        openID = nil
        open.removeAll(keepingCapacity: true)
    }

    /// The bytes at `offset` of `length` in `block`, from the open block or the stored one.
    func read(block: Int64, offset: Int64, length: Int64, cache: inout (id: Int64, bytes: [UInt8])?) throws -> [UInt8] {
        let range = Int(offset)..<Int(offset + length)
        if block == openID, range.upperBound <= open.count { return Array(open[range]) }
        if cache?.id != block {
            let statement = try database.prepare("SELECT size, data FROM raw_blocks WHERE id = ?")
            try statement.bind([.int(block)])
            guard try statement.step(), let data = statement.textBytes(1) else {
                throw DatabaseError(code: 1, message: "raw block \(block) is missing", context: "reading a raw record")
            }
            cache = (block, try RawStore.inflate(data, size: statement.int(0)))
            statement.reset()
        }
        guard let bytes = cache?.bytes, range.upperBound <= bytes.count else {
            throw DatabaseError(code: 1, message: "raw record outside block \(block)", context: "reading a raw record")
        }
        return Array(bytes[range])
    }

    /// FNV-1a, 64 bits: tells one raw record of a job from another (stored, not a checksum).
    static func hash(_ bytes: UnsafeRawBufferPointer) -> Int64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            h = (h ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int64(bitPattern: h)
    }

    /// zlib-compresses `input` into `output` (grown as needed); returns the compressed length.
    static func deflate(_ input: [UInt8], into output: inout [UInt8], level: Int32 = RawStore.level) throws -> Int {
        let bound = Int(compressBound(uLong(input.count)))
        if output.count < bound { output = [UInt8](repeating: 0, count: bound) }
        var length = uLongf(bound)
        let rc = output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { compress2(out.baseAddress, &length, $0.baseAddress, uLong(input.count), level) }
        }
        guard rc == Z_OK else { throw DatabaseError(code: 1, message: "zlib error \(rc)", context: "compressing raw records") }
        return Int(length)
    }

    /// The `size` bytes `data` inflates to.
    static func inflate(_ data: UnsafeRawBufferPointer, size: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: size)
        var length = uLongf(size)
        let rc = bytes.withUnsafeMutableBufferPointer { out in
            uncompress(out.baseAddress, &length, data.bindMemory(to: Bytef.self).baseAddress, uLong(data.count))
        }
        guard rc == Z_OK, Int(length) == size else {
            throw DatabaseError(code: 1, message: "zlib error \(rc)", context: "reading a raw block")
        }
        return bytes
    }
}

extension RawStore {
    /// Migration 6's conversion: every `job_raw` row into blocks and `job_raws`, byte for byte
    /// (read as the bytes SQLite holds, never re-encoded), then `job_raw` dropped. Runs inside
    /// the migration's transaction.
    @Sendable static func migrateJobRaw(_ database: Database) throws {
        let store = RawStore(database: database)
        let insert = try database.prepare("INSERT INTO job_raws (job_id, hash, block, offset, length) VALUES (?, ?, ?, ?, ?)")
        let rows = try database.prepare("SELECT job_id, raw FROM job_raw ORDER BY job_id")
        while try rows.step() {
            let bytes = rows.textBytes(1) ?? UnsafeRawBufferPointer(start: nil, count: 0)
            let hash = RawStore.hash(bytes)
            let at = try store.append(bytes)
            try insert.run([.int(rows.int64(0)), .int(hash), .int(at.block), .int(at.offset), .int(at.length)])
        }
        rows.reset()
        try store.flush()
        try database.execute("DROP TABLE job_raw")
    }
}
