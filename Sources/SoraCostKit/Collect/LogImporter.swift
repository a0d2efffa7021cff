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

/// The outcome of a whole import run.
public struct ImportReport: Sendable {
    public var importID: Int64 = 0
    public var counts = ImportCounts()
    public var files: [FileReport] = []
    /// The first rejected lines (all are kept in the ledger's `rejects` table).
    public var rejects: [RejectNote] = []
    /// Inputs that could not be read at all.
    public var failures: [InputError] = []
    static let rejectsShown = 50
}

/// Progress of a long import, for a terminal.
public struct ImportProgress: Sendable {
    public var path: String
    public var lines: Int
    public var bytes: Int64
}

/// Imports local logs into the ledger: files, directories (recursively) and standard input.
///
/// Each file is read from its checkpoint, so lines appended since the last import are the only
/// ones read; a file whose head changed (rotated, truncated, replaced) is read again from the
/// start, and the merge makes that harmless. Rows are written in transactions that also store the
/// checkpoint, so a kill at any moment leaves a ledger that the next run completes exactly.
public final class LogImporter {
    let ledger: Ledger
    let options: ImportOptions
    let writer: JobWriter
    public var progress: ((ImportProgress) -> Void)?
    private var report = ImportReport()

    /// Bytes at the head of a file that identify it across appends.
    static let headLength = 4096

    public init(ledger: Ledger, options: ImportOptions = ImportOptions()) throws {
        self.ledger = ledger
        self.options = options
        writer = try JobWriter(database: ledger.database)
    }

    /// Imports every input; files that cannot be read are reported, and the rest still go in.
    public func run(paths: [String]) throws -> ImportReport {
        report = ImportReport()
        let inputs = try renamedFirst(expand(paths))
        report.importID = try ledger.database.transaction {
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
            try ledger.database.transaction {
                try ledger.updateRun(report.importID, counts: report.counts,
                                     status: report.failures.isEmpty ? "completed" : "completed with errors",
                                     message: report.failures.first?.errorDescription, finishedAt: options.now())
            }
        } catch {
            try? ledger.database.transaction {
                try ledger.updateRun(report.importID, counts: report.counts, status: "failed",
                                     message: "\(error)", finishedAt: options.now())
            }
            throw error
        }
        return report
    }

    // MARK: - Inputs

    private enum Input {
        case file(String)
        case standardInput
        case unreadable(InputError)
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

