import Foundation

/// The formats `soracost import` reads; each may also be gzip-compressed.
public enum InputFormat: String, CaseIterable, Sendable {
    /// JSON Lines: each line a bare video object, a wrapped log record, or a whole list page.
    case jsonl
    /// One JSON document: a list page, an array of pages, an array of video objects or records.
    case json
    /// CSV with a header row.
    case csv

    /// Guesses the format from a file name (rotation and `.gz` suffixes ignored) and its first
    /// non-blank line. A first line that is a complete JSON object means JSON Lines; an opening
    /// bracket or an object spread over lines means one document.
    static func detect(name: String, firstLine: UnsafeRawBufferPointer) -> InputFormat {
        var base = Substring(name.lowercased())
        if base.hasSuffix(".gz") { base = base.dropLast(3) }
        while let dot = base.lastIndex(of: "."), base[base.index(after: dot)...].allSatisfy(\.isNumber),
              base.index(after: dot) != base.endIndex {
            base = base[..<dot]
        }
        if base.hasSuffix(".csv") || base.hasSuffix(".tsv") { return .csv }
        guard let first = firstLine.firstIndex(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) })
        else { return .jsonl }
        switch firstLine[first] {
        case UInt8(ascii: "["):
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
}
