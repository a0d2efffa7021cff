/// What `soracost rejects` prints: the input lines imports and syncs rejected, one row each.
public enum RejectsDocument {
    /// The rejected lines as one table; each line's text is cut to `textLimit` characters (a
    /// terminal table shows the start of a line, a file keeps it whole up to 64 KiB).
    public static func document(_ rejects: [RejectRecord], textLimit: Int) -> ReportDocument {
        var table = ReportTable(columns: [
            ReportColumn(key: "import", header: "Import", kind: .integer),
            ReportColumn(key: "source", header: "File", kind: .text),
            ReportColumn(key: "line", header: "Line", kind: .integer),
            ReportColumn(key: "field", header: "Field", kind: .text),
            ReportColumn(key: "reason", header: "Reason", kind: .text),
            ReportColumn(key: "text", header: "Text", kind: .text),
        ])
        for reject in rejects {
            table.append([
                reject.importID.map { .integer(Int($0)) } ?? .null, .text(reject.source),
                reject.line.map { .integer($0) } ?? .null, reject.field.map { .text($0) } ?? .null,
                .text(reject.reason), .text(String(reject.text.prefix(textLimit))),
            ])
        }
        return ReportDocument(
            title: "Rejected input lines",
            sections: [ReportSection(key: "rejects", heading: "\(rejects.count) rejected line\(rejects.count == 1 ? "" : "s")", table: table)])
    }

    /// The text limit that suits `format`: 60 characters in a terminal table, else 64 KiB.
    public static func textLimit(for format: ReportFormat) -> Int {
        format == .table ? 60 : 65_536
    }
}
