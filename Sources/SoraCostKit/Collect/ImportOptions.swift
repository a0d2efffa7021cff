import Foundation

/// Settings of one `soracost import` run.
public struct ImportOptions: Sendable {
    public var decoder = RecordDecoder()
    /// Forces a format instead of detecting it per file.
    public var format: InputFormat?
    /// Lines per transaction: each commit also stores the checkpoint that covers it.
    public var batchLines = 50_000
    /// The clock, in Unix seconds (tests fix it).
    public var now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }

    public init() {}
}
