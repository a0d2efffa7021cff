/// A run of parsed lines handed from the parser thread to the writer, with the checkpoint it
/// completes.
struct ParsedBatch: Sendable {
    /// The batch's records and rejects.
    var items = ParsedItems()
    /// Input offset and line number just past this batch: the checkpoint it completes.
    var offset: Int64 = 0
    var line = 0
    var linesRead = 0
    var format: InputFormat?
    /// False while a multi-line record (a CSV row with a quoted newline) is open: no commit here.
    var atRecordBoundary = true
    var atEnd = false
    /// The input ends in an unfinished record, left for the next import.
    var pendingTail = false
    var failure: InputError?

    /// Lines the parser thread groups into one hand-over.
    static let handOverLines = 2_048

    /// The parser thread: reads and parses every line of `reader`, handing batches of about
    /// `handOverLines` lines to `channel` until the input ends, fails, or the writer closes it.
    static func produce(from reader: LineReader, parser initial: RecordParser, startLine: Int,
                        into channel: HandOver<ParsedBatch>) {
        var parser = initial
        var batch = ParsedBatch()
        var line = startLine
        defer { channel.finish() }
        func handOver(atEnd: Bool) -> Bool {
            channel.dropGivenBack()
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
                    if let length = reader.lastLineOverlong {
                        parser.rejectOverlong(text, length: length, line: line + 1)
                    } else {
                        outcome = parser.feed(text, line: line + 1, terminated: reader.lastLineTerminated)
                    }
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

    /// This batch's records and rejects, which it no longer holds (its checkpoint stays).
    mutating func takeItems() -> ParsedItems {
        var taken = ParsedItems()
        swap(&taken, &items)
        return taken
    }
}

/// The records a parser produced, the line of each, and its rejects, each in input order. Kept
/// apart, records in an array of their own, so the writer reads every record in place.
struct ParsedItems: Sendable {
    var records: [Observation] = []
    var recordLines: [Int] = []
    var rejects: [ParsedReject] = []

    mutating func record(_ observation: consuming Observation, line: Int) {
        records.append(observation)
        recordLines.append(line)
    }

    mutating func reject(_ error: RecordError, line: Int?, text: String) {
        rejects.append(ParsedReject(error: error, line: line, text: text))
    }

    mutating func append(contentsOf other: consuming ParsedItems) {
        records.append(contentsOf: other.records)
        recordLines.append(contentsOf: other.recordLines)
        rejects.append(contentsOf: other.rejects)
    }
}

/// A line the parser rejected, kept for audit with its line and text.
struct ParsedReject: Sendable {
    var error: RecordError
    var line: Int?
    var text: String
}
