import Foundation

/// One input of `soracost import`, found from the paths the user gave, in the order to read them.
enum LogInput: Equatable {
    case file(String)
    case standardInput
    /// A path that names nothing readable: reported, while the other inputs still go in.
    case unreadable(InputError)

    /// Expands `paths` into inputs: `-` is standard input, a file is read whatever its name, and a
    /// directory gives every log-like file under it (recursively, hidden ones skipped), rotated
    /// generations oldest first (see `rotationOrder`).
    static func discover(_ paths: [String]) -> [LogInput] {
        var inputs: [LogInput] = []
        let manager = FileManager.default
        for path in paths {
            if path == "-" {
                inputs.append(.standardInput)
                continue
            }
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                inputs.append(.unreadable(InputError(path: path, reason: "no such file or directory")))
                continue
            }
            guard isDirectory.boolValue else {
                inputs.append(.file(path))
                continue
            }
            guard let enumerator = manager.enumerator(atPath: path) else {
                inputs.append(.unreadable(InputError(path: path, reason: "cannot list the directory")))
                continue
            }
            var found: [String] = []
            for case let relative as String in enumerator {
                let full = (path as NSString).appendingPathComponent(relative)
                var childIsDirectory: ObjCBool = false
                if manager.fileExists(atPath: full, isDirectory: &childIsDirectory), !childIsDirectory.boolValue,
                   looksLikeLog((relative as NSString).lastPathComponent),
                   !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                    found.append(full)
                }
            }
            inputs += found.sorted(by: rotationOrder).map { .file($0) }
        }
        return inputs
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
