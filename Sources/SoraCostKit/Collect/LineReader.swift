import Foundation
import SoraCostCZlib

/// Failures reading an input file, naming it.
public struct InputError: Error, LocalizedError, Equatable {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var errorDescription: String? { "\(path): \(reason)" }
}

/// Streams lines from a plain or gzip-compressed file, or standard input, in large chunks.
///
/// Memory stays flat whatever the file size: one chunk buffer plus at most `maxLineBytes` of a
/// line. A longer line is not buffered: its first `auditBytes` are handed over with
/// `lastLineLength` set to its full length, and the rest is skipped up to its newline (in a
/// regular or gzip file, which ends; a device or pipe that gives `overlongSkipLimit` bytes with no
/// newline, such as `/dev/zero`, is an error). Offsets are byte positions in the decompressed
/// stream, which is what import checkpoints record.
final class LineReader {
    private enum Input {
        case plain(Int32)
        case gzip(gzFile)
    }

    private let input: Input
    let path: String
    let isCompressed: Bool
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEOF = false
    private var carry: [UInt8] = []
    /// Byte offset just past the last line returned (including its newline, if it had one).
    private(set) var offset: Int64
    /// Whether the last line returned ended with a newline; false only for a final partial line.
    private(set) var lastLineTerminated = true
    /// The full length of the last line returned when it was longer than `maxLineBytes` (only its
    /// first `auditBytes` were handed over); nil for a line of normal length.
    private(set) var lastLineOverlong: Int?
    /// False for a device or pipe, whose overlong line may never end.
    private var isRegular = true
    static let chunkSize = 1 << 20
    /// The longest line read: 4 MiB, a thousand times a real record.
    static let maxLineBytes = 4 << 20
    /// What is kept of an overlong line, for the reject's audit text.
    static let auditBytes = 2_000
    /// How much of an overlong line a device or pipe may give before reading stops.
    static let overlongSkipLimit: Int64 = 64 << 20