    private func expand(_ paths: [String]) -> [Input] {
        var inputs: [Input] = []
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
                   LogImporter.looksLikeLog((relative as NSString).lastPathComponent),
                   !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                    found.append(full)
                }
            }
            inputs += found.sorted(by: LogImporter.rotationOrder).map { .file($0) }
        }
        return inputs
    }

    /// Moves files that the ledger knows under another name (renamed by log rotation) ahead of
    /// the rest, so each is matched to its old checkpoint before a new file takes that name over,
    /// whatever the rotation's naming scheme (`app.log.1`, `app.log-20260301`).
    private func renamedFirst(_ inputs: [Input]) throws -> [Input] {
        var renamed: [Input] = []
        var others: [Input] = []
        for input in inputs {
            guard case .file(let path) = input else {
                others.append(input)
                continue
            }
            var info = stat()
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            if stat(path, &info) == 0,
               try ledger.sources(device: Int64(info.st_dev), inode: Int64(info.st_ino)).contains(where: { $0.name != absolute }) {
                renamed.append(input)
            } else {
                others.append(input)
            }
        }
        return renamed + others
    }

    private func importOne(_ input: Input) throws {
        switch input {
        case .unreadable(let error):
            throw error
        case .standardInput:
            let source = try ledger.database.transaction { try ledger.ensureSource(kind: "stdin", name: "stdin") }
            var fileReport = FileReport(path: "-")
            let reader = LineReader(standardInput: ())
            var checkpoint = source
            checkpoint.offset = 0
            checkpoint.line = 0
            try read(reader, source: &checkpoint, report: &fileReport, forcedFormat: options.format, resumable: false)
            finish(fileReport)
        case .file(let path):
            try importFile(path)
        }
    }

    // MARK: - Files

    fileprivate struct Identity {
        var device: Int64
        var inode: Int64
        var size: Int64
        var mtime: Int64
        var head: [UInt8]
        var isCompressed: Bool
    }

    private func identify(_ path: String) throws -> Identity {
        var info = stat()
        guard stat(path, &info) == 0 else { throw InputError(path: path, reason: String(cString: strerror(errno))) }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw InputError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: LogImporter.headLength)
        let count = Glibc.read(fd, &head, head.count)
        guard count >= 0 else { throw InputError(path: path, reason: String(cString: strerror(errno))) }
        head.removeSubrange(count...)
        return Identity(device: Int64(info.st_dev), inode: Int64(info.st_ino), size: Int64(info.st_size),
                        mtime: Int64(info.st_mtim.tv_sec), head: head,
                        isCompressed: head.count >= 2 && head[0] == 0x1F && head[1] == 0x8B)
    }

    /// `LENGTH:HASH` (FNV-1a, 64 bits) of the first `length` bytes of `head`.
    static func headHash(_ head: [UInt8], length: Int) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in head.prefix(length) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return "\(min(length, head.count)):\(String(hash, radix: 16))"
    }

    /// True when the file still begins with the bytes recorded in `stored`.
    fileprivate static func headMatches(_ stored: String?, _ identity: Identity) -> Bool {
        guard let stored, let colon = stored.firstIndex(of: ":"), let length = Int(stored[..<colon]),
              identity.head.count >= length
        else { return false }
        return headHash(identity.head, length: length) == stored
    }

    private func importFile(_ path: String) throws {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var fileReport = FileReport(path: path)
        let identity = try identify(path)
        let known = try ledger.source(named: absolute)
        var source = try known ?? ledger.database.transaction { try ledger.ensureSource(kind: "file", name: absolute) }
        var start: (offset: Int64, line: Int64) = (0, 0)

        // Where did we leave this file? The same name with the same head continues; a file renamed
        // by rotation (same device and inode, same head) continues where its old name stopped.
        var previous: SourceRecord? = known.flatMap { LogImporter.headMatches($0.headHash, identity) ? $0 : nil }
        if previous == nil {
            previous = try ledger.sources(device: identity.device, inode: identity.inode)
                .last { $0.id != source.id && LogImporter.headMatches($0.headHash, identity) }
        }
        if let previous {
            let wholeFile = identity.isCompressed || previous.format == InputFormat.json.rawValue
            if wholeFile {
                if previous.size == identity.size && previous.mtime == identity.mtime {
                    fileReport.skipped = "unchanged since the last import"
                } else if previous.size == nil && identity.isCompressed {
                    start = (previous.offset, previous.line)
                }
            } else if identity.size == previous.offset {
                fileReport.skipped = "no new lines since the last import"
            } else if identity.size > previous.offset {
                start = (previous.offset, previous.line)
            }
            if previous.id != source.id { fileReport.note = "continues \(previous.name)" }
            source.format = previous.format
        } else if known?.headHash != nil {
            fileReport.note = "changed since the last import (rotated or rewritten): read again from the start"
        }
        if fileReport.skipped != nil, fileReport.note == nil || previous?.id == source.id {
            finish(fileReport)
            return
        }
        if fileReport.skipped != nil {
            // Renamed by rotation and already fully read under the old name: adopt its checkpoint.
            try ledger.database.transaction {
                source.offset = previous!.offset
                source.line = previous!.line
                source.size = previous!.size
                source.mtime = previous!.mtime
                source.headHash = previous!.headHash
                source.device = identity.device
                source.inode = identity.inode
                source.lastReadAt = options.now()
                try ledger.saveSource(source)
            }
            finish(fileReport)
            return
        }

        source.device = identity.device
        source.inode = identity.inode
        source.mtime = identity.mtime
        source.headHash = LogImporter.headHash(identity.head, length: min(Int(identity.size), LogImporter.headLength))
        source.size = nil
        source.offset = start.offset
        source.line = start.line
        fileReport.resumedAt = start.offset

        var forced = options.format ?? (start.offset > 0 ? source.format.flatMap(InputFormat.init(rawValue:)) : nil)
        if forced == nil && start.offset > 0 { forced = .jsonl }
        var csvHeader: [String]?
        if start.offset > 0 && forced == .csv {
            csvHeader = try LineReader(path: path).nextLine { line in
                var splitter = CSVRecordSplitter()
                let bytes = line.starts(with: [0xEF, 0xBB, 0xBF]) ? UnsafeRawBufferPointer(rebasing: line[3...]) : line
                return splitter.feed(bytes)
            } ?? nil
            do {
                _ = try CSVRecordDecoder(header: csvHeader ?? [], decoder: options.decoder)
            } catch {
                throw InputError(path: path, reason: "its CSV header changed since the last import (\(error.reason))")
            }
        }
        let reader = try LineReader(path: path, offset: start.offset)
        try read(reader, source: &source, report: &fileReport, forcedFormat: forced, resumable: !identity.isCompressed,
                 csvHeader: csvHeader, fileSize: identity.size)
        finish(fileReport)
    }

    private func finish(_ fileReport: FileReport) {
        report.files.append(fileReport)
    }

    // MARK: - Reading

    /// A run of parsed lines handed from the parser thread to the writer.
    private struct ParsedBatch: Sendable {
        var items: [ParsedItem] = []
        /// Input offset and line number just past this batch: the checkpoint it completes.
        var offset: Int64 = 0
        var line = 0
        var linesRead = 0
        var format: InputFormat?
        var atRecordBoundary = true
        var atEnd = false
        var pendingTail = false
        var failure: InputError?
    }

    /// Lines the parser thread groups into one hand-over.
    static let handOverLines = 2_048

    /// Reads `reader` to its end, writing records and checkpoints in batches.
    ///
    /// Parsing runs on a second thread, a few batches ahead of this one, which only writes: on two
    /// cores the JSON work and SQLite's work overlap. Each commit stores the checkpoint of the
    /// last batch it wrote, so a kill between commits loses nothing the next run will not redo.
    private func read(_ reader: LineReader, source: inout SourceRecord, report fileReport: inout FileReport,
                      forcedFormat: InputFormat?, resumable: Bool, csvHeader: [String]? = nil,
                      fileSize: Int64? = nil) throws {
        let database = ledger.database
        let displayPath = fileReport.path
        let channel = HandOver<ParsedBatch>(capacity: 4)
        let parser = RecordParser(decoder: options.decoder, displayPath: displayPath, format: forcedFormat,
                                  resumable: resumable, csvHeader: csvHeader)
        let producer = Thread { [reader = UncheckedBox(reader), startLine = Int(source.line)] in
            LogImporter.parse(reader.value, parser: parser, startLine: startLine, into: channel)
        }
        producer.stackSize = 8 << 20
        producer.start()
        defer {
            channel.close()
            // A parser blocked reading a pipe that never ends (`kubectl logs -f | soracost import -`)
            // would never finish: after a write error, standard input is not waited for.
            if reader.path != "-" { channel.waitUntilFinished() }
        }

        var linesInBatch = 0
        var lastProgress = Date()
        var format = forcedFormat

        func commit(_ batch: ParsedBatch) throws {
            source.offset = batch.offset
            source.line = Int64(batch.line)
            source.lastReadAt = options.now()
            source.format = format?.rawValue
            if batch.atEnd && !batch.pendingTail && batch.failure == nil { source.size = fileSize }
            try ledger.saveSource(source)
            report.counts.conflicts = writer.conflictCount
            try ledger.updateRun(report.importID, counts: report.counts)
            try database.execute("COMMIT")
            linesInBatch = 0
        }

        try database.execute("BEGIN IMMEDIATE")
        do {
            var last = ParsedBatch()
            last.offset = source.offset
            last.line = Int(source.line)
            while let batch = channel.take() {
                if let failure = batch.failure {
                    // Keep what was read before the fault, then report the input as unreadable.
                    try commit(last)
                    throw failure
                }
                format = batch.format ?? format
                fileReport.format = format
                let now = options.now()
                for item in batch.items {
                    switch item {
                    case let .record(observation, line):
                        let outcome = try writer.record(observation, sourceID: source.id, sourceName: displayPath,
                                                        line: line, importID: report.importID, now: now)
                        report.counts.add(outcome)
                        fileReport.counts.add(outcome)
                    case let .reject(error, line, text):
                        try ledger.recordReject(importID: report.importID, source: displayPath, line: line, error: error, text: text)
                        report.counts.rejected += 1
                        fileReport.counts.rejected += 1
                        if report.rejects.count < ImportReport.rejectsShown {
                            report.rejects.append(RejectNote(path: displayPath, line: line, error: error))
                        }
                    }
                }
                fileReport.linesRead += batch.linesRead
                linesInBatch += batch.linesRead
                last = batch
                if batch.pendingTail {
                    fileReport.note = "last line is incomplete (no newline yet); left for the next import"
                }
                if batch.atEnd {
                    try commit(batch)
                    return
                }
                if linesInBatch >= options.batchLines && batch.atRecordBoundary {
                    try commit(batch)
                    try database.execute("BEGIN IMMEDIATE")
                }
                if let progress, Date().timeIntervalSince(lastProgress) > 0.25 {
                    lastProgress = Date()
                    progress(ImportProgress(path: displayPath, lines: fileReport.linesRead, bytes: batch.offset))
                }
            }
            try commit(last)
        } catch {
            try? database.execute("ROLLBACK")
            throw error
        }
    }

    /// The parser thread: reads and parses every line, handing batches to the writer.
    private static func parse(_ reader: LineReader, parser initial: RecordParser, startLine: Int,
                              into channel: HandOver<ParsedBatch>) {
        var parser = initial
        var batch = ParsedBatch()
        var line = startLine
        defer { channel.finish() }
        func handOver(atEnd: Bool) -> Bool {
            batch.items = parser.drain()
            batch.format = parser.format
            batch.atRecordBoundary = parser.atRecordBoundary
            batch.atEnd = atEnd
            batch.line = line
            let accepted = channel.put(batch)
            batch = ParsedBatch()
            return accepted
        }
        // Where the record being read began: an unfinished last record is left from there.
        var recordStart = (offset: reader.offset, line: line)
        do {
            while true {
                if parser.atRecordBoundary { recordStart = (reader.offset, line) }
                let atFileStart = reader.offset == 0
                var outcome = RecordParser.Feed.next
                let more: Bool? = try reader.nextLine { bytes in
                    // A byte-order mark (Excel's "CSV UTF-8") is not part of the first line.
                    let text = atFileStart && bytes.starts(with: [0xEF, 0xBB, 0xBF])
                        ? UnsafeRawBufferPointer(rebasing: bytes[3...]) : bytes
                    outcome = parser.feed(text, line: line + 1, terminated: reader.lastLineTerminated)
                    return true
                }
                guard more != nil else { break }
                if outcome == .pendingTail {
                    batch.linesRead -= line - recordStart.line
                    batch.offset = recordStart.offset
                    line = recordStart.line
                    batch.pendingTail = true
                    _ = handOver(atEnd: true)
                    return
                }
                line += 1
                batch.linesRead += 1
                batch.offset = reader.offset
                if outcome == .stop {
                    // A CSV without its required columns: keep the checkpoint at the start, so
                    // the file is read (and reported) again once it is fixed.
                    batch.offset = 0
                    line = 0
                    batch.linesRead = 0
                    _ = handOver(atEnd: true)
                    return
                }
                if batch.linesRead >= handOverLines && parser.atRecordBoundary {
                    guard handOver(atEnd: false) else { return }
                }
            }
            parser.finish()
            batch.offset = reader.offset
            _ = handOver(atEnd: true)
        } catch let error as InputError {
            batch.failure = error
            _ = channel.put(batch)
        } catch {
            batch.failure = InputError(path: reader.path, reason: "\(error)")
            _ = channel.put(batch)
        }
    }

}

