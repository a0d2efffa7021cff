/// `export raw`: every raw record the ledger keeps, as JSON Lines, streamed in storage order.
///
/// Each line is `{"provider":"…","video_id":"…","raw":"…"}`: `raw` is the stored record (the
/// JSON Lines record, API object or CSV row as JSON that was imported, prompt removed unless
/// kept) as a JSON string, so `JSON.parse(line).raw` gives back exactly the stored bytes, even
/// a record that spanned several lines in a pretty-printed page. A job seen in several distinct
/// states has one line per state, oldest first.
public struct RawExporter {
    public init() {}

    /// Writes the raw records of the jobs created on `days` (UTC; nil: every job); returns the
    /// line count.
    public func export(days: ClosedRange<Day>?, ledger: Ledger, to sink: ExportSink) throws -> Int {
        var lines = 0
        try ledger.forEachRawRecord(createdFrom: days?.lowerBound.unixStart ?? .min,
                                    to: days?.upperBound.advanced(by: 1).unixStart ?? .max) { provider, videoID, record in
            try sink.write(RawExporter.line(provider: provider, videoID: videoID, record: record))
            lines += 1
        }
        return lines
    }

    static func line(provider: String, videoID: String, record: [UInt8]) -> String {
        "{\"provider\":\(JSONText.quote(provider)),\"video_id\":\(JSONText.quote(videoID)),\"raw\":"
            + JSONText.quote(String(decoding: record, as: UTF8.self)) + "}\n"
    }
}