    /// Opens `path` (gzip detected by its magic bytes) and positions it at `offset`.
    init(path: String, offset startOffset: Int64 = 0) throws {
        self.path = path
        buffer = [UInt8](repeating: 0, count: LineReader.chunkSize)
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw InputError(path: path, errno: errno) }
        var status = stat()
        if fstat(fd, &status) == 0 { isRegular = (status.st_mode & S_IFMT) == S_IFREG }
        var magic = [UInt8](repeating: 0, count: 2)
        let got = read(fd, &magic, 2)
        if got == 2 && magic == [0x1F, 0x8B] {
            lseek(fd, 0, SEEK_SET)
            guard let gz = gzdopen(fd, "rb") else {
                close(fd)
                throw InputError(path: path, reason: "cannot open as gzip")
            }
            gzbuffer(gz, 1 << 17)
            input = .gzip(gz)
            isCompressed = true
            if startOffset > 0 && gzseek(gz, Int(startOffset), SEEK_SET) < 0 {
                gzclose(gz)
                throw InputError(path: path, reason: "cannot seek to byte \(startOffset) of the decompressed data")
            }
        } else {
            input = .plain(fd)
            isCompressed = false
            guard lseek(fd, off_t(startOffset), SEEK_SET) == off_t(startOffset) else {
                close(fd)
                throw InputError(path: path, reason: "cannot seek to byte \(startOffset)")
            }
        }
        offset = startOffset
    }

    /// Reads a named pipe or device once from where it stands, without seeking or sniffing.
    init(stream path: String) throws {
        self.path = path
        buffer = [UInt8](repeating: 0, count: LineReader.chunkSize)
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw InputError(path: path, errno: errno) }
        input = .plain(fd)
        isCompressed = false
        offset = 0
        isRegular = false
    }

    /// Reads standard input.
    init(standardInput: ()) {
        path = "-"
        buffer = [UInt8](repeating: 0, count: LineReader.chunkSize)
        input = .plain(STDIN_FILENO)
        isCompressed = false
        offset = 0
        var status = stat()
        if fstat(STDIN_FILENO, &status) == 0 { isRegular = (status.st_mode & S_IFMT) == S_IFREG }
    }

    deinit {
        switch input {
        case .plain(let fd): if fd != STDIN_FILENO { close(fd) }
        case .gzip(let gz): gzclose(gz)
        }
    }

    private func fill() throws {
        start = 0
        end = 0
        let count: Int = buffer.withUnsafeMutableBytes { raw in
            switch input {
            case .plain(let fd):
                var n: Int
                repeat { n = read(fd, raw.baseAddress, raw.count) } while n < 0 && errno == EINTR
                return n
            case .gzip(let gz):
                return Int(gzread(gz, raw.baseAddress, UInt32(raw.count)))
            }
        }
        if count < 0 {
            if case .gzip(let gz) = input {
                var code: Int32 = 0
                let message = String(cString: gzerror(gz, &code))
                throw InputError(path: path, reason: "corrupt gzip data (\(message))")
            }
            throw InputError(path: path, reason: String(cString: strerror(errno)))
        }
        if count == 0 {
            atEOF = true
            if case .gzip(let gz) = input {
                var code: Int32 = 0
                let message = gzerror(gz, &code)
                if code != Z_OK && code != Z_STREAM_END, let message {
                    throw InputError(path: path, reason: "corrupt or truncated gzip data (\(String(cString: message)))")
                }
            }
        }
        end = count
    }

    /// Calls `body` with the next line (without its `\n`), or returns false at end of input.
    /// The bytes are valid only inside `body`.
    func nextLine<T>(_ body: (UnsafeRawBufferPointer) throws -> T) throws -> T? {
        carry.removeAll(keepingCapacity: true)
        lastLineOverlong = nil
        var skipped: Int64 = 0
        while true {
            if start == end {
                if atEOF { break }
                try fill()
                if end == 0 { break }
            }
            let found: Int? = buffer.withUnsafeBytes { raw in
                guard let base = raw.baseAddress,
                      let hit = memchr(base + start, 0x0A, end - start)
                else { return nil }
                return base.distance(to: UnsafeRawPointer(hit))
            }
            if let newline = found {
                let lineStart = start
                start = newline + 1
                lastLineTerminated = true
                if skipped > 0 {
                    // The end of an overlong line: hand over what was kept of it.
                    skipped += Int64(newline - lineStart)
                    offset += Int64(carry.count) + skipped + 1
                    lastLineOverlong = carry.count + Int(skipped)
                    return try carry.withUnsafeBytes { try body($0) }
                }
                if carry.isEmpty && newline - lineStart <= LineReader.maxLineBytes {
                    offset += Int64(newline + 1 - lineStart)
                    return try buffer.withUnsafeBytes { raw in
                        try body(UnsafeRawBufferPointer(rebasing: raw[lineStart..<newline]))
                    }
                }
                if carry.count + (newline - lineStart) > LineReader.maxLineBytes {
                    let total = carry.count + (newline - lineStart)
                    keepAudit(lineStart..<newline)
                    offset += Int64(total + 1)
                    lastLineOverlong = total
                    return try carry.withUnsafeBytes { try body($0) }
                }
                carry.append(contentsOf: buffer[lineStart..<newline])
                offset += Int64(carry.count + 1)
                return try carry.withUnsafeBytes { try body($0) }
            }
            if skipped > 0 || carry.count + (end - start) > LineReader.maxLineBytes {
                // Too long to keep: keep its head for the reject and skip the rest.
                if skipped == 0 {
                    let kept = carry.count
                    keepAudit(start..<end)
                    skipped = Int64(kept + (end - start) - carry.count)
                } else {
                    skipped += Int64(end - start)
                }
                start = end
                if !isRegular && skipped > LineReader.overlongSkipLimit {
                    throw InputError(path: path, reason: "no line break in \(LineReader.overlongSkipLimit >> 20) MiB "
                                     + "(lines are limited to \(LineReader.maxLineBytes >> 20) MiB); not a log, stopped reading")
                }
                continue
            }
            carry.append(contentsOf: buffer[start..<end])
            start = end
        }
        if skipped > 0 {
            lastLineTerminated = false
            offset += Int64(carry.count) + skipped
            lastLineOverlong = carry.count + Int(skipped)
            return try carry.withUnsafeBytes { try body($0) }
        }
        guard !carry.isEmpty else { return nil }
        lastLineTerminated = false
        offset += Int64(carry.count)
        return try carry.withUnsafeBytes { try body($0) }
    }

    /// Trims `carry` plus `range` of the buffer to the first `auditBytes` of the line.
    private func keepAudit(_ range: Range<Int>) {
        if carry.count < LineReader.auditBytes {
            let take = min(range.count, LineReader.auditBytes - carry.count)
            carry.append(contentsOf: buffer[range.lowerBound..<(range.lowerBound + take)])
        } else if carry.count > LineReader.auditBytes {
            carry.removeSubrange(LineReader.auditBytes...)
        }
    }
}