/// A parsed JSON document that still knows where each object began, so a record inside a saved
/// list page is reported by its line number.
struct LocatedDocument {
    let root: JSONValue
    private let starts: [Int]
    private let newlines: [Int]
    private var cursor = 0

    init(bytes: [UInt8]) throws(JSONError) {
        let result: Result<(JSONValue, [Int]), JSONError> = bytes.withUnsafeBytes { raw in
            var p = JSONParser(bytes: raw)
            p.objectStarts = []
            return Result { () throws(JSONError) in (try p.parseDocument(), p.objectStarts ?? []) }
        }
        let (root, starts) = try result.get()
        self.root = root
        self.starts = starts
        var newlines: [Int] = []
        for (index, byte) in bytes.enumerated() where byte == 0x0A { newlines.append(index) }
        self.newlines = newlines
    }

    /// The start offset of the next object in document order.
    mutating func take() -> Int {
        defer { cursor += 1 }
        return cursor < starts.count ? starts[cursor] : 0
    }

    /// Moves past every object inside `value`, and `value` itself if it is one.
    mutating func skip(_ value: JSONValue) {
        if case .object = value { cursor += 1 }
        skipChildren(value)
    }

    mutating func skipChildren(_ value: JSONValue) {
        switch value {
        case .object(let members): for (_, member) in members { skip(member) }
        case .array(let items): for item in items { skip(item) }
        default: break
        }
    }

    /// 1-based line of a byte offset.
    func line(of offset: Int) -> Int {
        var low = 0
        var high = newlines.count
        while low < high {
            let mid = (low + high) / 2
            if newlines[mid] < offset { low = mid + 1 } else { high = mid }
        }
        return low + 1
    }

    static func line(of offset: Int, in bytes: [UInt8]) -> Int {
        bytes.prefix(offset).reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
}
