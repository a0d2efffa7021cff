import Foundation

/// The one way a rendered document reaches a file: written whole and atomically, so a reader
/// never sees half a report.
public enum OutputFile {
    /// Writes `text` as is to `path`, replacing the file; a missing folder or a failed write
    /// throws an `OutputFileError` naming the path.
    public static func write(_ text: String, to path: String) throws(OutputFileError) {
        let folder = (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue {
            throw OutputFileError(path: path, reason: "no folder \(folder)")
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
            throw OutputFileError(path: path, reason: reason)
        }
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
