import Foundation

/// Forecasting state for one or more component series aligned on a common first day,
/// precomputed once: for every origin (the last complete day a forecast is made at the end of)
/// the shared weekday factors and each component's level and damped growth, each from days up
/// to that origin only. One engine serves one forecast and a whole backtest, and the backtest
/// replays exactly the code path `forecast` prints (see `Forecaster` for the method).
struct ForecastEngine {
    /// Day of index 0.
    let start: Day
    /// Index of the last loaded day; -1 when no day is loaded.
    let lastIndex: Int
    let settings: Forecaster
    /// Per component, `prefix[i]` is the exact spend of indices `0..<i`, micros.
    let prefix: [[Int64]]
    /// Per component, daily spend as `Double` micros.
    let values: [[Double]]
    /// `factors[o]`: weekday factors (index 0 is Monday) at origin `o`.
    let factors: [[Double]]
    /// `fits[c][o]`: level at day `o` and daily growth of component `c`; nil before its first spend.
    let fits: [[Fit?]]

    struct Fit {
        var level: Double
        var growth: Double
    }

    /// Loads `series` over `start...last` (days outside a series are zero spend).
    init(series: [DailySeries], start: Day, through last: Day, settings: Forecaster) {
        self.start = start
        self.settings = settings
        let lastIndex = max(start.distance(to: last), -1)
        self.lastIndex = lastIndex
        let count = lastIndex + 1
        var prefix: [[Int64]] = []
        var values: [[Double]] = []
        var total = [Double](repeating: 0, count: count)
        for part in series {
            var sums = [Int64](repeating: 0, count: count + 1)
            var doubles = [Double](repeating: 0, count: count)
            for index in 0..<count {
                let micros = part[start.advanced(by: index)].micros
                sums[index + 1] = sums[index] + micros
                doubles[index] = Double(micros)
                total[index] += doubles[index]
            }
            prefix.append(sums)
            values.append(doubles)
        }
        self.prefix = prefix
        self.values = values
        let firstWeekday = start.isoWeekday - 1
        let weekday = { (index: Int) in (firstWeekday + index) % 7 }
        let factors = (0..<count).map { ForecastEngine.weekdayFactors(total: total, origin: $0, weekday: weekday) }
        self.factors = factors
        fits = values.map { y in
            let first = y.firstIndex { $0 > 0 }
            return (0..<count).map { origin in
                guard let first, first <= origin else { return nil }
                let low = max(first, origin - 2 * Forecaster.trendWindow + 1)
                // The last full week stays raw: it holds each weekday once, so the factors
                // cancel in its level and their noise does not enter it.
                let raw = origin - low + 1 >= Forecaster.levelWindow ? origin - Forecaster.levelWindow + 1 : origin + 1
                let z = (low...origin).map { $0 >= raw ? y[$0] : y[$0] / factors[origin][weekday($0)] }
                return ForecastEngine.fit(deseasonalised: z, ownDays: origin - first + 1)
            }
        }
    }

    /// ISO weekday − 1 (0 is Monday) of index `index`.
    func weekday(_ index: Int) -> Int { ((start.isoWeekday - 1 + index) % 7 + 7) % 7 }

    /// Weekday factors at `origin` from the total: each day's ratio to its centred 7-day mean
    /// over the last 56 days, the median per weekday shrunk by n/(n+1), normalised to mean 1.
    static func weekdayFactors(total: [Double], origin: Int, weekday: (Int) -> Int) -> [Double] {
        var ratios = [[Double]](repeating: [], count: 7)
        let low = max(3, origin - Forecaster.weekdayWindow + 1)
        if origin - 3 >= low {
            for t in low...(origin - 3) {
                var sum = 0.0
                for u in (t - 3)...(t + 3) { sum += total[u] }
                if sum > 0 { ratios[weekday(t)].append(total[t] / (sum / 7)) }
            }
        }
        guard ratios.allSatisfy({ $0.count >= Forecaster.weekdayMinimum }) else {
            return [Double](repeating: 1, count: 7)
        }
        let raw = ratios.map { r in
            1 + (RobustStatistics.median(r) - 1) * Double(r.count) / Double(r.count + 1)
        }
        let mean = raw.reduce(0, +) / 7
        return raw.map { $0 / mean }
    }

    /// Level (moved to the last day) and damped daily growth from the last up to 56 own days
    /// `z` (deseasonalised but for the last 7); `ownDays` counts all of them since the first spend.
    static func fit(deseasonalised z: [Double], ownDays: Int) -> Fit {
        let recent = Array(z.suffix(Forecaster.levelWindow))
        var level = RobustStatistics.trimmedMean(recent)
        if z.count >= Forecaster.levelWindow {
            // A raw week: a symmetric trim would drop a weekend day and a busy day alike and
            // bias the level; only bursts far above the week's median are cut.
            level = RobustStatistics.cappedMean(recent, madMultiple: Forecaster.burstCap)
        }
        let spendDays = recent.filter { $0 > 0 }.count
        if Double(spendDays) < Forecaster.sparseDensity * Double(recent.count) {
            // Sparse, bursty spend: a week of mostly quiet days misses the bursts the month is made of.
            let long = z.suffix(Forecaster.sparseWindow)
            level = long.reduce(0, +) / Double(long.count)
        }
        var growth = 0.0
        let newer = Array(z.suffix(Forecaster.trendWindow))
        let older = Array(z.dropLast(Forecaster.trendWindow).suffix(Forecaster.trendWindow))
        if newer.count == Forecaster.trendWindow, older.count >= Forecaster.trendMinimumOld {
            let mNew = RobustStatistics.trimmedMean(newer), mOld = RobustStatistics.trimmedMean(older)
            if mNew > 0, mOld > 0 {
                let gap = Double(Forecaster.trendWindow - 1) / 2 + Double(older.count + 1) / 2
                let measured = pow(mNew / mOld, 1 / gap) - 1
                growth = max(-Forecaster.trendCap, min(Forecaster.trendCap, Forecaster.trendDamping * measured))
            }
        }
        level *= pow(1 + growth, Double(recent.count - 1) / 2)
        return Fit(level: level, growth: growth)
    }

    /// Projected spend of component `c` from origin `o` over days `o+gap+1 … o+gap+h`, micros.
    func projection(_ c: Int, origin o: Int, gap: Int, days h: Int) -> Double {
        guard h > 0, o >= 0, let fit = fits[c][o] else { return 0 }
        let f = factors[o]
        var step = pow(1 + fit.growth, Double(gap + 1)) * fit.level
        var sum = 0.0
        for i in (gap + 1)...(gap + h) {
            sum += step * f[weekday(o + i)]
            step *= 1 + fit.growth
        }
        return max(0, sum)
    }

    /// Exact spend of component `c` over indices `low...high` (empty when `high < low`).
    func actual(_ c: Int, _ low: Int, _ high: Int) -> Int64 {
        let lo = max(low, 0), hi = min(high, lastIndex)
        return lo <= hi ? prefix[c][hi + 1] - prefix[c][lo] : 0
    }
}
