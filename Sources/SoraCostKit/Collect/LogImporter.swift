/// Imports local logs into the ledger: files, directories (recursively) and standard input.
///
/// Each file is read from its checkpoint, so lines appended since the last import are the only
/// ones read; a file whose head changed (rotated, truncated, replaced) is read again from the
/// start, and the merge makes that harmless. Rows are written in transactions that also store the
/// checkpoint, so a kill at any moment leaves a ledger that the next run completes exactly.
///
/// The jobs are split: `LogInput` finds the inputs and their order, `FileIdentity` and
/// `ResumeDecision` say where each file picks up, `ImportPipeline` parses and writes, and
/// `ImportReport` keeps the tallies. This class runs them in turn and keeps the run's audit row.
public final class LogImporter {
    let ledger: Ledger
    let options: ImportOptions
    let pipeline: ImportPipeline
    public var progress: ((ImportProgress) -> Void)? {
        get { pipeline.progress }
        set { pipeline.progress = newValue }
    }
    private var report = ImportReport()

    public init(ledger: Ledger, options: ImportOptions = ImportOptions()) throws {
        self.ledger = ledger
        self.options = options
        pipeline = try ImportPipeline(ledger: ledger, options: options)
    }

    /// Imports every input; files that cannot be read are reported, and the rest still go in.
    public func run(paths: [String]) throws -> ImportReport {
        report = ImportReport()
        let inputs = try LogInput.renamedFirst(LogInput.discover(paths)) { device, inode in
            try ledger.sources(device: device, inode: inode).map(\.name)
        }
        report.importID = try ledger.transaction {
            try ledger.beginRun(command: "import", target: paths.joined(separator: " "), at: options.now())
        }
        do {
            for input in inputs {
                do {
                    try importOne(input)
                } catch let error as InputError {
                    report.failures.append(error)
                }
            }
            try ledger.transaction {
                try ledger.updateRun(report.importID, counts: report.counts, status: report.status,
                                     message: report.failures.first?.errorDescription, finishedAt: options.now())
            }
        } catch {
            try? ledger.transaction {
                try ledger.updateRun(report.importID, counts: report.counts, status: "failed",
                                     message: "\(error)", finishedAt: options.now())
            }
            throw error
        }
        return report
    }

    private func importOne(_ input: LogInput) throws {
        switch input {
        case .unreadable(let error):
            throw error
        case .skipped(let note):
            report.skipped.append(note)
        case .stream(let path):
            var source = try ledger.transaction { try ledger.ensureSource(kind: "stdin", name: LogInput.absolutePath(path)) }
            var file = FileReport(path: path)
            source.offset = 0
            source.line = 0
            let input = ImportPipeline.Input(reader: try LineReader(stream: path), forcedFormat: options.format,
                                             resumable: false)
            try pipeline.run(input, source: &source, file: &file, report: &report)
            report.files.append(file)
        case .standardInput:
            var source = try ledger.transaction { try ledger.ensureSource(kind: "stdin", name: "stdin") }
            var file = FileReport(path: "-")
            source.offset = 0
            source.line = 0
            let input = ImportPipeline.Input(reader: LineReader(standardInput: ()), forcedFormat: options.format,
                                             resumable: false)
            try pipeline.run(input, source: &source, file: &file, report: &report)
            report.files.append(file)
        case .file(let path):
            try importFile(path)
        }
    }

    private func importFile(_ path: String) throws {
        let absolute = LogInput.absolutePath(path)
        var file = FileReport(path: path)
        let identity = try FileIdentity(path: path)
        let known = try ledger.source(named: absolute)
        var source = try known ?? ledger.transaction { try ledger.ensureSource(kind: "file", name: absolute) }
        let decision = ResumeDecision.decide(identity: identity, known: known,
                                             sameFile: try ledger.sources(device: identity.device, inode: identity.inode))
        file.skipped = decision.skipped
        file.note = decision.note

        let start: ResumeDecision.Checkpoint
        switch decision {
        case .unchanged:
            report.files.append(file)
            return
        case .adopt(let previous, _):
            // Renamed by rotation and already fully read under the old name: adopt its checkpoint.
            try ledger.transaction {
                source.format = previous.format
                source.offset = previous.offset
                source.line = previous.line
                source.size = previous.size
                source.mtime = previous.mtime
                source.headHash = previous.headHash
                source.device = identity.device
                source.inode = identity.inode
                source.lastReadAt = options.now()
                try ledger.saveSource(source)
            }
            report.files.append(file)
            return
        case .read(let checkpoint, let previous, _):
            start = checkpoint
            if let previous { source.format = previous.format }
        }

        source.device = identity.device
        source.inode = identity.inode
        source.mtime = identity.mtime
        source.headHash = identity.storedHeadHash
        source.size = nil
        source.offset = start.offset
        source.line = start.line
        file.resumedAt = start.offset

        // A resumed file goes on in the format it was read as (JSON Lines if unrecorded): its
        // first lines, which detection would read, are behind the checkpoint.
        var forced = options.format
        if forced == nil && start.offset > 0 {
            forced = source.format.flatMap(InputFormat.init(rawValue:)) ?? .jsonl
        }
        let csvHeader = start.offset > 0 && forced == .csv ? try resumedCSVHeader(path) : nil
        let input = ImportPipeline.Input(reader: try LineReader(path: path, offset: start.offset), forcedFormat: forced,
                                         resumable: !identity.isCompressed, csvHeader: csvHeader, fileSize: identity.size)
        try pipeline.run(input, source: &source, file: &file, report: &report)
        report.files.append(file)
    }

    /// The header of a CSV file resumed past its first line, checked to still name the columns
    /// an import needs.
    private func resumedCSVHeader(_ path: String) throws -> [String]? {
        let header = try LineReader(path: path).nextLine { line in
            var splitter = CSVRecordSplitter()
            let bytes = line.starts(with: [0xEF, 0xBB, 0xBF]) ? UnsafeRawBufferPointer(rebasing: line[3...]) : line
            return splitter.feed(bytes)
        } ?? nil
        do {
            _ = try CSVRecordDecoder(header: header ?? [], decoder: options.decoder)
        } catch {
            throw InputError(path: path, reason: "its CSV header changed since the last import (\(error.reason))")
        }
        return header
    }
}
