/// The issues of one config file, collected as its readers walk it.
final class ConfigLog {
    /// The file name used in every issue.
    let source: String
    private(set) var issues: [ConfigIssue] = []

    init(source: String) {
        self.source = source
    }

    /// How many issues so far: compare before and after reading an item to tell if it was clean.
    var count: Int { issues.count }

    func add(_ issue: ConfigIssue) {
        issues.append(issue)
    }
}

/// Reads the members of one JSON object in a config file, reporting every problem to a shared
/// `ConfigLog` with the item and field it is in, and returning nil for what could not be read.
///
/// Type errors read `must be <expected>, not <actual type>`; a member whose name starts with `_`
/// is a comment.
struct ConfigReader {
    let value: JSONValue
    let log: ConfigLog
    /// The list item this object is, or lies in.
    var item: ConfigItem?
    /// Put before every field this reader reports: `thresholds[0].` for an object in a list
    /// inside the item.
    var prefix = ""

    init(value: JSONValue, log: ConfigLog, item: ConfigItem? = nil, prefix: String = "") {
        self.value = value
        self.log = log
        self.item = item
        self.prefix = prefix
    }

    subscript(key: String) -> JSONValue? { value[key] }

    /// Reports `message` about `field` of this object (nil: the object itself).
    func issue(_ field: String?, _ message: String) {
        log.add(ConfigIssue(source: log.source, item: item, field: field.map { prefix + $0 }, message: message))
    }

    /// A reader for `child`, an object inside this one reported as `field` (`thresholds[0]`),
    /// or nil (and an issue) if it is not an object.
    func object(_ child: JSONValue, field: String, expected: String) -> ConfigReader? {
        guard case .object = child else {
            issue(field, "must be \(expected), not \(child.typeName)")
            return nil
        }
        return ConfigReader(value: child, log: log, item: item, prefix: prefix + field + ".")
    }

    /// Reports members that appear twice and members not in `allowed`.
    func checkMembers(_ allowed: [String]) {
        guard case .object(let members) = value else { return }
        var seen: Set<String> = []
        for (key, _) in members where !key.hasPrefix("_") {
            if !seen.insert(key).inserted {
                issue(key, "appears more than once")
            } else if !allowed.contains(key) {
                issue(key, "unknown member; expected one of \(allowed.joined(separator: ", ")) (prefix a comment with _)")
            }
        }
    }

    /// Member `key` converted by `convert`. An absent member is reported with `missing` if given;
    /// null counts as absent when `nullable`; a value `convert` refuses is reported as
    /// `must be <expected>, not <type>`. Nil whenever there is no value.
    func read<T>(_ key: String, expected: String, missing: String? = nil, nullable: Bool = true,
                 _ convert: (JSONValue) -> T?) -> T? {
        guard let member = value[key] else {
            if let missing { issue(key, missing) }
            return nil
        }
        if nullable, member.isNull { return nil }
        guard let result = convert(member) else {
            issue(key, "must be \(expected), not \(member.typeName)")
            return nil
        }
        return result
    }

    func string(_ key: String, expected: String = "a string", missing: String? = nil, nullable: Bool = true) -> String? {
        read(key, expected: expected, missing: missing, nullable: nullable) { $0.stringValue }
    }

    func bool(_ key: String) -> Bool? {
        read(key, expected: "true or false") { if case .bool(let flag) = $0 { flag } else { nil } }
    }

    /// The text of a decimal string or a JSON number, so amounts stay exact.
    func decimalText(_ key: String, expected: String, missing: String? = nil, nullable: Bool = true) -> String? {
        read(key, expected: expected, missing: missing, nullable: nullable) { member in
            switch member {
            case .string(let text), .number(let text): text
            default: nil
            }
        }
    }
}

extension JSONValue {
    /// The items of an array, else nil.
    var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}
