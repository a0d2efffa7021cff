import Foundation
import SoraCostKit

/// A fresh directory under the system temporary folder, removed when the value is released.
public final class TemporaryDirectory {
    public let url: URL
    public var path: String { url.path }

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("soracost-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// A fresh directory with a new ledger file in it, as most ledger-backed suites start.
    public static func withLedger() throws -> (TemporaryDirectory, Ledger) {
        let directory = try TemporaryDirectory()
        return (directory, try Ledger(path: directory.file("ledger.sqlite")))
    }

    /// Writes `text` to `name` (subfolders created) and returns the full path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    public func append(_ name: String, _ text: String) throws {
        let handle = try FileHandle(forWritingTo: url.appendingPathComponent(name))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    public func file(_ name: String) -> String { url.appendingPathComponent(name).path }
}
