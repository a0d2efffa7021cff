/// Turns the JSON text of a budgets file into budgets, collecting every issue. What every config
/// file shares (JSON, the top-level object, `version`, comments) is `ConfigFormat`'s.
struct BudgetFileParser {
    /// The file's top-level object, already checked by `BudgetFile.format`.
    let root: ConfigReader
    var log: ConfigLog { root.log }

    static let budgetMembers = ["name", "description", "period", "amount", "currency", "scope", "thresholds", "anomalies"]
    static let thresholdMembers = ["percent", "basis"]

    /// The whole file: its budgets and its `stale_after`.
    func file() -> BudgetFile {
        var staleAfter: Int64?
        if let text = root.string("stale_after", expected: "a duration such as \"36h\"", nullable: false) {
            staleAfter = BudgetFile.duration(text)
            if staleAfter == nil {
                root.issue("stale_after", "\(JSONText.quote(text)) is not a duration; use minutes, hours or days such as \"36h\"")
            }
        }
        var parsed = budgets()
        if root.bool("anomalies") == true {
            for index in parsed.indices { parsed[index].anomalies = true }
        }
        return BudgetFile(budgets: parsed, staleAfter: staleAfter)
    }

    /// Every budget that parsed without an issue.
    func budgets() -> [Budget] {
        var budgets: [Budget] = []
        var firstIndexOfName: [String: Int] = [:]
        BudgetFile.format.forEachItem(of: root) { index, reader in
            guard let budget = parseBudget(reader) else { return }
            if let earlier = firstIndexOfName[budget.name] {
                var named = reader
                named.item?.name = budget.name
                named.issue("name", "budgets[\(earlier)] already has this name; names must be unique (alert state is kept per name)")
                return
            }
            firstIndexOfName[budget.name] = index
            budgets.append(budget)
        }
        return budgets
    }

    private func parseBudget(_ reader: ConfigReader) -> Budget? {
        let before = log.count
        var budget = reader
        let name = reader.string("name", missing: "missing; give every budget a unique name", nullable: false)
            .flatMap { text -> String? in
                guard text.trimmingCharactersWhitespace().isEmpty else { return text }
                reader.issue("name", "must not be empty")
                return nil
            }
        budget.item?.name = name
        budget.checkMembers(BudgetFileParser.budgetMembers)
        _ = budget.string("description", nullable: false)

        var period: BudgetPeriod?
        if let text = budget.string("period", expected: "a string (day, week, month or quarter)",
                                    missing: "missing; use day, week, month or quarter", nullable: false) {
            period = BudgetPeriod(rawValue: text)
            if period == nil {
                budget.issue("period", "unknown period \(JSONText.quote(text)); use day, week, month or quarter")
            }
        }

        let amount = parseAmount(budget)

        var currency = "USD"
        if let text = budget.string("currency", expected: "a string such as \"USD\"", nullable: false) {
            if RateCardValidator.isCurrencyCode(text) {
                currency = text
            } else {
                budget.issue("currency", "\(JSONText.quote(text)) is not an ISO 4217 code such as \"USD\"")
            }
        }

        let scope = parseScope(budget)
        let thresholds = parseThresholds(budget)
        let anomalies = budget.bool("anomalies") ?? false

        guard log.count == before, let name, let period, let amount, let scope, let thresholds else { return nil }
        var result = Budget(name: name, period: period, amount: amount, currency: currency, scope: scope, thresholds: thresholds)
        result.anomalies = anomalies
        return result
    }

    /// A decimal string or a JSON number, read from its text so it stays exact; more than zero.
    private func parseAmount(_ budget: ConfigReader) -> Money? {
        guard let text = budget.decimalText(
            "amount", expected: "a decimal string such as \"2000.00\"",
            missing: "missing; write the limit per period as a decimal string such as \"2000.00\"", nullable: false)
        else { return nil }
        guard let amount = Money(decimal: text) else {
            budget.issue("amount", "\(JSONText.quote(text)) is not a plain decimal with at most six decimals, such as \"2000.00\"")
            return nil
        }
        guard amount > .zero else {
            budget.issue("amount", amount < .zero
                ? "must not be negative (\(text))"
                : "must be more than zero (a zero budget has no percentage to cross)")
            return nil
        }
        return amount
    }

