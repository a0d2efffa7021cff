extension ReportDimension {
    /// The column label people read: `Model`, `Tag campaign`, ...
    public var header: String {
        switch self {
        case .model: "Model"
        case .size: "Size"
        case .resolution: "Resolution"
        case .provider: "Provider"
        case .account: "Account"
        case .project: "Project"
        case .user: "User"
        case .status: "Status"
        case .kind: "Kind"
        case .tag(let key): "Tag \(key)"
        }
    }

    /// Parses a list of grouping keys (`--by`): comma-separated, each at most once.
    public static func list(parsing text: String) throws(ReportDimensionError) -> [ReportDimension] {
        var out: [ReportDimension] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = String(part).trimmingCharactersWhitespace()
            guard let dimension = ReportDimension(name) else { throw .unknown(name) }
            if let earlier = out.first(where: { $0.columnKey == dimension.columnKey }) {
                throw .repeated(earlier.description, dimension.description)
            }
            out.append(dimension)
        }
        return out
    }
}

/// A list of grouping keys that names no key, or names one twice.
public enum ReportDimensionError: Error, Equatable, CustomStringConvertible {
    case unknown(String)
    /// Two keys that would share a column (`tag:a-b` and `tag:a_b` are both `tag_a_b`).
    case repeated(String, String)

    public var description: String {
        switch self {
        case .unknown(let name):
            "unknown key '\(name)'; use a comma-separated list of \(ReportDimension.names)"
        case .repeated(let first, let second) where first == second:
            "'\(first)' is given twice"
        case .repeated(let first, let second):
            "'\(first)' and '\(second)' would share one column; keep one"
        }
    }
}
