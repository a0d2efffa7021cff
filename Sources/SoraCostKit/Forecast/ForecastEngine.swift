/// Forecasting state for one or more series aligned on a common first day, precomputed once.
///
/// The window fit for every possible as-of day is computed up front and uses only days up to
/// that as-of day, so a single engine serves both one forecast and a whole backtest without
/// looking ahead: a forecast at index `a` reads fits at indices `<= a` and actual spend at
/// indices `<= a` only.
struct ForecastEngine {
    /// Day of index 0.
    let start: Day
    /// Index of the last loaded day; -1 when no day is loaded.
    let lastIndex: Int
    let components: [Component]
    let settings: Forecaster

    struct Component {
        /// `prefix[i]` is the exact spend of indices `0..<i`, micros.
        var prefix: [Int64]
        /// `fits[i]` is the window ending at index `i`; nil below two days of history.
        var fits: [WindowFit?]
        /// `fits[i].mean`, flat, so replays read plain numbers (0 where there is no fit).
        var means: [Double]
        /// `fits[i].cumulativeFactors` laid end to end, 15 per index.
        var cumulativeFactors: [Double]
    }

    /// Loads `series` over `start...last` (days outside a series are zero spend).
    init(series: [DailySeries], start: Day, through last: Day, settings: Forecaster) {
        self.start = start
        self.lastIndex = max(start.distance(to: last), -1)
        self.settings = settings
        let count = lastIndex + 1
        let firstWeekday = start.isoWeekday
        components = series.map { part in
            var micros = [Int64](repeating: 0, count: count)
            for index in 0..<count {
                micros[index] = part[start.advanced(by: index)].micros
            }
            var prefix = [Int64](repeating: 0, count: count + 1)
            for index in 0..<count {
                prefix[index + 1] = prefix[index] + micros[index]
            }
            let values = micros.map(Double.init)
            var fits = [WindowFit?](repeating: nil, count: count)
            var means = [Double](repeating: 0, count: count)
            var cumulative = [Double](repeating: 0, count: count * 15)
            for index in 0..<count where index >= 1 {
                let low = max(0, index - settings.windowDays + 1)
                let fit = WindowFit(values[low...index], firstWeekday: (firstWeekday - 1 + low) % 7 + 1)
                fits[index] = fit
                means[index] = fit.mean
                cumulative.replaceSubrange((index * 15)..<(index * 15 + 15), with: fit.cumulativeFactors)
            }
            return Component(prefix: prefix, fits: fits, means: means, cumulativeFactors: cumulative)
        }
    }

    /// ISO weekday of index `index`.
    func weekday(_ index: Int) -> Int { ((start.isoWeekday - 1 + index) % 7 + 7) % 7 + 1 }

