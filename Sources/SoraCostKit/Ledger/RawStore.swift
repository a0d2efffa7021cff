import Dispatch
import Foundation
import SoraCostCZlib

/// The raw-record store: every distinct raw record of every job, zlib-compressed in blocks.
///
/// Records are appended to an open block as ranges of tapes (`OpenBlock`, `RawTape`): the
/// import's records are read where its parser left them, and records given as text are copied
/// onto the store's own tape. A full block of about `blockBytes` goes to a second thread to be
/// gathered and deflated (the writer thread bounds the import, and never copies a record), and
/// comes back as one `raw_blocks` row. A job's first record is found again by its `jobs.raw_*` columns, any later
/// distinct one by `job_raws (job_id, hash, block, offset, length)` (migration 7). Every block
/// is written before each commit (`Ledger.transaction`, `Ledger.writeInBatches`), so a record
/// and its pointer always land in the same transaction.
final class RawStore {
    /// Uncompressed bytes per block. deflate's window is 32 KiB, but each block restarts its
    /// Huffman tables and window: on the benchmark's bare records 256 KiB blocks come out 4%
    /// smaller than 64 KiB ones; reading one record inflates its whole block.
    static let blockBytes = 256 << 10
    /// zlib level: 3 compresses the ledger's JSON records 7–9% better than 1 for 5–8% more time;
    /// 6 gains 19% more for twice the CPU, on the thread that competes with the import's two.
    static let level: Int32 = 3

    unowned let database: Database
    /// The next block id of the open transaction (allocated from the table on first use).
    private var nextID: Int64?
    /// The open block: its id, and its records as ranges of tapes, in order (`OpenBlock`).
    private var openID: Int64?
    private var open = OpenBlock()
    /// Where records given as text are copied, each once.
    private var copies = RawTapeWriter()
    private var insertBlock: Statement?
    private let deflater = Deflater()

    init(database: Database) {
        self.database = database
    }

    /// Appends `bytes` (copied) to the open block; returns where it is (block id, offset, length).
    func append(_ bytes: UnsafeRawBufferPointer) throws -> (block: Int64, offset: Int64, length: Int64) {
        try append(copies.append(bytes), copied: true)
    }

    /// Appends `raw` to the open block, a range of a tape as it is (never copied here: the deflate
    /// thread reads it); returns where it is (block id, offset, length).
    func append(_ raw: RawBytes) throws -> (block: Int64, offset: Int64, length: Int64) {
        switch raw {
        case .slice: try append(raw, copied: false)
        case .text(let text): try text.withUTF8Bytes { try append($0) }
        }
    }

    private func append(_ raw: RawBytes, copied: Bool) throws -> (block: Int64, offset: Int64, length: Int64) {
        guard case .slice(let tape, let start, let count) = raw else { preconditionFailure("a record not on a tape") }
        if open.size >= RawStore.blockBytes { try seal() }
        let id = try openID ?? {
            let next = try nextID ?? (database.scalarInt("SELECT COALESCE(MAX(id), 0) + 1 FROM raw_blocks") ?? 1)
            nextID = next + 1
            openID = next
            return next
        }()
        let offset = open.size
        open.append(tape, start: start, count: count, copied: copied)
        return (id, Int64(offset), Int64(count))
    }

    /// Takes back the record `append` just returned (the job it was for was already stored).
    func unappend(_ at: (block: Int64, offset: Int64, length: Int64)) {
        precondition(at.block == openID && Int(at.offset + at.length) == open.size, "not the last record appended")
        if let copy = open.removeLast() { copies.takeBack(copy) }
        if open.size == 0 {
            nextID = at.block
            openID = nil
        }
    }

    /// Hands the open block to the deflating thread and writes the blocks it has finished.
    private func seal() throws {
        if let id = openID {
            deflater.submit(id: id, block: open)
            openID = nil
            open = OpenBlock()
        }
        try write(deflater.finished())
    }

    /// Writes every block, the open one included, as `raw_blocks` rows in the open transaction.
    func flush() throws {
        try seal()
        try write(deflater.waitForAll())
        nextID = nil
    }

