/// How a problem in an input file names where it is: `file`, `file:line` or `file:line:column`
/// (one-based), the form editors and terminals turn into a link.
enum SourceLocation {
    static func describe(_ source: String, line: Int?, column: Int?) -> String {
        guard let line else { return source }
        return column.map { "\(source):\(line):\($0)" } ?? "\(source):\(line)"
    }
}
