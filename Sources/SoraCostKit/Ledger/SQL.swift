/// A piece of SQL text together with the values bound to its `?` placeholders, so the two can
/// never drift apart (GRDB's `SQL` literal is the model).
///
/// Interpolating a value binds it: `"project = \(name)"` becomes `project = ?` with `name`
/// bound; interpolating another `SQL` splices its text and values in place. Raw text (a column
/// name, an expression built by the ledger) goes in with `\(raw:)`. Only `Ledger/` builds SQL.
struct SQL: ExpressibleByStringInterpolation, Sendable, Equatable {
    private(set) var text: String
    private(set) var arguments: [SQLValue]

    init(_ text: String = "", _ arguments: [SQLValue] = []) {
        self.text = text
        self.arguments = arguments
    }

    init(stringLiteral value: String) {
        self.init(value)
    }

    init(stringInterpolation: Interpolation) {
        self.init(stringInterpolation.text, stringInterpolation.arguments)
    }

    struct Interpolation: StringInterpolationProtocol {
        var text = ""
        var arguments: [SQLValue] = []

        init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + 2 * interpolationCount)
        }

        mutating func appendLiteral(_ literal: String) { text += literal }

        /// Binds `value` to a placeholder.
        mutating func appendInterpolation(_ value: SQLValue) {
            text += "?"
            arguments.append(value)
        }

        mutating func appendInterpolation(_ value: String?) { appendInterpolation(SQLValue(value)) }
        mutating func appendInterpolation(_ value: Int64?) { appendInterpolation(SQLValue(value)) }
        mutating func appendInterpolation(_ value: Int?) { appendInterpolation(SQLValue(value)) }
        mutating func appendInterpolation(_ value: Bool) { appendInterpolation(SQLValue(value ? 1 : 0)) }

        /// Splices another fragment: its text and its values, in place.
        mutating func appendInterpolation(_ fragment: SQL) {
            text += fragment.text
            arguments += fragment.arguments
        }

        /// Splices text the ledger wrote itself (a column name, a generated expression).
        mutating func appendInterpolation(raw text: String) { self.text += text }

        /// Splices a column's name.
        mutating func appendInterpolation(_ column: JobColumn) { text += column.name }
    }

    static func + (lhs: SQL, rhs: SQL) -> SQL {
        SQL(lhs.text + rhs.text, lhs.arguments + rhs.arguments)
    }

    static func += (lhs: inout SQL, rhs: SQL) { lhs = lhs + rhs }

    /// The fragments joined by `separator`, values in order.
    static func joined(_ fragments: [SQL], separator: String) -> SQL {
        var result = SQL()
        for (index, fragment) in fragments.enumerated() {
            if index > 0 { result.text += separator }
            result += fragment
        }
        return result
    }
}

extension Database {
    /// Prepares `sql` and binds its values.
    func prepare(_ sql: SQL) throws -> Statement {
        let statement = try prepare(sql.text)
        try statement.bind(sql.arguments)
        return statement
    }

    /// Runs a statement that returns no rows (INSERT/UPDATE/DELETE).
    func run(_ sql: SQL) throws {
        try prepare(sql.text).run(sql.arguments)
    }

    /// The rows of `sql`, each read through `row`.
    func rows<T>(_ sql: SQL, _ row: (Statement) throws -> T) throws -> [T] {
        try prepare(sql.text).rows(sql.arguments, row)
    }

    func scalarInt(_ sql: SQL) throws -> Int64? {
        try scalarInt(sql.text, sql.arguments)
    }
}
