/// A planned workload of named lines, estimated together (`soracost estimate --scenario FILE`).
public struct Scenario: Sendable, Equatable {
    public var lines: [EstimateLine]

    public init(lines: [EstimateLine]) {
        self.lines = lines
    }

    /// The file format: `{"version": 1, "lines": [{"name": ..., "model": ..., ...}]}`.
    static let format = ConfigFormat(
        name: "scenario file", version: 1, members: ["version", "description", "lines"],
        list: "lines", listNoun: "lines", itemNoun: "line", namedItems: true)

    /// Reads and validates the scenario file at `path`; throws every issue, each naming the file
    /// and the line and field (or, for malformed JSON, the line and column).
    public static func load(path: String) throws(ConfigError) -> Scenario {
        try format.load(path: path) { Scenario(lines: ScenarioParser(root: $0).lines()) }
    }

    public static func parse(text: String, sourceName: String) throws(ConfigError) -> Scenario {
        try format.parse(text: text, source: sourceName) { Scenario(lines: ScenarioParser(root: $0).lines()) }
    }
}

/// The estimates of every line of a scenario, with subtotals by model and the total.
public struct ScenarioEstimate: Sendable, Equatable {
    public var lines: [LineEstimate]
    public var bases: [EstimateBasis]
    public var currency: String

    /// Estimates every line with `estimator`; lines priced in different currencies cannot be
    /// summed and throw.
    public init(_ scenario: Scenario, estimator: Estimator) throws(EstimateError) {
        var lines: [LineEstimate] = []
        for line in scenario.lines { lines.append(try estimator.estimate(line)) }
        let currencies = Set(lines.compactMap { $0.charge?.currency })
        guard currencies.count <= 1 else { throw .mixedCurrencies(currencies.sorted()) }
        self.lines = lines
        self.bases = estimator.bases
        self.currency = currencies.first ?? "USD"
    }

    /// The lines that have no price; while any remains, totals have no amount.
    public var unpriced: [LineEstimate] { lines.filter { $0.charge == nil } }

    /// The sum of `lines`' figures for each basis, exact only if each is; nil when one is unpriced.
    public static func total(of lines: [LineEstimate], bases: [EstimateBasis]) -> [EstimateFigure]? {
        guard lines.allSatisfy({ $0.charge != nil }) else { return nil }
        return bases.map { basis in
            let figures = lines.compactMap { $0.figure(basis.key) }
            return EstimateFigure(basis: basis, amount: figures.map(\.amount).sum(), isExact: figures.allSatisfy(\.isExact))
        }
    }

    /// The lines grouped by model, in order of first appearance.
    public var byModel: [(model: String, lines: [LineEstimate])] {
        var order: [String] = []
        var groups: [String: [LineEstimate]] = [:]
        for line in lines {
            if groups[line.line.model] == nil { order.append(line.line.model) }
            groups[line.line.model, default: []].append(line)
        }
        return order.map { ($0, groups[$0]!) }
    }
}

extension ScenarioEstimate {
    /// Throws unless `other` is priced in the same currency, so a difference means something.
    public func checkComparable(_ other: ScenarioEstimate) throws(EstimateError) {
        let mine = Set(lines.compactMap { $0.charge?.currency })
        let theirs = Set(other.lines.compactMap { $0.charge?.currency })
        let both = mine.union(theirs)
        guard both.count <= 1 else { throw .mixedCurrencies(both.sorted()) }
    }
}