    private func parseScope(_ budget: ConfigReader) -> BudgetScope? {
        var scope = BudgetScope()
        guard let value = budget["scope"], !value.isNull else { return scope }
        guard case .object(let members) = value else {
            budget.issue("scope", "must be an object such as {\"project\": \"marketing\"}, not \(value.typeName)")
            return nil
        }
        var valid = true
        var seen = Set<String>()
        for (key, member) in members where !key.hasPrefix("_") {
            let field = "scope.\(key)"
            guard seen.insert(key).inserted else {
                budget.issue(field, "appears more than once")
                valid = false
                continue
            }
            guard case .string(let text) = member, !text.isEmpty else {
                budget.issue(field, member.stringValue == nil
                    ? "must be a string, not \(member.typeName)" : "must not be empty")
                valid = false
                continue
            }
            switch key {
            case "provider": scope.provider = text
            case "account": scope.account = text
            case "project": scope.project = text
            case "model": scope.model = text
            case "user": scope.user = text
            default:
                if key.hasPrefix("tag:"), key.count > 4 {
                    scope.tags[String(key.dropFirst(4))] = text
                } else {
                    budget.issue(field, "unknown scope key \(JSONText.quote(key)); use \(BudgetScope.keyNames)")
                    valid = false
                }
            }
        }
        return valid ? scope : nil
    }

    private func parseThresholds(_ budget: ConfigReader) -> [BudgetThreshold]? {
        let example = "{\"percent\": 80, \"basis\": \"actual\"}"
        guard let value = budget["thresholds"], !value.isNull else { return BudgetThreshold.defaults }
        guard case .array(let items) = value else {
            budget.issue("thresholds", "must be an array such as [\(example)], not \(value.typeName)")
            return nil
        }
        guard !items.isEmpty else {
            budget.issue("thresholds", "is empty; list at least one, or leave it out for 80% and 100% actual and 100% forecast")
            return nil
        }
        var thresholds: [BudgetThreshold] = []
        var valid = true
        for (position, item) in items.enumerated() {
            let field = "thresholds[\(position)]"
            let before = log.count
            guard let reader = budget.object(item, field: field, expected: "an object such as \(example)"),
                  let threshold = parseThreshold(reader), log.count == before else {
                valid = false
                continue
            }
            if thresholds.contains(threshold) {
                budget.issue(field, "\(threshold) is listed twice")
                valid = false
                continue
            }
            thresholds.append(threshold)
        }
        return valid ? thresholds : nil
    }

    private func parseThreshold(_ threshold: ConfigReader) -> BudgetThreshold? {
        threshold.checkMembers(BudgetFileParser.thresholdMembers)
        var percent: Int?
        let number = threshold.read("percent", expected: "a number such as 80",
                                    missing: "missing; write a whole percent of the amount such as 80", nullable: false) {
            if case .number(let text) = $0 { text } else { nil }
        }
        if let number {
            if let whole = Int(number), (1...1000).contains(whole) {
                percent = whole
            } else {
                threshold.issue("percent", "\(number) is not a whole percent from 1 to 1000")
            }
        }
        var basis = BudgetThreshold.Basis.actual
        if let text = threshold.string("basis", expected: "\"actual\" or \"forecast\"", nullable: false) {
            if let parsed = BudgetThreshold.Basis(rawValue: text) {
                basis = parsed
            } else {
                threshold.issue("basis", "unknown basis \(JSONText.quote(text)); use \"actual\" or \"forecast\"")
            }
        }
        guard let percent else { return nil }
        return BudgetThreshold(percent: percent, basis: basis)
    }
}
