/// Turns a scenario file's JSON into lines, collecting every issue (`ConfigFormat` checks what
/// every config file shares).
struct ScenarioParser {
    let root: ConfigReader
    var log: ConfigLog { root.log }

    static let lineMembers = ["name", "description", "provider", "model", "size", "seconds", "count", "per", "batch",
                              "failure_share"]
    /// Bounds that keep every amount exact in an Int64 of micro-units.
    static let maxSeconds = 86_400
    static let maxCount = 1_000_000_000

    func lines() -> [EstimateLine] {
        var lines: [EstimateLine] = []
        var firstIndexOfName: [String: Int] = [:]
        Scenario.format.forEachItem(of: root) { index, reader in
            guard let line = parseLine(reader) else { return }
            if let name = line.name, let earlier = firstIndexOfName[name] {
                var named = reader
                named.item?.name = name
                named.issue("name", "lines[\(earlier)] already has this name; names must be unique")
                return
            }
            if let name = line.name { firstIndexOfName[name] = index }
            lines.append(line)
        }
        if lines.isEmpty, log.count == 0 {
            root.issue("lines", "is empty; list at least one line")
        }
        return lines
    }

    private func parseLine(_ reader: ConfigReader) -> EstimateLine? {
        let before = log.count
        var line = reader
        let name = reader.string("name", missing: "missing; give every line a unique name", nullable: false)
        if let name, name.trimmingCharactersWhitespace().isEmpty { reader.issue("name", "must not be empty") }
        line.item?.name = name
        line.checkMembers(ScenarioParser.lineMembers)
        _ = line.string("description", nullable: false)
        let provider = line.string("provider", nullable: false) ?? "openai"
        let model = line.string("model", missing: "missing; name the model, such as \"sora-2\"", nullable: false)
        var size: RateSize?
        if let text = line.string("size", expected: "a string such as \"1280x720\"",
                                  missing: "missing; give WIDTHxHEIGHT such as \"1280x720\"", nullable: false) {
            size = RateSize(text)
            if size == nil { line.issue("size", "\(JSONText.quote(text)) is not WIDTHxHEIGHT such as \"1280x720\"") }
        }
        let seconds = wholeNumber(line, "seconds", "seconds of video per job, such as 8", max: ScenarioParser.maxSeconds)
        let count = wholeNumber(line, "count", "jobs per period, such as 10", max: ScenarioParser.maxCount)
        var per: EstimatePer?
        if let text = line.string("per", expected: "a string (day, week or month)",
                                  missing: "missing; use day, week or month (30 days)", nullable: false) {
            per = EstimatePer(rawValue: text)
            if per == nil { line.issue("per", "unknown period \(JSONText.quote(text)); use day, week or month (30 days)") }
        }
        let batch = line.bool("batch") ?? false
        var share = RatePercent.zero
        if let text = line.decimalText("failure_share", expected: "a percentage such as 5 or \"2.5\"", nullable: false) {
            if let value = RatePercent(decimal: text), value >= .zero, value <= .hundred {
                share = value
            } else {
                line.issue("failure_share", "\(JSONText.quote(text)) is not a percentage from 0 to 100 with at most two decimals")
            }
        }
        guard log.count == before, let name, let model, let size, let seconds, let count, let per else { return nil }
        return EstimateLine(name: name, provider: provider, model: model, size: size, seconds: seconds, count: count,
                            per: per, isBatch: batch, failureShare: share)
    }

    /// A JSON whole number from 0 (1 for seconds) to `max`.
    private func wholeNumber(_ reader: ConfigReader, _ key: String, _ what: String, max: Int) -> Int? {
        let minimum = key == "seconds" ? 1 : 0
        guard let text = reader.decimalText(key, expected: "a whole number (\(what))",
                                            missing: "missing; give the \(what)", nullable: false) else { return nil }
        guard let value = Int(text), value >= minimum, value <= max else {
            reader.issue(key, "\(JSONText.quote(text)) is not a whole number from \(minimum) to \(max)")
            return nil
        }
        return value
    }
}
