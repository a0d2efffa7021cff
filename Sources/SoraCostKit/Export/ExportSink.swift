#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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

    /// Opens `path` for writing (nil: standard output); throws `OutputFileError` naming the path,
    /// also when `path` is a ledger this run opened (`OutputFile.checkWritable`), so open the
    /// ledger first.
    public init(path: String?) throws(OutputFileError) {
        self.path = path
        guard let path else {
            handle = FileHandle.standardOutput
            temporaryPath = nil
            return
        }
        try OutputFile.checkWritable(path)
        let folder = (path as NSString).deletingLastPathComponent
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

    /// Appends one CSV record (`ExportCSV`), spelled straight into the buffer.
    public func writeRecord(_ fields: [String?]) throws(OutputFileError) {
        ExportCSV.append(fields, to: &buffer)
        if buffer.count >= ExportSink.flushBytes { try flush() }
    }

    private func flush() throws(OutputFileError) {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw OutputFileError(path: path ?? "standard output",
                                  reason: InputError(path: path ?? "standard output", foundationError: error).reason)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and, for a file, moves it into place.
    public func finish() throws(OutputFileError) {
        try flush()
        guard let path, let temporaryPath else { return }
        do {
            try handle.close()
        } catch {
            abandon()
            throw OutputFileError(path: path, reason: InputError(path: path, foundationError: error).reason)
        }
        // Checked again at the last moment (the ledger may have been opened after this sink),
        // then rename(2): the old file is replaced in one step, never removed first.
        do throws(OutputFileError) {
            try OutputFile.checkWritable(path)
        } catch {
            abandon()
            throw error
        }
        if rename(temporaryPath, path) != 0 {
            let reason = String(cString: strerror(errno))
            abandon()
            throw OutputFileError(path: path, reason: reason)
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
        var bytes: [UInt8] = []
        append(fields, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the record's bytes: the same text as `CSVRenderer.quoted` per field, spelled on
    /// bytes (a field is quoted when it holds `,` `"` CR or LF, its `"` doubled).
    static func append(_ fields: [String?], to bytes: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(0x2C) }
            guard let field else { continue }
            let utf8 = field.utf8
            if utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) {
                bytes.append(0x22)
                for byte in utf8 {
                    if byte == 0x22 { bytes.append(0x22) }
                    bytes.append(byte)
                }
                bytes.append(0x22)
            } else {
                bytes.append(contentsOf: utf8)
            }
        }
        bytes.append(0x0D)
        bytes.append(0x0A)
    }
}