    /// Forgets the open and pending blocks (their transaction rolled back).
    func discard() {
        _ = try? deflater.waitForAll()
        nextID = nil
        openID = nil
        open = OpenBlock()
    }

    private func write(_ blocks: [Deflater.Block]) throws {
        guard !blocks.isEmpty else { return }
        let statement = try insertBlock ?? database.prepare("INSERT INTO raw_blocks (id, size, data) VALUES (?, ?, ?)")
        insertBlock = statement
        for block in blocks {
            statement.reset()
            try statement.bind(block.id, at: 1)
            try statement.bind(Int64(block.size), at: 2)
            try block.data.withUnsafeBytes { try statement.bind(blob: $0, at: 3) }
            while try statement.step() {}
            statement.reset()
        }
    }

    /// The bytes at `offset` of `length` in `block`, from the open block or the stored one.
    func read(block: Int64, offset: Int64, length: Int64, cache: inout (id: Int64, bytes: [UInt8])?) throws -> [UInt8] {
        let range = Int(offset)..<Int(offset + length)
        if block == openID, range.upperBound <= open.size { return open.bytes(in: range) }
        // A block still being deflated is written first (only inside the transaction writing it).
        try write(deflater.waitForAll())
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

    /// `hash(_:)` of the UTF-8 bytes of `text`.
    static func hash(_ text: String) -> Int64 {
        text.withUTF8Bytes { hash($0) }
    }

    /// Tells one raw record of a job from another (stored; not a checksum). Since migration 7,
    /// eight bytes a step (little-endian words, each xored in, multiplied and folded), then
    /// MurmurHash3's 64-bit finalizer: a sixth of byte-at-a-time FNV-1a's time on the
    /// import's parser thread. Each step is a bijection of the word, so records of equal
    /// length that differ in one word never collide.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> Int64 {
        let multiplier: UInt64 = 0xff51_afd7_ed55_8ccd
        var h: UInt64 = 0x9e37_79b9_7f4a_7c15 ^ UInt64(bytes.count)
        var index = 0
        while index + 8 <= bytes.count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            h = (h ^ word) &* multiplier
            h ^= h >> 32
            index += 8
        }
        if index < bytes.count {
            var word: UInt64 = 0
            for offset in index..<bytes.count { word |= UInt64(bytes[offset]) << (8 * UInt64(offset - index)) }
            h = (h ^ word) &* multiplier
            h ^= h >> 32
        }
        return Int64(bitPattern: WordHash.finalize(h))
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
    /// Migration 5's conversion: every `job_raw` row into blocks and `job_raws`, byte for byte
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

/// Deflates sealed blocks on one background thread, in the order given; the writer collects them.
final class Deflater: @unchecked Sendable {
    struct Block: Sendable {
        var id: Int64
        var size: Int
        var data: [UInt8]
    }

    private let queue = DispatchQueue(label: "soracost.raw-store.deflate")
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var done: [Block] = []
    private var failure: (any Error)?

    /// Blocks submitted and not yet taken up by the queue, oldest first: held here rather than by
    /// the queue's closures, so a block's tapes are let go as soon as it is gathered, before
    /// `waitForAll` returns.
    private var waiting: [(id: Int64, block: OpenBlock)] = []

    private func gatherNext() -> (id: Int64, bytes: [UInt8]) {
        let next = lock.withLock { waiting.removeFirst() }
        return (next.id, next.block.gathered())
    }

    func submit(id: Int64, block: OpenBlock) {
        group.enter()
        lock.withLock { waiting.append((id, block)) }
        queue.async { [self] in
            // The queue is serial: each closure takes the block submitted with it, gathers its
            // bytes and lets its tapes go, in this function's scope, before `leave()`.
            let (id, bytes) = gatherNext()
            var output: [UInt8] = []
            let result = Result { try RawStore.deflate(bytes, into: &output) }
            lock.withLock {
                switch result {
                case .success(let count): done.append(Block(id: id, size: bytes.count, data: Array(output[..<count])))
                case .failure(let error): failure = error
                }
            }
            group.leave()
        }
    }

