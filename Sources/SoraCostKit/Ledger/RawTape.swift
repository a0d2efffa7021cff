/// A buffer of raw records, written once and read in place: the import's parser copies each
/// record it keeps here while the line is in its core's cache, and the raw-record store's deflate
/// thread reads it from here, so the ledger writer, which bounds the import, never touches a
/// record's bytes (it only counts them), and no record needs a string of its own.
///
/// Bytes are only ever added past `used` (by `RawTapeWriter`), never changed: a range handed out
/// as `RawBytes` is read-only from then on, on any thread, while the writer fills the rest.
final class RawTape: @unchecked Sendable {
    private let base: UnsafeMutableRawPointer
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(byteCount: max(capacity, 1), alignment: 16)
    }

    deinit { base.deallocate() }

    /// The `count` bytes at `start`, which must have been written.
    func bytes(_ start: Int, _ count: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + start, count: count)
    }

    /// Where `RawTapeWriter` writes: the `count` bytes at `start`, not yet handed out.
    fileprivate func unwritten(_ start: Int, _ count: Int) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: base + start, count: count)
    }
}

/// A raw record's bytes: a string of its own, or a range of a tape.
enum RawBytes: Sendable {
    case text(String)
    case slice(RawTape, start: Int, count: Int)

    func withBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        switch self {
        case .text(let text): try text.withUTF8Bytes(body)
        case .slice(let tape, let start, let count): try body(tape.bytes(start, count))
        }
    }

    /// The record as text (its bytes are UTF-8: a tape holds only records that parsed).
    var string: String {
        switch self {
        case .text(let text): text
        case .slice(let tape, let start, let count): String(decoding: tape.bytes(start, count), as: UTF8.self)
        }
    }
}

/// Fills tapes one after another: a new one when the record at hand does not fit the rest of
/// the current one. A tape is freed with the last record or block that points into it.
struct RawTapeWriter: Sendable {
    /// Bytes per tape: about three of the parser's hand-overs of wrapped log lines.
    static let defaultTapeBytes = 4 << 20
    let tapeBytes: Int
    private var tape: RawTape?
    private var used = 0

    init(tapeBytes: Int = RawTapeWriter.defaultTapeBytes) {
        self.tapeBytes = tapeBytes
    }

    /// Writes a record of `count` bytes with `write`, which fills the buffer it is given and
    /// returns how many bytes it wrote (at most `count`).
    mutating func append(count: Int, _ write: (UnsafeMutableRawBufferPointer) -> Int) -> RawBytes {
        if tape == nil || used + count > tape!.capacity {
            tape = RawTape(capacity: max(tapeBytes, count))
            used = 0
        }
        let current = tape!
        let written = write(current.unwritten(used, count))
        defer { used += written }
        return .slice(current, start: used, count: written)
    }

    /// Copies `bytes` onto the tape.
    mutating func append(_ bytes: UnsafeRawBufferPointer) -> RawBytes {
        append(count: bytes.count) { out in
            if !bytes.isEmpty { out.copyMemory(from: bytes) }
            return bytes.count
        }
    }

    /// Takes back `raw`, which must be the last range this writer handed out and be referenced
    /// nowhere else: its bytes are written over by the next record.
    mutating func takeBack(_ raw: RawBytes) {
        guard case .slice(let slice, let start, let count) = raw, slice === tape, start + count == used else {
            preconditionFailure("not the last record of this tape")
        }
        used = start
    }
}
