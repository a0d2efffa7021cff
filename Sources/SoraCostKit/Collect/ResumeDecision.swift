/// Where an import picks a file up, given what the ledger remembers of it: the pure decision,
/// with no I/O, so every case is tested on its own.
///
/// The same name with the same head continues from its checkpoint; a file renamed by rotation
/// (same device and inode, same head) continues where its old name stopped. A file whose head
/// changed (rotated away, truncated, replaced) is read again from the start, and the merge makes
/// that harmless. Gzip files and JSON documents are only read whole, so they are either
/// unchanged (same size and modification time) or read again.
enum ResumeDecision: Equatable {
    /// Nothing new since this same source was last read to its end.
    case unchanged(reason: String)
    /// A file renamed by rotation that was read to its end under its old name: its new name
    /// takes over that checkpoint and nothing is read.
    case adopt(SourceRecord, reason: String)
    /// Read from `checkpoint` (zero for the start). `previous` is the record the file continues,
    /// if any; `note` tells the user why reading does not go on as they might expect.
    case read(from: Checkpoint, previous: SourceRecord?, note: String?)

    /// A position in an input: bytes (decompressed) and lines already imported.
    struct Checkpoint: Equatable {
        var offset: Int64
        var line: Int64
        static let start = Checkpoint(offset: 0, line: 0)
    }

    static let unchangedFile = "unchanged since the last import"
    static let noNewLines = "no new lines since the last import"
    static let changedFile = "changed since the last import (rotated or rewritten): read again from the start"

    /// Decides how to import a file.
    ///
    /// - Parameters:
    ///   - identity: the file as it is now.
    ///   - known: the source stored under the file's name, if any.
    ///   - sameFile: sources last seen at the file's device and inode, oldest first (the ledger's
    ///     `sources(device:inode:)`); `known` among them is ignored.
    static func decide(identity: FileIdentity, known: SourceRecord?, sameFile: [SourceRecord]) -> ResumeDecision {
        let previous: SourceRecord
        if let known, identity.headMatches(known.headHash) {
            previous = known
        } else if let renamed = sameFile.last(where: { $0.id != known?.id && identity.headMatches($0.headHash) }) {
            previous = renamed
        } else {
            return .read(from: .start, previous: nil, note: known?.headHash == nil ? nil : changedFile)
        }

        let isSameSource = previous.id == known?.id
        let note = isSameSource ? nil : "continues \(previous.name)"
        let stored = Checkpoint(offset: previous.offset, line: previous.line)
        var skipped: String?
        var start = Checkpoint.start
        if identity.isCompressed || previous.format == InputFormat.json.rawValue {
            if previous.size == identity.size && previous.mtime == identity.mtime {
                skipped = unchangedFile
            } else if previous.size == nil && identity.isCompressed {
                // A gzip file whose last read was cut short: go on in the decompressed stream.
                start = stored
            }
        } else if identity.size == previous.offset {
            skipped = noNewLines
        } else if identity.size > previous.offset {
            start = stored
        }
        // Otherwise the file is shorter than what was read: truncated in place, read it again.

        switch (skipped, isSameSource) {
        case let (reason?, true): return .unchanged(reason: reason)
        case let (reason?, false): return .adopt(previous, reason: reason)
        case (nil, _): return .read(from: start, previous: previous, note: note)
        }
    }

    /// Why nothing is read, when nothing is.
    var skipped: String? {
        switch self {
        case .unchanged(let reason), .adopt(_, let reason): reason
        case .read: nil
        }
    }

    /// What the user is told about this file beyond its counts.
    var note: String? {
        switch self {
        case .unchanged: nil
        case .adopt(let previous, _): "continues \(previous.name)"
        case .read(_, _, let note): note
        }
    }
}