    /// The blocks deflated so far, taken.
    func finished() throws -> [Block] {
        let (blocks, error) = lock.withLock {
            defer { (done, failure) = ([], nil) }
            return (done, failure)
        }
        if let error { throw error }
        return blocks
    }

    /// Every submitted block, once deflated, taken.
    func waitForAll() throws -> [Block] {
        group.wait()
        return try finished()
    }
}

extension RawStore {
    /// Migration 7's conversion of the record hashes: every stored record's hash recomputed with
    /// `hash(_:)` (ledgers before it stored FNV-1a), each block inflated once.
    @Sendable static func rehashAll(_ database: Database) throws {
        let store = RawStore(database: database)
        var cache: (id: Int64, bytes: [UInt8])?
        let first = try database.prepare("""
            SELECT id, raw_block, raw_offset, raw_length FROM jobs WHERE raw_block IS NOT NULL ORDER BY raw_block, raw_offset
            """).rows { (id: $0.int64(0), block: $0.int64(1), offset: $0.int64(2), length: $0.int64(3)) }
        let setFirst = try database.prepare("UPDATE jobs SET raw_hash = ? WHERE id = ?")
        for row in first {
            let bytes = try store.read(block: row.block, offset: row.offset, length: row.length, cache: &cache)
            try setFirst.run([.int(bytes.withUnsafeBytes { hash($0) }), .int(row.id)])
        }
        let later = try database.prepare("SELECT job_id, hash, block, offset, length FROM job_raws ORDER BY block, offset")
            .rows { (id: $0.int64(0), hash: $0.int64(1), block: $0.int64(2), offset: $0.int64(3), length: $0.int64(4)) }
        let setLater = try database.prepare("UPDATE OR IGNORE job_raws SET hash = ? WHERE job_id = ? AND hash = ?")
        for row in later {
            let bytes = try store.read(block: row.block, offset: row.offset, length: row.length, cache: &cache)
            try setLater.run([.int(bytes.withUnsafeBytes { hash($0) }), .int(row.id), .int(row.hash)])
        }
    }
}

/// A raw block being filled: its records as ranges of tapes, in order, each run of records on
/// one tape naming it once (one reference held per run, not per record).
struct OpenBlock: Sendable {
    private struct Piece {
        var tape: Int
        var start: Int
        var count: Int
        /// Copied onto the store's own tape for this block (`RawStore.append(_:)` of bytes).
        var copied: Bool
    }

    private var tapes: [RawTape] = []
    private var pieces: [Piece] = []
    private(set) var size = 0

    mutating func append(_ tape: RawTape, start: Int, count: Int, copied: Bool) {
        if tapes.last !== tape { tapes.append(tape) }
        pieces.append(Piece(tape: tapes.count - 1, start: start, count: count, copied: copied))
        size += count
    }

    /// Removes the last record; returns it if it was copied for this block, for its writer to
    /// take back.
    mutating func removeLast() -> RawBytes? {
        let piece = pieces.removeLast()
        size -= piece.count
        let tape = tapes[piece.tape]
        if pieces.last?.tape != piece.tape { tapes.removeLast() }
        return piece.copied ? .slice(tape, start: piece.start, count: piece.count) : nil
    }

    /// The block's bytes: its records one after another.
    func gathered() -> [UInt8] { bytes(in: 0..<size) }

    /// The block's bytes in `range` (within `0..<size`), from the records that overlap it.
    func bytes(in range: Range<Int>) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: range.count) { out, initialized in
            let buffer = UnsafeMutableRawBufferPointer(out)
            var offset = 0
            for piece in pieces {
                let end = offset + piece.count
                defer { offset = end }
                if end <= range.lowerBound { continue }
                if offset >= range.upperBound { break }
                let low = max(offset, range.lowerBound), high = min(end, range.upperBound)
                UnsafeMutableRawBufferPointer(rebasing: buffer[(low - range.lowerBound)..<(high - range.lowerBound)])
                    .copyMemory(from: tapes[piece.tape].bytes(piece.start + low - offset, high - low))
            }
            initialized = range.count
        }
    }
}
