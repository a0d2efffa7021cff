/// The catalogue of the `jobs` table's columns (migrations 1–4; the raw-record pointers of
/// migration 7 are the raw-record store's own): every read of a job names its columns here and
/// reads them back by name through a `JobRow`, never by position. `video_id` is read through
/// `VideoIDCodec`.
enum JobColumn: Int, CaseIterable, Sendable {
    case id, provider, videoID, account, model, status, progress, seconds, width, height
    case createdAt, completedAt, expiresAt, remixedFrom, errorCode, errorMessage
    case project, userName, tags, isBatch, kind, segmentSeconds, prompt
    case firstSeen, lastSeen, firstSource, lastSource

    /// The column's name in SQL.
    var name: String {
        switch self {
        case .id: "id"
        case .provider: "provider"
        case .videoID: "video_id"
        case .account: "account"
        case .model: "model"
        case .status: "status"
        case .progress: "progress"
        case .seconds: "seconds"
        case .width: "width"
        case .height: "height"
        case .createdAt: "created_at"
        case .completedAt: "completed_at"
        case .expiresAt: "expires_at"
        case .remixedFrom: "remixed_from"
        case .errorCode: "error_code"
        case .errorMessage: "error_message"
        case .project: "project"
        case .userName: "user_name"
        case .tags: "tags"
        case .isBatch: "is_batch"
        case .kind: "kind"
        case .segmentSeconds: "segment_seconds"
        case .prompt: "prompt"
        case .firstSeen: "first_seen"
        case .lastSeen: "last_seen"
        case .firstSource: "first_source"
        case .lastSource: "last_source"
        }
    }

    /// `a, b, c`: the select list of `columns`, in order.
    static func list(_ columns: [JobColumn]) -> String {
        columns.map(\.name).joined(separator: ", ")
    }
}

/// Where each `JobColumn` sits in a select list, worked out once per list.
struct JobLayout: Sendable {
    let columns: [JobColumn]
    /// By `JobColumn.rawValue`, the column's position in the select list (-1 if not selected).
    fileprivate let positions: [Int32]

    /// `columns` are a statement's first columns, in select-list order.
    init(_ columns: [JobColumn]) {
        self.columns = columns
        var positions = [Int32](repeating: -1, count: JobColumn.allCases.count)
        for (position, column) in columns.enumerated() { positions[column.rawValue] = Int32(position) }
        self.positions = positions
    }

    /// `a, b, c`: the select list.
    var selectList: String { JobColumn.list(columns) }
}

/// Reads the current row of a statement by `JobColumn` name: a read is an array lookup.
struct JobRow {
    let statement: Statement
    let layout: JobLayout

    init(_ statement: Statement, layout: JobLayout) {
        self.statement = statement
        self.layout = layout
    }

    func position(_ column: JobColumn) -> Int32 {
        let position = layout.positions[column.rawValue]
        precondition(position >= 0, "column \(column.name) was not selected")
        return position
    }

    func int64(_ column: JobColumn) -> Int64 { statement.int64(position(column)) }
    func int64OrNil(_ column: JobColumn) -> Int64? { statement.int64OrNil(position(column)) }
    func int(_ column: JobColumn) -> Int { statement.int(position(column)) }
    func intOrNil(_ column: JobColumn) -> Int? { statement.intOrNil(position(column)) }
    func text(_ column: JobColumn) -> String? { statement.text(position(column)) }
    func isNull(_ column: JobColumn) -> Bool { statement.isNull(position(column)) }
    func textBytes(_ column: JobColumn) -> UnsafeRawBufferPointer? { statement.textBytes(position(column)) }
}
