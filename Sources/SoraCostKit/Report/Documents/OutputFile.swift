#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The one way a rendered document reaches a file: written whole and atomically, so a reader
/// never sees half a report, and never over the ledger the run has open.
public enum OutputFile {
    /// Writes `text` as is to `path`, replacing the file; a missing folder, a path that is a
    /// protected ledger (or its `-wal`/`-shm`), or a failed write throws an `OutputFileError`
    /// naming the path.
    public static func write(_ text: String, to path: String) throws(OutputFileError) {
        try checkWritable(path)
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw OutputFileError(path: path, reason: InputError(path: path, foundationError: error).reason)
        }
    }

    /// Throws the `OutputFileError` writing `path` would meet before any byte is written: its
    /// folder is missing, or it is a protected ledger (or its `-wal`/`-shm`). Every writer of
    /// an output file calls it before opening anything: `write` here, and the streamed exports'
    /// `ExportSink`.
    public static func checkWritable(_ path: String) throws(OutputFileError) {
        let folder = (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue {
            throw OutputFileError(path: path, reason: "no folder \(folder)")
        }
        if let ledger = protectedLedger(matching: path) {
            throw OutputFileError(path: path, reason: "it is the ledger \(ledger) (or its -wal/-shm); choose another file")
        }
    }

    /// Registers the ledger at `path`: from now on in this process no output may replace it or
    /// its `-wal`/`-shm` (compared by resolved real path, and by device and inode when the
    /// output exists).
    public static func protect(ledger path: String) {
        guard path != ":memory:" else { return }
        protectedPaths.withLock { _ = $0.insert(path) }
    }

    /// The protected ledger that `path` would overwrite, if any.
    static func protectedLedger(matching path: String) -> String? {
        let ledgers = protectedPaths.withLock { $0 }
        let target = FileLocation(path)
        for ledger in ledgers.sorted() {
            for suffix in ["", "-wal", "-shm", "-journal"] where FileLocation(ledger + suffix) == target {
                return ledger
            }
        }
        return nil
    }

    private static let protectedPaths = LockedSet()
}

/// Where a path lands: its resolved real path (the real path of its folder, plus its name, when
/// it does not exist yet), and its device and inode when it exists.
private struct FileLocation {
    var realPath: String
    var inode: String?

    init(_ path: String) {
        var info = stat()
        inode = stat(path, &info) == 0 ? "\(info.st_dev):\(info.st_ino)" : nil
        let absolute = (path as NSString).isAbsolutePath
            ? path : FileManager.default.currentDirectoryPath + "/" + path
        if let whole = FileLocation.resolve(absolute) {
            realPath = whole
            return
        }
        let folder = (absolute as NSString).deletingLastPathComponent
        let name = (absolute as NSString).lastPathComponent
        realPath = (FileLocation.resolve(folder) ?? (folder as NSString).standardizingPath) + "/" + name
    }

    static func == (lhs: FileLocation, rhs: FileLocation) -> Bool {
        if let left = lhs.inode, let right = rhs.inode, left == right { return true }
        return lhs.realPath == rhs.realPath
    }

    private static func resolve(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}

/// A set of strings shared by the whole process, behind a lock.
private final class LockedSet: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: Set<String> = []

    func withLock<T>(_ body: (inout Set<String>) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&paths)
    }
}

/// A file that could not be written: `path: cannot write: reason`.
public struct OutputFileError: Error, LocalizedError, Equatable, Sendable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var errorDescription: String? { "\(path): cannot write: \(reason)" }
}