    /// The forecast of the sum of the `members` components for `month`, made at the end of
    /// `asOf`.
    ///
    /// - Parameters:
    ///   - stops: per component, the first day with no spend projected (nil: none).
    ///   - labels: per component, a prefix for its notes ("sora-2: "), or "" for a lone series.
    func forecast(asOf: Day, month: Month, members: [Int], stops: [Day?], labels: [String]) -> ForecastOutcome {
        let asOfIndex = start.distance(to: asOf)
        precondition(asOfIndex <= lastIndex, "the engine was not loaded through the as-of day")
        let monthFirst = start.distance(to: month.firstDay)
        let monthLast = start.distance(to: month.lastDay)
        let elapsed = min(max(asOfIndex - monthFirst + 1, 0), month.dayCount)

        var actual = Money.zero
        let actualLow = max(monthFirst, 0), actualHigh = min(asOfIndex, monthLast)
        if actualLow <= actualHigh {
            for member in members {
                let prefix = components[member].prefix
                actual += Money(micros: prefix[actualHigh + 1] - prefix[actualLow])
            }
        }

        // The projected block of each member: `horizons[m]` days from index `blockStart`.
        let blockStart = max(asOfIndex + 1, monthFirst)
        let gap = blockStart - (asOfIndex + 1)
        var horizons: [Int] = []
        var notes: [String] = []
        for position in members.indices {
            var blockEnd = monthLast
            if let stop = stops[position] {
                blockEnd = min(blockEnd, start.distance(to: stop) - 1)
                if stop <= month.lastDay, blockStart <= monthLast {
                    notes.append(stop.distance(to: start.advanced(by: blockStart)) >= 0
                        ? "\(labels[position])nothing projected: model retired, no spend from \(stop.iso)"
                        : "\(labels[position])projection stops at \(stop.iso): model retired")
                }
            }
            horizons.append(max(0, blockEnd - blockStart + 1))
        }
        let longest = horizons.max() ?? 0

        guard longest > 0 else {
            if elapsed == month.dayCount { notes.append("month complete: the total is actual spend") }
            return .forecast(Forecast(
                month: month, asOf: asOf, actualToDate: actual, projectedRemainder: .zero,
                expectedTotal: actual, low: actual, high: actual, daysElapsed: elapsed,
                daysRemaining: month.dayCount - elapsed, daysProjected: 0, historyDaysUsed: 0,
                weekdayAdjusted: false, interval: .exact, notes: notes))
        }
        let available = max(asOfIndex + 1, 0)
        guard available >= settings.minimumHistoryDays else {
            return .insufficientHistory(daysAvailable: available, required: settings.minimumHistoryDays)
        }

        // Expected remainder: each member rounded to cents on its own, so keyed rows add up.
        var expected = 0.0
        var expectedMoney = Money.zero
        var variance = 0.0
        var dof = Int.max
        var adjusted = false
        var windowLength = 0
        for (position, member) in members.enumerated() {
            let fit = components[member].fits[asOfIndex]!
            let projected = max(0, fit.projection(days: horizons[position], firstWeekday: weekday(blockStart)))
            expected += projected
            expectedMoney += Money.projected(micros: projected)
            guard horizons[position] > 0 else { continue }
            variance += fit.errorVariance(days: horizons[position])
            dof = min(dof, fit.degreesOfFreedom)
            adjusted = adjusted || fit.weekdayAdjusted
            windowLength = fit.length
        }
        let halfWidth = ForecastInterval.t90(dof: dof) * variance.squareRoot()
        var low = expected - halfWidth
        var high = expected + halfWidth

        // Replay the same method on earlier as-of days with a full window whose projected
        // block is already actual, and compare.
        var ratios: [Double] = []
        let firstReplay = windowLength - 1
        let lastReplay = asOfIndex - gap - longest
        if lastReplay >= firstReplay {
            let count = lastReplay - firstReplay + 1
            var predicted = [Double](repeating: 0, count: count)
            var outcome = [Int64](repeating: 0, count: count)
            for (position, member) in members.enumerated() where horizons[position] > 0 {
                let horizon = horizons[position]
                let prefix = components[member].prefix
                let means = components[member].means
                let cumulative = components[member].cumulativeFactors
                let weeks = Double(horizon / 7), rest = horizon % 7
                var replayWeekday = weekday(firstReplay + 1 + gap) - 1
                for slot in 0..<count {
                    let replay = firstReplay + slot
                    let replayStart = replay + 1 + gap
                    let base = replay * 15 + replayWeekday
                    let factorSum = weeks * cumulative[replay * 15 + 7] + cumulative[base + rest] - cumulative[base]
                    predicted[slot] += max(0, means[replay] * factorSum)
                    outcome[slot] += prefix[replayStart + horizon] - prefix[replayStart]
                    replayWeekday = replayWeekday == 6 ? 0 : replayWeekday + 1
                }
            }
            ratios.reserveCapacity(count)
            for slot in 0..<count where predicted[slot] > 0 {
                ratios.append(Double(outcome[slot]) / predicted[slot])
            }
        }
        var interval = Forecast.IntervalSource.parametric
        if ratios.count >= settings.minimumPastErrors, let ranks = ForecastInterval.ranks(count: ratios.count) {
            low = min(low, expected * ForecastInterval.select(&ratios, rank: ranks.low))
            high = max(high, expected * ForecastInterval.select(&ratios, rank: ranks.high))
            interval = .pastErrors(count: ratios.count)
        } else {
            low = expected - ForecastInterval.unvalidatedWidening * halfWidth
            high = expected + ForecastInterval.unvalidatedWidening * halfWidth
            notes.append("interval from daily spread only, widened by a quarter: \(ratios.count) past "
                + "forecasts to compare (\(settings.minimumPastErrors) needed)")
        }

        let lowRemainder = min(Money.projected(micros: max(0, low)), expectedMoney)
        let highRemainder = max(Money.projected(micros: high), expectedMoney)
        return .forecast(Forecast(
            month: month, asOf: asOf, actualToDate: actual, projectedRemainder: expectedMoney,
            expectedTotal: actual + expectedMoney, low: actual + lowRemainder, high: actual + highRemainder,
            daysElapsed: elapsed, daysRemaining: month.dayCount - elapsed, daysProjected: longest,
            historyDaysUsed: windowLength, weekdayAdjusted: adjusted, interval: interval, notes: notes))
    }
}
