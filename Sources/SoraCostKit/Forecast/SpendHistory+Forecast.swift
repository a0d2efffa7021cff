/// Forecasts over a ledger history, each provider × model projected on its own and summed.
///
/// Projecting per component is what makes the retired-model rule exact: a model whose rate card
/// ends mid-month stops adding spend from that day while the others go on (a single stop day on
/// the total could only stop everything or nothing). Rows and the total are sums of their
/// components' projections, each rounded to cents, so rows add up to the total exactly; the
/// intervals come from the combined spend of each row's components (see `ForecastEngine`).
extension SpendHistory {
    /// Month-end forecasts made at the end of `asOf`: one row per `--by` value (none without a
    /// dimension) and the total.
    ///
    /// Notes name the component they concern (`openai/sora-2: projection stops at 2026-09-25:
    /// model retired`) and appear once each.
    public func forecast(month: Month, forecaster: Forecaster = Forecaster()) -> KeyedForecast {
        let engine = makeEngine(forecaster)
        let stops = components.map(\.stopDay)
        func outcome(_ members: [Int]) -> ForecastOutcome {
            let result = engine.forecast(asOf: forecastDay, month: month, members: members.isEmpty ? [0] : members,
                                         stops: members.isEmpty ? [nil] : members.map { stops[$0] },
                                         labels: members.isEmpty ? [""] : members.map { components[$0].label + ": " },
                                         partial: forecastDayIsPartial)
            guard case .forecast(var forecast) = result else { return result }
            forecast.notes = SpendHistory.unique(forecast.notes)
            return .forecast(forecast)
        }
        let rows = keys.map { key in
            KeyedForecast.Row(key: key, outcome: outcome(components.indices.filter { components[$0].key == key }))
        }
        return KeyedForecast(rows: rows, total: outcome(Array(components.indices)))
    }

    /// The forecast of the total spend over `days` (a budget period holding `asOf`), made at the
    /// end of `asOf`.
    ///
    /// The forecaster projects calendar months, so a period is the sum of its months: for each
    /// month it overlaps, the month forecast with every component stopping at the period's end
    /// (or earlier, at its retirement), counted from the period's first day. The month parts' intervals are added, which treats them as moving together: for a
    /// week or quarter that spans months the interval is wider than a joint one, never narrower.
    /// A month-long period is exactly `forecast(month:)`'s total.
    ///
    /// A period starting inside a month counts that month from its first day only.
    public func forecast(days period: ClosedRange<Day>, forecaster: Forecaster = Forecaster()) -> PeriodOutcome {
        let engine = makeEngine(forecaster)
        let members = components.isEmpty ? [0] : Array(components.indices)
        let periodStop = period.upperBound.advanced(by: 1)
        var result = PeriodForecast(days: period, asOf: asOf, actualToDate: .zero, expectedTotal: .zero,
                                    low: .zero, high: .zero, notes: [])
        var month = period.lowerBound.month
        while month.firstDay <= period.upperBound {
            let stops: [Day?] = members.map { index in
                let retired = components.isEmpty ? nil : components[index].stopDay
                let stop = min(retired ?? periodStop, periodStop)
                return stop <= month.lastDay ? stop : nil
            }
            let labels = members.map { components.isEmpty ? "" : components[$0].label + ": " }
            switch engine.forecast(asOf: forecastDay, month: month, members: members, stops: stops, labels: labels,
                                   partial: forecastDayIsPartial, from: period.lowerBound) {
            case .insufficientHistory(let available, let required):
                return .insufficientHistory(daysAvailable: available, required: required)
            case .forecast(let part):
                result.actualToDate += part.actualToDate
                result.expectedTotal += part.expectedTotal
                result.low += part.low
                result.high += part.high
                if part.interval == .parametric { result.intervalFromSpreadOnly = true }
                result.daysProjected += part.daysProjected
            }
            month = month.next
        }
        for component in components {
            guard let stop = component.stopDay, stop > forecastDay, stop <= period.upperBound else { continue }
            result.notes.append("\(component.label): nothing projected from \(stop.iso): model retired (its rate card ends)")
        }
        if result.intervalFromSpreadOnly {
            result.notes.append("interval from the daily noise only, widened by half: too few past forecasts to compare")
        }
        result.notes = SpendHistory.unique(result.notes)
        return .forecast(result)
    }

    /// Every component loaded into one engine; an empty history gets one zero component so the
    /// engine still answers (insufficient history, or a known zero).
    func makeEngine(_ forecaster: Forecaster) -> ForecastEngine {
        let series = components.isEmpty ? [DailySeries([])] : components.map(\.series)
        return ForecastEngine(series: series, start: start ?? asOf.advanced(by: 1), through: asOf, settings: forecaster)
    }

    static func unique(_ notes: [String]) -> [String] {
        var seen = Set<String>()
        return notes.filter { seen.insert($0).inserted }
    }
}
