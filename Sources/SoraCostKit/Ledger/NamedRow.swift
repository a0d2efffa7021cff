/// Reads the current row of a small query by column name (`sqlite3_column_name`), for tables
/// other than `jobs`, whose columns `JobColumn` names.
struct NamedRow {
    let statement: Statement

    init(_ statement: Statement) { self.statement = statement }

    private func position(_ name: String) -> Int32 {
        guard let position = statement.columnIndex(named: name) else {
            preconditionFailure("column \(name) is not in the select list")
        }
        return position
    }

    func int64(_ name: String) -> Int64 { statement.int64(position(name)) }
    func int64OrNil(_ name: String) -> Int64? { statement.int64OrNil(position(name)) }
    func int(_ name: String) -> Int { statement.int(position(name)) }
    func intOrNil(_ name: String) -> Int? { statement.intOrNil(position(name)) }
    func text(_ name: String) -> String? { statement.text(position(name)) }
}
