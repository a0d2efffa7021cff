import Foundation

/// The formats `soracost import` reads; each may also be gzip-compressed.
public enum InputFormat: String, CaseIterable, Sendable {
    /// JSON Lines: each line a bare video object, a wrapped log record, or a whole list page.
    case jsonl
    /// One JSON document: a list page, an array of pages, an array of video objects or records;
    /// or several such documents one after another (pages appended with `curl … >> pages.json`).
    case json
    /// CSV with a header row.
    case csv

    /// Guesses the format from a file name (rotation and `.gz` suffixes ignored) and its first
    /// non-blank line. A first line that is a complete JSON object means JSON Lines; an opening
    /// bracket or an object spread over lines means one document.
    ///
    /// A document is only a guess until it parses: `RecordParser` reads a "document" that does
    /// not parse line by line when its lines are records by themselves. A first line opening
    /// with `[` and a word or digit (`[2026-03-01 12:00:00] INFO …`) is a logger's prefix.
    static func detect(name: String, firstLine: UnsafeRawBufferPointer) -> InputFormat {
        let base = baseName(name)
        if base.hasSuffix(".csv") || base.hasSuffix(".tsv") { return .csv }
        guard let first = firstLine.firstIndex(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) })
        else { return .jsonl }
        switch firstLine[first] {
        case UInt8(ascii: "["):
            let next = firstLine[(first + 1)...].first(where: { $0 != 0x20 && $0 != 0x09 })
            if let next, PythonRepr.isNameByte(next), !"tfn-".utf8.contains(next),
               (try? JSONValue.parse(UnsafeRawBufferPointer(rebasing: firstLine[first...]))) == nil {
                return .jsonl
            }
            return .json
        case UInt8(ascii: "{"):
            return (try? JSONValue.parse(UnsafeRawBufferPointer(rebasing: firstLine[first...]))) == nil ? .json : .jsonl
        default:
            if base.hasSuffix(".json") { return .json }
            let text = String(decoding: firstLine, as: UTF8.self).lowercased()
            let header = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            return header.contains("id") && header.contains("status") ? .csv : .jsonl
        }
    }

    /// The lower-cased file name without `.gz` and rotation numbers (`app.jsonl.2.gz` is `app.jsonl`).
    static func baseName(_ name: String) -> Substring {
        var base = Substring(name.lowercased())
        if base.hasSuffix(".gz") { base = base.dropLast(3) }
        while let dot = base.lastIndex(of: "."), base[base.index(after: dot)...].allSatisfy(\.isNumber),
              base.index(after: dot) != base.endIndex {
            base = base[..<dot]
        }
        return base
    }
}
