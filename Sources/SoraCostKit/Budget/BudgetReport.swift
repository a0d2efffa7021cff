/// What `budget status` and `budget check --format json` print.
public enum BudgetReport {
    /// `budget status`: one row per budget with its current period, spend, forecast (expected and
    /// 80% range), amount, share used and state, in every report format.
    public static func statusDocument(evaluations: [BudgetEvaluation], asOf: Day, zone: ReportZone, source: String,
                                      pendingNotifications: Int) -> ReportDocument {
        let currencies = Set(evaluations.map(\.budget.currency))
        let mixed = currencies.count > 1
        var columns = [
            ReportColumn(key: "budget", header: "Budget", kind: .text),
            ReportColumn(key: "period", header: "Period", kind: .text),
            ReportColumn(key: "scope", header: "Scope", kind: .text),
        ]
        if mixed { columns.append(ReportColumn(key: "currency", header: "Currency", kind: .text)) }
        columns += [
            ReportColumn(key: "amount", header: "Amount", kind: .money),
            ReportColumn(key: "spend", header: "Spend", kind: .money),
            ReportColumn(key: "used", header: "Used", kind: .percent),
            ReportColumn(key: "forecast", header: "Forecast", kind: .money),
            ReportColumn(key: "forecast_low", header: "Low (80%)", kind: .money),
            ReportColumn(key: "forecast_high", header: "High (80%)", kind: .money),
            ReportColumn(key: "forecast_used", header: "Forecast used", kind: .percent),
            ReportColumn(key: "state", header: "State", kind: .text),
            ReportColumn(key: "reached", header: "Thresholds reached", kind: .text),
        ]
        var table = ReportTable(columns: columns)
        var notes: [String] = []
        for evaluation in evaluations {
            let budget = evaluation.budget
            var row: [ReportCell] = [.text(budget.name), .text(evaluation.interval.label), .text(budget.scope.summary)]
            if mixed { row.append(.text(budget.currency)) }
            let forecast = evaluation.forecast?.forecast
            if evaluation.failure == nil {
                row += [.money(budget.amount), .money(evaluation.spend), .percent(evaluation.spend, of: budget.amount)]
            } else {
                row += [.money(budget.amount), .null, .null]
            }
            if let forecast {
                row += [.money(forecast.expectedTotal), .money(forecast.low), .money(forecast.high),
                        .percent(forecast.expectedTotal, of: budget.amount)]
            } else {
                row += [.null, .null, .null, .null]
            }
            row += [.text(evaluation.level.description),
                    evaluation.reached.isEmpty ? .null : .text(evaluation.reached.map(\.description).joined(separator: ", "))]
            table.append(row)

            if let failure = evaluation.failure {
                notes.append("\(budget.name): cannot evaluate: \(failure)")
            } else if case .insufficientHistory(let available, let required)? = evaluation.forecast {
                notes.append("\(budget.name): no forecast, \(ForecastReport.insufficientText(available: available, required: required))")
            }
            notes += evaluation.notes.map { "\(budget.name): \($0)" }
            if evaluation.unpricedJobs > 0 {
                notes.append("\(budget.name): \(evaluation.unpricedJobs) job\(evaluation.unpricedJobs == 1 ? "" : "s") "
                    + "in scope have no price and count as zero")
            }
        }
        if pendingNotifications > 0 {
            notes.append("\(pendingNotifications) notification\(pendingNotifications == 1 ? "" : "s") waiting in the outbox; "
                + "the next `budget check --notify URL` retries them")
        }
        let level = BudgetLevel.worst(evaluations.map(\.level))
        return ReportDocument(
            title: "Budgets as of \(asOf.iso)",
            subtitle: "End of \(asOf.iso) (\(zone.identifier)); budgets from \(source)",
            currency: mixed ? "each budget's currency" : (currencies.first ?? "USD"),
            summary: [
                ReportFact(key: "budgets", label: "Budgets", value: .integer(evaluations.count)),
                ReportFact(key: "state", label: "State", value: .text(level.description)),
                ReportFact(key: "pending_notifications", label: "Notifications pending", value: .integer(pendingNotifications)),
            ],
            sections: [ReportSection(key: "budgets", heading: "Budgets, current period", table: table)],
            notes: notes,
            metadata: [
                ReportFact(key: "tool", label: "Tool", value: .text("soracost \(SoraCostVersion.current)")),
                ReportFact(key: "as_of", label: "As of (end of day)", value: .date(asOf)),
                ReportFact(key: "time_zone", label: "Time zone", value: .text(zone.identifier)),
            ])
    }

    /// The schema of `budget check --format json`.
    public static let checkSchemaVersion = "soracost.budget-check/1"

    /// `budget check --format json`: the level, the new crossings (each the webhook payload) and
    /// every budget's state, printed on every run (machines poll; people read the text form).
    public static func checkJSON(_ result: BudgetCheckResult, zone: ReportZone) -> JSONValue {
        let budgets: [JSONValue] = result.evaluations.map { evaluation in
            let budget = evaluation.budget
            var forecast = JSONValue.null
            var forecastNote = JSONValue.null
            switch evaluation.forecast {
            case .forecast(let value)?:
                forecast = .object([
                    ("expected", .string(value.expectedTotal.decimalString)),
                    ("low", .string(value.low.decimalString)),
                    ("high", .string(value.high.decimalString)),
                ])
            case .insufficientHistory(let available, let required)?:
                forecastNote = .string(ForecastReport.insufficientText(available: available, required: required))
            case nil:
                break
            }
            return .object([
                ("name", .string(budget.name)),
                ("period", .string(evaluation.interval.label)),
                ("period_start", .string(evaluation.interval.days.lowerBound.iso)),
                ("period_end", .string(evaluation.interval.days.upperBound.iso)),
                ("level", .string(evaluation.level.description)),
                ("amount", .string(budget.amount.decimalString)),
                ("currency", .string(budget.currency)),
                ("spend", evaluation.failure == nil ? .string(evaluation.spend.decimalString) : .null),
                ("percent_used", evaluation.failure == nil
                    ? ReportRatio(numerator: evaluation.spend.micros, denominator: budget.amount.micros)
                        .oneDecimalText.map(JSONValue.string) ?? .null
                    : .null),
                ("forecast", forecast),
                ("forecast_note", forecastNote),
                ("reached", .array(evaluation.reached.map { .string($0.description) })),
                ("unpriced_jobs", .number(String(evaluation.unpricedJobs))),
                ("error", evaluation.failure.map(JSONValue.string) ?? .null),
            ])
        }
        var delivery = JSONValue.null
        if let report = result.delivery {
            delivery = .object([
                ("delivered", .number(String(report.delivered))),
                ("pending", .number(String(report.pending))),
                ("error", report.failure.map(JSONValue.string) ?? .null),
            ])
        }
        return .object([
            ("schema_version", .string(checkSchemaVersion)),
            ("as_of", .string(result.asOf.iso)),
            ("time_zone", .string(zone.identifier)),
            ("level", .string(result.level.description)),
            ("exit_status", .number(String(result.level.rawValue))),
            ("new_crossings", .array(result.newCrossings.map(\.payload))),
            ("new_anomalies", .array(result.newAnomalies.map(\.payload))),
            ("stale_since", result.staleSince.map { .string($0 == Int64.min ? "never" : Timestamp.iso($0)) } ?? .null),
            ("budgets", .array(budgets)),
            ("notifications", delivery),
        ])
    }
}
