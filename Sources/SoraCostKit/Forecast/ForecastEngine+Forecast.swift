import Foundation

extension ForecastEngine {
    /// The forecast of the sum of the `members` components for `month`.
    ///
    /// The forecast is made at the end of `asOf`, or, when `partial` is true, during `asOf`:
    /// then only the days before it are complete, the fit is made at their end, and the as-of
    /// day's spend so far is actual while its projection counts only where it exceeds that
    /// spend (`max(spend so far, projection)` per component). The answer is then a function of
    /// the data alone: the clock passing midnight without new data changes nothing.
    ///
    /// - Parameters:
    ///   - stops: per component, the first day with no spend projected (nil: none).
    ///   - labels: per component, a prefix for its notes ("sora-2: "), or "" for a lone series.
    ///   - from: the first day of the month that counts (a budget period starting mid-month).
    func forecast(asOf: Day, month: Month, members: [Int], stops: [Day?], labels: [String],
                  partial: Bool = false, from: Day? = nil) -> ForecastOutcome {
        let asOfIndex = start.distance(to: asOf)
        precondition(asOfIndex <= lastIndex, "the engine was not loaded through the as-of day")
        let origin = partial ? asOfIndex - 1 : asOfIndex
        let monthFirst = start.distance(to: max(month.firstDay, from ?? month.firstDay))
        let monthLast = start.distance(to: month.lastDay)
        let elapsed = min(max(asOfIndex - monthFirst + 1, 0), month.dayCount)

        var actual = Money.zero
        for member in members {
            actual += Money(micros: self.actual(member, max(monthFirst, 0), min(asOfIndex, monthLast)))
        }

        // The projected block of each member: `horizons[m]` days from index `blockStart`.
        let blockStart = max(origin + 1, monthFirst)
        let gap = blockStart - (origin + 1)
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
        let available = max(origin + 1, 0)
        guard available >= settings.minimumHistoryDays else {
            return .insufficientHistory(daysAvailable: available, required: settings.minimumHistoryDays)
        }

        // Expected remainder: each member rounded to cents on its own, so keyed rows add up.
        var expected = 0.0
        var expectedMoney = Money.zero
        for (position, member) in members.enumerated() {
            var projected = projection(member, origin: origin, gap: gap, days: horizons[position])
            if partial, gap == 0, horizons[position] > 0, blockStart == asOfIndex {
                let firstDay = projection(member, origin: origin, gap: 0, days: 1)
                projected -= min(firstDay, Double(self.actual(member, asOfIndex, asOfIndex)))
            }
            expected += projected
            expectedMoney += Money.projected(micros: projected)
        }

        let (q, replays) = halfWidth(origin: origin, gap: gap, members: members, horizons: horizons, longest: longest)
        let interval: Forecast.IntervalSource = replays >= Forecaster.minimumReplays ? .pastErrors(count: replays) : .parametric
        if replays < Forecaster.minimumReplays {
            notes.append("interval from the daily noise only, widened by half: \(replays) past "
                + "forecasts to compare (\(Forecaster.minimumReplays) needed)")
        }
        let lowRemainder = min(Money.projected(micros: expected * exp(-q)), expectedMoney)
        let highRemainder = max(Money.projected(micros: expected * exp(q)), expectedMoney)
        let adjusted = factors[origin].contains { $0 != 1 }
        let ownDays = members.compactMap { member in
            (0...origin).first { values[member][$0] > 0 }.map { origin - $0 + 1 }
        }.max() ?? 0
        return .forecast(Forecast(
            month: month, asOf: asOf, actualToDate: actual, projectedRemainder: expectedMoney,
            expectedTotal: actual + expectedMoney, low: actual + lowRemainder, high: actual + highRemainder,
            daysElapsed: elapsed, daysRemaining: month.dayCount - elapsed,
            daysProjected: partial && blockStart == asOfIndex ? longest - 1 : longest,
            historyDaysUsed: min(ownDays, Forecaster.levelWindow), weekdayAdjusted: adjusted,
            interval: interval, notes: notes))
    }

    /// Half-width of the 80% interval on the log scale, and the number of replays behind it.
    ///
    /// Replays: for origins `r = origin − gap − longest` down (at most 60, from index 13) whose
    /// outcome is known, `|ln(actual/predicted)|` of the same projection of the same members.
    /// With 20 or more: their 0.8 quantile (0-based rank ⌊0.8 n⌋), at least the noise floor
    /// `z₀.₉ · σ · √(1/h + 1/21)` (σ: relative MAD of the deseasonalised total, last 28 days);
    /// else 1.5 × the floor.
    func halfWidth(origin: Int, gap: Int, members: [Int], horizons: [Int], longest: Int) -> (Double, Int) {
        var errors: [Double] = []
        let newest = origin - gap - longest
        let oldest = max(Forecaster.firstReplayOrigin, newest - Forecaster.maximumReplays + 1)
        if newest >= oldest {
            for replay in stride(from: newest, through: oldest, by: -1) {
                var predicted = 0.0
                var outcome: Int64 = 0
                for (position, member) in members.enumerated() where horizons[position] > 0 {
                    predicted += projection(member, origin: replay, gap: gap, days: horizons[position])
                    outcome += actual(member, replay + gap + 1, replay + gap + horizons[position])
                }
                guard predicted > 0 else { continue }
                errors.append(outcome > 0 ? abs(log(Double(outcome) / predicted)) : 5)
            }
        }
        let f = factors[origin]
        let z = (max(0, origin - 27)...origin).map { t in
            members.reduce(0.0) { $0 + values[$1][t] } / f[weekday(t)]
        }
        let center = RobustStatistics.median(z)
        let sigma = center > 0 ? 1.4826 * RobustStatistics.mad(z, median: center) / center : 0
        let floor = Forecaster.z90 * sigma * (1 / Double(longest) + 1 / Double(Forecaster.noiseWindow)).squareRoot()
        guard errors.count >= Forecaster.minimumReplays else {
            return (Forecaster.fallbackWidening * floor, errors.count)
        }
        let sorted = RobustStatistics.sorted(errors)
        return (max(sorted[Int(0.8 * Double(sorted.count))], floor), errors.count)
    }
}
