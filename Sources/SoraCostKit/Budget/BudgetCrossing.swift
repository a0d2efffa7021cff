import Foundation

/// A threshold newly reached: what `budget check` prints once and sends once.
public struct BudgetCrossing: Sendable, Equatable {
    public var budget: Budget
    public var interval: BudgetInterval
    public var asOf: Day
    public var threshold: BudgetThreshold
    /// Exact spend of the period so far.
    public var spend: Money
    /// The period forecast, when there is one.
    public var forecast: PeriodForecast?

    public init(evaluation: BudgetEvaluation, threshold: BudgetThreshold) {
        budget = evaluation.budget
        interval = evaluation.interval
        asOf = evaluation.asOf
        self.threshold = threshold
        spend = evaluation.spend
        forecast = evaluation.forecast?.forecast
    }

    /// The amount compared with the threshold: the spend, or the expected total (never below
    /// the spend).
    public var compared: Money {
        threshold.basis == .forecast ? max(forecast?.expectedTotal ?? spend, spend) : spend
    }

    /// One line for people and cron mail, e.g.
    /// `WARNING marketing-monthly 2026-07: 80% of budget reached (actual): spent 250.40 of 300.00 USD (83.5%)`
    /// or, for a forecast threshold,
    /// `CRITICAL org-quarterly 2026-Q3: 100% of budget reached (forecast): expected 2210.55 of 1800.00 USD
    /// (122.8%), 80% range 2100.00–2330.00; spent so far 1500.00`.
    public var line: String {
        let head = "\(threshold.level) \(budget.name) \(interval.label): \(threshold.percent)% of budget reached (\(threshold.basis.rawValue))"
        let used = BudgetCrossing.percentText(compared, of: budget.amount)
        switch threshold.basis {
        case .actual:
            return "\(head): spent \(spend) of \(budget.amount) \(budget.currency) (\(used))"
        case .forecast:
            var text = "\(head): expected \(compared) of \(budget.amount) \(budget.currency) (\(used))"
            if let forecast { text += ", 80% range \(forecast.low)–\(forecast.high)" }
            return text + "; spent so far \(spend)"
        }
    }

    /// The webhook body: Slack-compatible `text` plus the same facts as fields for machines.
    ///
    /// Money is decimal strings (never binary floats); `forecast` is null without a forecast.
    /// Slack reads `text` as mrkdwn, where `&`, `<` and `>` are control characters, so they are
    /// escaped there (https://api.slack.com/reference/surfaces/formatting#escaping).
    public var payload: JSONValue {
        var forecastValue = JSONValue.null
        if let forecast {
            forecastValue = .object([
                ("expected", .string(forecast.expectedTotal.decimalString)),
                ("low", .string(forecast.low.decimalString)),
                ("high", .string(forecast.high.decimalString)),
            ])
        }
        return .object([
            ("text", .string(BudgetCrossing.slackEscaped(line))),
            ("budget", .string(budget.name)),
            ("period", .string(interval.label)),
            ("period_start", .string(interval.days.lowerBound.iso)),
            ("period_end", .string(interval.days.upperBound.iso)),
            ("as_of", .string(asOf.iso)),
            ("threshold", .number(String(threshold.percent))),
            ("basis", .string(threshold.basis.rawValue)),
            ("level", .string(threshold.level.description)),
            ("spend", .string(spend.decimalString)),
            ("amount", .string(budget.amount.decimalString)),
            ("currency", .string(budget.currency)),
            ("percent_used", ReportRatio(numerator: compared.micros, denominator: budget.amount.micros)
                .oneDecimalText.map(JSONValue.string) ?? .null),
            ("forecast", forecastValue),
            ("scope", .object(budget.scope.pairs.map { ($0.key, .string($0.value)) })),
        ])
    }

    /// `83.5%`, exact to a tenth (half-to-even).
    static func percentText(_ part: Money, of whole: Money) -> String {
        ReportCell.percent(part, of: whole).displayText
    }

    static func slackEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
