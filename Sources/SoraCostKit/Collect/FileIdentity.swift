#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What tells one log file from another across imports: where it lives on disk (device and
/// inode, which survive a rename), how big it is, when it last changed, and its first bytes.
///
/// An appended file keeps its head; a rotated, truncated or replaced one usually does not. The
/// head hash is what the ledger stores (`sources.head_hash`), so comparing never needs the old
/// bytes.
struct FileIdentity: Equatable {
    var device: Int64
    var inode: Int64
    /// Bytes on disk (compressed bytes for a gzip file).
    var size: Int64
    /// Last modification, in Unix seconds.
    var mtime: Int64
    /// Up to `headLength` first bytes.
    var head: [UInt8]
    /// True for gzip (the `1F 8B` magic), which is only ever read whole.
    var isCompressed: Bool { head.count >= 2 && head[0] == 0x1F && head[1] == 0x8B }

    /// Bytes at the head of a file that identify it across appends.
    static let headLength = 4096

    /// Reads the file's metadata and head.
    init(path: String) throws(InputError) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw FileIdentity.systemError(path) }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileIdentity.systemError(path) }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: FileIdentity.headLength)
        let count = read(fd, &head, head.count)
        guard count >= 0 else { throw FileIdentity.systemError(path) }
        head.removeSubrange(count...)
        self.init(device: Int64(info.st_dev), inode: Int64(info.st_ino), size: Int64(info.st_size),
                  mtime: FileIdentity.modificationSeconds(info), head: head)
    }

    init(device: Int64, inode: Int64, size: Int64, mtime: Int64, head: [UInt8]) {
        self.device = device
        self.inode = inode
        self.size = size
        self.mtime = mtime
        self.head = head
    }

    /// Device and inode of `path`, or nil when it cannot be examined.
    static func location(of path: String) -> (device: Int64, inode: Int64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (Int64(info.st_dev), Int64(info.st_ino))
    }

    /// The modification time's whole seconds: `st_mtim` on Linux, `st_mtimespec` on Darwin.
    private static func modificationSeconds(_ info: stat) -> Int64 {
        #if canImport(Darwin)
        Int64(info.st_mtimespec.tv_sec)
        #else
        Int64(info.st_mtim.tv_sec)
        #endif
    }

    private static func systemError(_ path: String) -> InputError {
        InputError(path: path, reason: String(cString: strerror(errno)))
    }

    /// The hash the ledger keeps of this file's head: all of it, or as much as the file has.
    var storedHeadHash: String {
        FileIdentity.headHash(head, length: min(Int(size), FileIdentity.headLength))
    }

    /// `LENGTH:HASH` (FNV-1a, 64 bits) of the first `length` bytes of `head`.
    static func headHash(_ head: [UInt8], length: Int) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in head.prefix(length) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return "\(min(length, head.count)):\(String(hash, radix: 16))"
    }

    /// True when the file still begins with the bytes a stored `LENGTH:HASH` describes.
    func headMatches(_ stored: String?) -> Bool {
        guard let stored, let colon = stored.firstIndex(of: ":"), let length = Int(stored[..<colon]),
              head.count >= length
        else { return false }
        return FileIdentity.headHash(head, length: length) == stored
    }
}
