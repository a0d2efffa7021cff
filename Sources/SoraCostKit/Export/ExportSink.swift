import Foundation

/// Where a streamed export goes: standard output, or a file that appears whole.
///
/// Exports are written row by row so memory stays flat however large the ledger. A file is
/// written under a temporary name in its own folder and renamed over `path` by `finish()`, so a
/// reader (or a warehouse loader) never sees half an export; `abandon()` removes the partial file.
public final class ExportSink {
    public let path: String?
    private let handle: FileHandle
    private let temporaryPath: String?
    private var buffer: [UInt8] = []
    private static let flushBytes = 1 << 16

    /// Opens `path` for writing (nil: standard output); throws `OutputFileError` naming the path.
    public init(path: String?) throws(OutputFileError) {
        self.path = path
        guard let path else {
            handle = FileHandle.standardOutput
            temporaryPath = nil
            return
        }
        let folder = (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue {
            throw OutputFileError(path: path, reason: "no folder \(folder)")
        }
        let name = (path as NSString).lastPathComponent
        let temporary = (folder.isEmpty ? "" : folder + "/") + ".\(name).\(ProcessInfo.processInfo.processIdentifier).partial"
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
              let opened = FileHandle(forWritingAtPath: temporary)
        else { throw OutputFileError(path: path, reason: "cannot create a file in \(folder.isEmpty ? "." : folder)") }
        handle = opened
        temporaryPath = temporary
    }

    /// Appends `text` (buffered).
    public func write(_ text: String) throws(OutputFileError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= ExportSink.flushBytes { try flush() }
    }

    private func flush() throws(OutputFileError) {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw OutputFileError(path: path ?? "standard output", reason: (error as NSError).localizedDescription)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and, for a file, moves it into place.
    public func finish() throws(OutputFileError) {
        try flush()
        guard let path, let temporaryPath else { return }
        do {
            try handle.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporaryPath, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: temporaryPath)
            throw OutputFileError(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    /// Drops a file export that failed part-way.
    public func abandon() {
        guard let temporaryPath else { return }
        try? handle.close()
        try? FileManager.default.removeItem(atPath: temporaryPath)
    }
}

/// One CSV record as RFC 4180 spells it (`CSVRenderer.quoted`), ended by CRLF. Exports carry
/// values unchanged for warehouses: no spreadsheet-formula neutralizing, nulls as empty fields.
enum ExportCSV {
    static func record(_ fields: [String?]) -> String {
        fields.map { CSVRenderer.quoted($0 ?? "") }.joined(separator: ",") + "\r\n"
    }
}
