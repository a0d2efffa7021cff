import Foundation

/// Reads one input to its end and writes what it holds, records and checkpoints together.
///
/// Parsing runs on a second thread, a few batches ahead of this one, which only writes: on two
/// cores the JSON work and SQLite's work overlap. Rows go in through one `JobWriter` whose
/// statements are prepared once per run, in transactions of about `ImportOptions.batchLines`
/// lines; each commit stores the checkpoint of the last batch it wrote, so a kill between
/// commits loses nothing the next run will not redo.
final class ImportPipeline {
    let ledger: Ledger
    let options: ImportOptions
    let writer: JobWriter
    var progress: ((ImportProgress) -> Void)?

    init(ledger: Ledger, options: ImportOptions) throws {
        self.ledger = ledger
        self.options = options
        writer = try ledger.makeJobWriter()
    }

    /// What to read and how.
    struct Input {
        var reader: LineReader
        var forcedFormat: InputFormat?
        /// False for inputs that cannot be appended to (gzip): their last line is read as it is.
        var resumable: Bool
        /// The header of a CSV resumed past its first line.
        var csvHeader: [String]?
        /// Bytes on disk, stored once the input was read to its end (nil for standard input).
        var fileSize: Int64?
    }

    /// Reads `input` from `source`'s checkpoint to its end, writing records, rejects and
    /// checkpoints, and tallying them in `file` and `report`.
    func run(_ input: Input, source: inout SourceRecord, file: inout FileReport, report: inout ImportReport) throws {
        let reader = input.reader
        let displayPath = file.path
        let channel = HandOver<ParsedBatch>(capacity: 4)
        let parser = RecordParser(decoder: options.decoder, displayPath: displayPath, format: input.forcedFormat,
                                  resumable: input.resumable, csvHeader: input.csvHeader)
        let producer = Thread { [reader = UncheckedBox(reader), startLine = Int(source.line)] in
            ParsedBatch.produce(from: reader.value, parser: parser, startLine: startLine, into: channel)
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
        var format = input.forcedFormat

        /// Stores the checkpoint `batch` completes and the run's counts, in the open transaction.
        func saveCheckpoint(_ batch: ParsedBatch) throws {
            source.offset = batch.offset
            source.line = Int64(batch.line)
            source.lastReadAt = options.now()
            source.format = format?.rawValue
            if batch.atEnd && !batch.pendingTail && batch.failure == nil { source.size = input.fileSize }
            try ledger.saveSource(source)
            report.counts.conflicts = writer.conflictCount
            try ledger.updateRun(report.importID, counts: report.counts)
        }

        let failure: InputError? = try ledger.writeInBatches { batch in
            var last = ParsedBatch()
            last.offset = source.offset
            last.line = Int(source.line)
            while var parsed = channel.take() {
                if let failure = parsed.failure {
                    // Keep what was read before the fault, then report the input as unreadable.
                    try saveCheckpoint(last)
                    return failure
                }
                format = parsed.format ?? format
                file.format = format
                // The records leave the batch, which is kept only for its checkpoint, and go back to
                // the parser thread once written.
                var written = ParsedBatch()
                written.items = parsed.takeItems()
                defer { channel.giveBack(written) }
                try write(&written.items, sourceID: source.id, file: &file, report: &report)
                file.linesRead += parsed.linesRead
                linesInBatch += parsed.linesRead
                last = parsed
                if parsed.pendingTail {
                    file.note = "last line is incomplete (no newline yet); left for the next import"
                }
                if parsed.atEnd {
                    try saveCheckpoint(parsed)
                    return nil
                }
                if linesInBatch >= options.batchLines && parsed.atRecordBoundary {
                    try saveCheckpoint(parsed)
                    try batch.commitAndContinue()
                    linesInBatch = 0
                }
                if let progress, Date().timeIntervalSince(lastProgress) > 0.25 {
                    lastProgress = Date()
                    progress(ImportProgress(path: displayPath, lines: file.linesRead, bytes: parsed.offset))
                }
            }
            try saveCheckpoint(last)
            return nil
        }
        if let failure { throw failure }
    }

    /// Writes one hand-over's records and rejects, all stamped with one reading of the clock.
    /// Each record is moved out of the batch, lent to the writer and moved back, never copied
    /// (lent straight from the batch's buffer, it would be copied whole: every one of its strings
    /// retained and released), and the caller gives the batch back to the parser thread, which
    /// frees it: on the writer thread, which bounds the import, freeing cost as much as writing.
    private func write(_ batch: inout ParsedItems, sourceID: Int64, file: inout FileReport,
                       report: inout ImportReport) throws {
        let now = options.now()
        let lines = batch.recordLines
        try batch.records.withUnsafeMutableBufferPointer { records in
            guard let first = records.baseAddress else { return }
            for index in records.indices {
                let observation = (first + index).move()
                let outcome = Result {
                    try writer.record(observation, sourceID: sourceID, sourceName: file.path, line: lines[index],
                                      importID: report.importID, now: now)
                }
                (first + index).initialize(to: consume observation)
                report.tally(try outcome.get(), in: &file)
            }
        }
        for reject in batch.rejects {
            try ledger.recordReject(importID: report.importID, source: file.path, line: reject.line,
                                    field: reject.error.field, reason: reject.error.reason, text: reject.text)
            report.tallyReject(reject.error, line: reject.line, in: &file)
        }
    }
}
