/// The outcome of a whole import run.
public struct ImportReport: Sendable {
    public var importID: Int64 = 0
    public var counts = ImportCounts()
    public var files: [FileReport] = []
    /// The first rejected lines (all are kept in the ledger's `rejects` table).
    public var rejects: [RejectNote] = []
    /// Inputs that could not be read at all.
    public var failures: [InputError] = []
    /// What a directory walk passed over on purpose (a FIFO, a symbolic link loop), with why.
    public var skipped: [InputError] = []
    static let rejectsShown = 50

    /// Counts one written record in the run's totals and its file's.
    mutating func tally(_ outcome: JobWriter.Outcome, in file: inout FileReport) {
        counts.add(outcome)
        file.counts.add(outcome)
    }

    /// Counts one rejected line, keeping the first `rejectsShown` to show.
    mutating func tallyReject(_ error: RecordError, line: Int?, in file: inout FileReport) {
        counts.rejected += 1
        file.counts.rejected += 1
        if rejects.count < ImportReport.rejectsShown {
            rejects.append(RejectNote(path: file.path, line: line, error: error))
        }
    }

    /// The run's status as the ledger's audit row records it.
    var status: String { failures.isEmpty ? "completed" : "completed with errors" }
}

/// What happened to one input.
public struct FileReport: Sendable {
    public var path: String
    public var format: InputFormat?
    public var linesRead = 0
    /// Where reading began: 0, or the checkpoint of an earlier import.
    public var resumedAt: Int64 = 0
    /// Why nothing was read, when nothing was (unchanged since the last import).
    public var skipped: String?
    public var note: String?
    public var counts = ImportCounts()
}

/// A rejected line, as shown to the user.
public struct RejectNote: Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var error: RecordError
    public var description: String {
        "\(path)\(line.map { ":\($0)" } ?? ""): \(error)"
    }
}

/// Progress of a long import, for a terminal.
public struct ImportProgress: Sendable {
    public var path: String
    public var lines: Int
    public var bytes: Int64
}
