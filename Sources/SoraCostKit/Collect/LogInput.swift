import Foundation

/// One input of `soracost import`, found from the paths the user gave, in the order to read them.
enum LogInput: Equatable {
    case file(String)
    /// A path given by name that is not a regular file (a named pipe, `/dev/stdin`, a device):
    /// read once to its end, like standard input, with no checkpoint.
    case stream(String)
    case standardInput
    /// A path that names nothing readable: reported, while the other inputs still go in.
    case unreadable(InputError)
    /// Something a directory walk passed over on purpose (a FIFO, a symlink loop): a note.
    case skipped(InputError)

    /// Expands `paths` into inputs: `-` is standard input, a file is read whatever its name, and a
    /// directory gives every log-like regular file under it (recursively, hidden ones skipped,
    /// symbolic links followed but never twice into one directory), rotated generations oldest
    /// first (see `rotationOrder`). A walk never opens anything but a regular file: what it passes
    /// over is listed as `.skipped`, and a folder or file it cannot read as `.unreadable`.
    static func discover(_ paths: [String]) -> [LogInput] {
        var inputs: [LogInput] = []
        for path in paths {
            if path == "-" {
                inputs.append(.standardInput)
                continue
            }
            var info = stat()
            guard stat(path, &info) == 0 else {
                inputs.append(.unreadable(InputError(path: path, errno: errno)))
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                var walk = Walk()
                walk.visit(directory: path, info: info, ancestors: [])
                inputs += walk.files.sorted(by: rotationOrder).map { .file($0) } + walk.notes
            case S_IFREG:
                inputs.append(.file(path))
            default:
                inputs.append(.stream(path))
            }
        }
        return inputs
    }

    /// One directory walk: the log files found, and what was skipped or unreadable.
    private struct Walk {
        var files: [String] = []
        var notes: [LogInput] = []
        var seen: Set<[Int64]> = []

        mutating func visit(directory: String, info: stat, ancestors: [(key: [Int64], path: String)]) {
            let key = [Int64(info.st_dev), Int64(info.st_ino)]
            if let loop = ancestors.first(where: { $0.key == key }) {
                notes.append(.skipped(InputError(path: directory, reason: "symbolic link loop (leads back to \(loop.path)); not followed")))
                return
            }
            guard seen.insert(key).inserted else { return }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: directory)
            } catch {
                notes.append(.unreadable(InputError(path: directory, foundationError: error)))
                return
            }
            guard access(directory, R_OK | X_OK) == 0 else {
                notes.append(.unreadable(InputError(path: directory, errno: errno)))
                return
            }
            for name in names.sorted() where !name.hasPrefix(".") {
                let full = (directory as NSString).appendingPathComponent(name)
                var child = stat()
                guard stat(full, &child) == 0 else {
                    let code = errno
                    if code == ELOOP || code == ENOENT {
                        // A link that loops or dangles: nothing to read, but say so.
                        notes.append(.skipped(InputError(path: full, errno: code)))
                    } else {
                        notes.append(.unreadable(InputError(path: full, errno: code)))
                    }
                    continue
                }
                switch child.st_mode & S_IFMT {
                case S_IFDIR:
                    visit(directory: full, info: child, ancestors: ancestors + [(key, directory)])
                case S_IFREG:
                    guard looksLikeLog(name) else { continue }
                    if access(full, R_OK) != 0 {
                        notes.append(.unreadable(InputError(path: full, errno: errno)))
                    } else {
                        files.append(full)
                    }
                default:
                    guard looksLikeLog(name) else { continue }
                    let kind = child.st_mode & S_IFMT == S_IFIFO ? "a named pipe (FIFO)"
                        : child.st_mode & S_IFMT == S_IFSOCK ? "a socket" : "a device"
                    notes.append(.skipped(InputError(path: full, reason: "\(kind), not a regular file; skipped (name it alone to read it)")))
                }
            }
        }
    }

    /// File names that look like logs when found inside a directory (explicit files are always read).
    static func looksLikeLog(_ name: String) -> Bool {
        let lower = name.lowercased()
        guard !lower.hasPrefix(".") else { return false }
        return [".jsonl", ".ndjson", ".json", ".log", ".csv"].contains { lower.contains($0) }
    }

    /// Orders files so that rotated generations come oldest first and the live file last
    /// (`app.log.2.gz`, `app.log.1`, `app.log`): history is read in the order it was written, and a
    /// renamed file is matched to its checkpoint before the new live file takes over the name.
    static func rotationOrder(_ a: String, _ b: String) -> Bool {
        func key(_ path: String) -> (String, Int) {
            var base = Substring(path)
            if base.hasSuffix(".gz") { base = base.dropLast(3) }
            if let dot = base.lastIndex(of: "."), let n = Int(base[base.index(after: dot)...]) {
                return (String(base[..<dot]), n)
            }
            return (String(base), 0)
        }
        let (ka, kb) = (key(a), key(b))
        if ka.0 != kb.0 { return ka.0 < kb.0 }
        if ka.1 != kb.1 { return ka.1 > kb.1 }
        return a < b
    }

    /// Moves files that the ledger knows under another name (renamed by log rotation) ahead of
    /// the rest, so each is matched to its old checkpoint before a new file takes that name over,
    /// whatever the rotation's naming scheme (`app.log.1`, `app.log-20260301`).
    ///
    /// `namesOnRecord` gives the source names the ledger last saw at a device and inode.
    static func renamedFirst(_ inputs: [LogInput],
                             namesOnRecord: (_ device: Int64, _ inode: Int64) throws -> [String]) rethrows -> [LogInput] {
        var renamed: [LogInput] = []
        var others: [LogInput] = []
        for input in inputs {
            guard case .file(let path) = input, let location = FileIdentity.location(of: path),
                  try namesOnRecord(location.device, location.inode).contains(where: { $0 != absolutePath(path) })
            else {
                others.append(input)
                continue
            }
            renamed.append(input)
        }
        return renamed + others
    }

    /// The name a file's source is stored under: absolute, with `.` and `..` resolved.
    static func absolutePath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
