/// Turns the JSON text of a budgets file into budgets, collecting every issue.
struct BudgetFileParser {
    let sourceName: String
    private(set) var issues: [BudgetFileIssue] = []

    static let fileMembers = ["version", "description", "budgets"]
    static let budgetMembers = ["name", "description", "period", "amount", "currency", "scope", "thresholds"]
    static let thresholdMembers = ["percent", "basis"]

    init(sourceName: String) {
        self.sourceName = sourceName
    }

    mutating func parse(text: String) -> [Budget] {
        let root: JSONValue
        do {
            root = try JSONValue.parse(text)
        } catch {
            let (line, column) = RateCardParser.lineAndColumn(ofByte: error.offset, in: text)
            issues.append(BudgetFileIssue(source: sourceName, line: line, column: column,
                                          message: "invalid JSON: \(error.reason)"))
            return []
        }
        guard case .object(let members) = root else {
            issue(nil, nil, nil, "a budgets file must be a JSON object with \"version\" and \"budgets\", not \(root.typeName)")
            return []
        }
        checkMembers(members, allowed: BudgetFileParser.fileMembers, index: nil, name: nil, prefix: "")
        switch root["version"] {
        case nil:
            issue(nil, nil, "version", "missing; write \"version\": \(BudgetFile.formatVersion)")
        case .number(let text)? where text == String(BudgetFile.formatVersion):
            break
        case let value?:
            issue(nil, nil, "version", "unsupported version \(value.compactText); this soracost reads version \(BudgetFile.formatVersion)")
        }

        guard let list = root["budgets"] else {
            issue(nil, nil, "budgets", "missing; list the budgets in \"budgets\": [...]")
            return []
        }
        guard case .array(let items) = list else {
            issue(nil, nil, "budgets", "must be an array of budgets, not \(list.typeName)")
            return []
        }
        var budgets: [Budget] = []
        var firstIndexOfName: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            guard let budget = parseBudget(item, index: index) else { continue }
            if let earlier = firstIndexOfName[budget.name] {
                issue(index, budget.name, "name", "budgets[\(earlier)] already has this name; names must be unique (alert state is kept per name)")
                continue
            }
            firstIndexOfName[budget.name] = index
            budgets.append(budget)
        }
        return budgets
    }

    private mutating func parseBudget(_ value: JSONValue, index: Int) -> Budget? {
        guard case .object(let members) = value else {
            issue(index, nil, nil, "each budget must be a JSON object, not \(value.typeName)")
            return nil
        }
        let before = issues.count
        var name: String?
        switch value["name"] {
        case nil:
            issue(index, nil, "name", "missing; give every budget a unique name")
        case .string(let text)? where !text.trimmingCharactersWhitespace().isEmpty:
            name = text
        case .string?:
            issue(index, nil, "name", "must not be empty")
        case let other?:
            issue(index, nil, "name", "must be a string, not \(other.typeName)")
        }
        checkMembers(members, allowed: BudgetFileParser.budgetMembers, index: index, name: name, prefix: "")
        if let description = value["description"], description.stringValue == nil {
            issue(index, name, "description", "must be a string, not \(description.typeName)")
        }

        var period: BudgetPeriod?
        switch value["period"] {
        case nil:
            issue(index, name, "period", "missing; use day, week, month or quarter")
        case .string(let text)?:
            period = BudgetPeriod(rawValue: text)
            if period == nil {
                issue(index, name, "period", "unknown period \(JSONText.quote(text)); use day, week, month or quarter")
            }
        case let other?:
            issue(index, name, "period", "must be a string (day, week, month or quarter), not \(other.typeName)")
        }

        let amount = parseAmount(value["amount"], index: index, name: name)

        var currency = "USD"
        switch value["currency"] {
        case nil: break
        case .string(let text)? where text.count == 3 && text.allSatisfy({ $0.isASCII && $0.isUppercase }):
            currency = text
        case .string(let text)?:
            issue(index, name, "currency", "\(JSONText.quote(text)) is not an ISO 4217 code such as \"USD\"")
        case let other?:
            issue(index, name, "currency", "must be a string such as \"USD\", not \(other.typeName)")
        }

        let scope = parseScope(value["scope"], index: index, name: name)
        let thresholds = parseThresholds(value["thresholds"], index: index, name: name)

        guard issues.count == before, let name, let period, let amount, let scope, let thresholds else { return nil }
        return Budget(name: name, period: period, amount: amount, currency: currency, scope: scope, thresholds: thresholds)
    }

    /// A decimal string or a JSON number, read from its text so it stays exact; more than zero.
    private mutating func parseAmount(_ value: JSONValue?, index: Int, name: String?) -> Money? {
        let text: String
        switch value {
        case nil:
            issue(index, name, "amount", "missing; write the limit per period as a decimal string such as \"2000.00\"")
            return nil
        case .string(let string)?: text = string
        case .number(let number)?: text = number
        case let other?:
            issue(index, name, "amount", "must be a decimal string such as \"2000.00\", not \(other.typeName)")
            return nil
        }
        guard let amount = Money(decimal: text) else {
            issue(index, name, "amount", "\(JSONText.quote(text)) is not a plain decimal with at most six decimals, such as \"2000.00\"")
            return nil
        }
        guard amount > .zero else {
            issue(index, name, "amount", amount < .zero
                ? "must not be negative (\(text))"
                : "must be more than zero (a zero budget has no percentage to cross)")
            return nil
        }
        return amount
    }

    private mutating func parseScope(_ value: JSONValue?, index: Int, name: String?) -> BudgetScope? {
        var scope = BudgetScope()
        guard let value, !value.isNull else { return scope }
        guard case .object(let members) = value else {
            issue(index, name, "scope", "must be an object such as {\"project\": \"marketing\"}, not \(value.typeName)")
            return nil
        }
        var valid = true
        var seen = Set<String>()
        for (key, member) in members where !key.hasPrefix("_") {
            let field = "scope.\(key)"
            guard seen.insert(key).inserted else {
                issue(index, name, field, "appears more than once")
                valid = false
                continue
            }
            guard case .string(let text) = member, !text.isEmpty else {
                issue(index, name, field, member.stringValue == nil
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
                    issue(index, name, field, "unknown scope key \(JSONText.quote(key)); use \(BudgetScope.keyNames)")
                    valid = false
                }
            }
        }
        return valid ? scope : nil
    }

    private mutating func parseThresholds(_ value: JSONValue?, index: Int, name: String?) -> [BudgetThreshold]? {
        guard let value, !value.isNull else { return BudgetThreshold.defaults }
        guard case .array(let items) = value else {
            issue(index, name, "thresholds", "must be an array such as [{\"percent\": 80, \"basis\": \"actual\"}], not \(value.typeName)")
            return nil
        }
        guard !items.isEmpty else {
            issue(index, name, "thresholds", "is empty; list at least one, or leave it out for 80% and 100% actual and 100% forecast")
            return nil
        }
        var thresholds: [BudgetThreshold] = []
        var valid = true
        for (position, item) in items.enumerated() {
            let field = "thresholds[\(position)]"
            guard case .object(let members) = item else {
                issue(index, name, field, "must be an object such as {\"percent\": 80, \"basis\": \"actual\"}, not \(item.typeName)")
                valid = false
                continue
            }
            let before = issues.count
            checkMembers(members, allowed: BudgetFileParser.thresholdMembers, index: index, name: name, prefix: field + ".")
            var percent: Int?
            switch item["percent"] {
            case nil:
                issue(index, name, field + ".percent", "missing; write a whole percent of the amount such as 80")
            case .number(let text)?:
                if let whole = Int(text), (1...1000).contains(whole) {
                    percent = whole
                } else {
                    issue(index, name, field + ".percent", "\(text) is not a whole percent from 1 to 1000")
                }
            case let other?:
                issue(index, name, field + ".percent", "must be a number such as 80, not \(other.typeName)")
            }
            var basis = BudgetThreshold.Basis.actual
            switch item["basis"] {
            case nil: break
            case .string(let text)?:
                if let parsed = BudgetThreshold.Basis(rawValue: text) {
                    basis = parsed
                } else {
                    issue(index, name, field + ".basis", "unknown basis \(JSONText.quote(text)); use \"actual\" or \"forecast\"")
                }
            case let other?:
                issue(index, name, field + ".basis", "must be \"actual\" or \"forecast\", not \(other.typeName)")
            }
            guard issues.count == before, let percent else {
                valid = false
                continue
            }
            let threshold = BudgetThreshold(percent: percent, basis: basis)
            if thresholds.contains(threshold) {
                issue(index, name, field, "\(threshold) is listed twice")
                valid = false
                continue
            }
            thresholds.append(threshold)
        }
        return valid ? thresholds : nil
    }

    private mutating func checkMembers(_ members: [(String, JSONValue)], allowed: [String], index: Int?,
                                       name: String?, prefix: String) {
        var seen: Set<String> = []
        for (key, _) in members where !key.hasPrefix("_") {
            if !seen.insert(key).inserted {
                issue(index, name, prefix + key, "appears more than once")
            } else if !allowed.contains(key) {
                issue(index, name, prefix + key, "unknown member; expected one of \(allowed.joined(separator: ", ")) (prefix a comment with _)")
            }
        }
    }

    private mutating func issue(_ index: Int?, _ name: String?, _ field: String?, _ message: String) {
        issues.append(BudgetFileIssue(source: sourceName, budgetIndex: index, budgetName: name, field: field, message: message))
    }
}
