import Foundation

/// The shape every soracost config file shares, and reading one from disk.
///
/// A config file is one JSON object with an integer `version` and a main list of items
/// (`entries` of a rate card, `budgets` of a budgets file); members whose name starts with `_`
/// are comments. `open(text:log:)` checks that much and hands back a `ConfigReader` for the
/// rest, so each kind of file only describes its own members.
struct ConfigFormat: Sendable {
    /// What the file is called in messages: `rate card`, `budgets file`.
    var name: String
    /// The only `version` this soracost reads.
    var version: Int
    /// Every top-level member the file may have.
    var members: [String]
    /// The main list's member name (`entries`) and how messages call it (`rates`) and one of
    /// its items (`entry`).
    var list: String
    var listNoun: String
    var itemNoun: String
    /// Whether items carry a `name` shown in their label (`budgets[1] "team"`).
    var namedItems = false

    /// Larger files are refused before they are read: a config file this big is a mistake.
    static let maxBytes = 8 << 20

    /// Reads the file at `path` and parses it with `parse` (see `parse(text:source:_:)`).
    func load<Value>(path: String, _ parse: (ConfigReader) -> Value) throws(ConfigError) -> Value {
        try self.parse(text: try read(path: path), source: path, parse)
    }

    /// Opens `text` and hands the top-level object to `parse`, which reads the rest; the value is
    /// returned only if no issue was found anywhere, else every issue is thrown together.
    func parse<Value>(text: String, source: String, _ parse: (ConfigReader) -> Value) throws(ConfigError) -> Value {
        let log = ConfigLog(source: source)
        let value = open(text: text, log: log).map(parse)
        guard let value, log.issues.isEmpty else { throw ConfigError(issues: log.issues) }
        return value
    }

    /// The text of the file at `path`, or the one issue that stops it being read.
    func read(path: String) throws(ConfigError) -> String {
        let data = try ConfigFormat.contents(of: path, noun: name, maxBytes: ConfigFormat.maxBytes)
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(issues: [ConfigIssue(source: path, message: "the \(name) is not UTF-8 text")])
        }
        return text
    }

    /// The bytes of the file at `path` (a config file, or another file a command reads whole, such
    /// as a billing CSV), or the one issue that stops it being read, in plain words with the path:
    /// `x.csv: cannot read the billing CSV: no such file or directory`. `maxBytes` refuses a larger
    /// file before reading it.
    static func contents(of path: String, noun: String, maxBytes: Int? = nil) throws(ConfigError) -> Data {
        func failure(_ message: String) -> ConfigError {
            ConfigError(issues: [ConfigIssue(source: path, message: message)])
        }
        if let maxBytes, let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
           size > maxBytes {
            throw failure("the \(noun) is \(size) bytes; soracost reads config files of at most \(maxBytes) bytes")
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = InputError(path: path, foundationError: error).reason
            throw failure("cannot read the \(noun): \(reason)")
        }
    }

    /// Parses `text` (a leading byte-order mark is skipped) and checks what every config file
    /// shares: a JSON object, known top-level members, the supported `version`. Returns a reader
    /// on the object, or nil if the text is not one (the issue is in `log`).
    func open(text: String, log: ConfigLog) -> ConfigReader? {
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let root: JSONValue
        do {
            root = try JSONValue.parse(text)
        } catch {
            let (line, column) = ConfigFormat.lineAndColumn(ofByte: error.offset, in: text)
            log.add(ConfigIssue(source: log.source, line: line, column: column, message: "invalid JSON: \(error.reason)"))
            return nil
        }
        let reader = ConfigReader(value: root, log: log)
        guard case .object = root else {
            reader.issue(nil, "a \(name) must be a JSON object with \"version\" and \"\(list)\", not \(root.typeName)")
            return nil
        }
        reader.checkMembers(members)
        switch root["version"] {
        case nil:
            reader.issue("version", "missing; write \"version\": \(version)")
        case .number(let text)? where text == String(version):
            break
        case let value?:
            reader.issue("version", "unsupported version \(value.compactText); this soracost reads version \(version)")
        }
        return reader
    }

    /// Calls `body` with each item of the main list that is an object, in order, with its
    /// position and a reader; reports the list missing or not an array, and items that are not
    /// objects.
    func forEachItem(of root: ConfigReader, _ body: (Int, ConfigReader) -> Void) {
        guard let values = root.read(list, expected: "an array of \(list)",
                                     missing: "missing; list the \(listNoun) in \"\(list)\": [...]",
                                     nullable: false, { $0.arrayValue }) else { return }
        for (index, value) in values.enumerated() {
            let reader = ConfigReader(value: value, log: root.log,
                                      item: ConfigItem(list: list, index: index, isNamed: namedItems))
            guard case .object = value else {
                reader.issue(nil, "each \(itemNoun) must be a JSON object, not \(value.typeName)")
                continue
            }
            body(index, reader)
        }
    }

    /// The path to read: `explicit` (a command-line option) if non-empty, else the environment
    /// `variable` if non-empty, else nil.
    static func resolvePath(explicit: String?, variable: String, environment: [String: String]) -> String? {
        if let explicit, !explicit.isEmpty { return explicit }
        return environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// One-based line and column (in characters) of a UTF-8 byte offset into `text`.
    static func lineAndColumn(ofByte offset: Int, in text: String) -> (line: Int, column: Int) {
        let utf8 = Array(text.utf8)
        let end = min(max(offset, 0), utf8.count)
        var line = 1
        var lineStart = 0
        for position in 0..<end where utf8[position] == UInt8(ascii: "\n") {
            line += 1
            lineStart = position + 1
        }
        let column = String(decoding: utf8[lineStart..<end], as: UTF8.self).count + 1
        return (line, column)
    }
}
