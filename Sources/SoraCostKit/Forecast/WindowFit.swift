/// The daily spend rate fitted on a trailing window: a mean and seven weekday factors.
///
/// Amounts are micro-units as `Double` (whole numbers, exact up to 2⁵³ micros, about nine billion
/// dollars), which keeps a constant series exactly constant through the mean. The projection
/// for a day of ISO weekday `k` is `mean * factors[k - 1]`.
struct WindowFit: Sendable {
    /// Days in the window.
    var length: Int
    /// Mean daily spend over the window, micros.
    var mean: Double
    /// Multipliers by ISO weekday (index 0 is Monday); weighted by occurrences they average 1.
    var factors: [Double]
    /// `cumulativeFactors[j]` is the sum of the factors of the first `j` days of a fortnight
    /// starting on Monday, `j` in 0…14.
    var cumulativeFactors: [Double]
    /// Variance of the daily residuals around the fitted rate, micros².
    var residualVariance: Double
    /// Degrees of freedom behind `residualVariance`.
    var degreesOfFreedom: Int
    /// Whether any factor differs from 1.
    var weekdayAdjusted: Bool

    /// Fewest days before weekday factors are estimated: each weekday needs two observations to
    /// separate its own level from noise.
    static let minimumDaysForWeekdays = 14

    /// Fits `values` (consecutive days, the first one of ISO weekday `firstWeekday`).
    ///
    /// The weekday factors are shrunk towards 1 by an empirical-Bayes weight: a weekday's raw
    /// ratio counts in proportion to how much of the spread between weekday means is larger than
    /// the noise expected from its few observations. Pure noise gives factors of 1; a clean
    /// weekly pattern keeps its full ratios.
    init(_ values: ArraySlice<Double>, firstWeekday: Int) {
        let n = values.count
        precondition(n >= 2, "a window needs at least two days")
        let first = values.startIndex
        let weekday = { (index: Int) in (firstWeekday - 1 + index - first) % 7 }
        let mean = values.reduce(0, +) / Double(n)
        var factors = [Double](repeating: 1, count: 7)
        if n >= WindowFit.minimumDaysForWeekdays, mean > 0 {
            var sums = [Double](repeating: 0, count: 7)
            var counts = [Int](repeating: 0, count: 7)
            for index in values.indices {
                sums[weekday(index)] += values[index]
                counts[weekday(index)] += 1
            }
            let means = (0..<7).map { sums[$0] / Double(counts[$0]) }
            var within = 0.0
            for index in values.indices {
                let deviation = values[index] - means[weekday(index)]
                within += deviation * deviation
            }
            let noise = within / Double(n - 7)
            let meanNoise = (0..<7).map { noise / Double(counts[$0]) }.reduce(0, +) / 7
            let spread = means.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 7
            let signal = max(0, spread - meanNoise)
            for k in 0..<7 {
                let noiseOfMean = noise / Double(counts[k])
                let shrink = noiseOfMean + signal > 0 ? noiseOfMean / (noiseOfMean + signal) : 0
                factors[k] = 1 + (1 - shrink) * (means[k] / mean - 1)
            }
            let weighted = (0..<7).map { Double(counts[$0]) * factors[$0] }.reduce(0, +) / Double(n)
            if weighted > 0 {
                factors = factors.map { $0 / weighted }
            }
        }
        let adjusted = factors.contains { $0 != 1 }
        var squares = 0.0
        for index in values.indices {
            let residual = values[index] - mean * factors[weekday(index)]
            squares += residual * residual
        }
        let dof = adjusted ? n - 7 : n - 1
        self.length = n
        self.mean = mean
        self.factors = factors
        var cumulative = [Double](repeating: 0, count: 15)
        for day in 0..<14 {
            cumulative[day + 1] = cumulative[day] + factors[day % 7]
        }
        self.cumulativeFactors = cumulative
        self.residualVariance = squares / Double(dof)
        self.degreesOfFreedom = dof
        self.weekdayAdjusted = adjusted
    }

    /// Projected spend (micros) of `length` consecutive days starting on ISO weekday `firstWeekday`.
    ///
    /// Constant time: whole weeks take the weekly factor sum, the rest a difference of
    /// `cumulativeFactors`.
    func projection(days length: Int, firstWeekday: Int) -> Double {
        guard length > 0 else { return 0 }
        let rest = length % 7
        let sum = Double(length / 7) * cumulativeFactors[7]
            + cumulativeFactors[firstWeekday - 1 + rest] - cumulativeFactors[firstWeekday - 1]
        return mean * sum
    }

    /// Parametric variance (micros²) of the error of a `days`-day projection.
    ///
    /// Future days' own noise, `days * σ²`, plus the uncertainty of the window mean carried over
    /// every projected day, `days² * σ² / length`: the second term is why a shorter history gives
    /// a wider interval.
    func errorVariance(days: Int) -> Double {
        let h = Double(days)
        return residualVariance * (h + h * h / Double(length))
    }
}

/// Statistical constants for the 80% interval.
enum ForecastInterval {
    /// The standard normal 90th percentile.
    static let z90 = 1.2815515655446004

    /// Factor on the parametric half-width when no past forecasts can be replayed.
    ///
    /// The parametric interval assumes independent days around a steady rate; replays are what
    /// catch trends and bursts. On synthetic series the bare parametric interval covered 79% of
    /// steady-noise outcomes but 58% on a steady upward trend, so without replays it is widened
    /// by a quarter (87% for steady noise). This also keeps a forecast with little history wider
    /// than one whose interval has been checked against its past.
    static let unvalidatedWidening = 1.25

    /// Student's t 90th percentile with `dof` degrees of freedom, Cornish–Fisher expansion.
    ///
    /// Within 0.2% of the table for 5 or more degrees of freedom (the window minimum gives 6).
    static func t90(dof: Int) -> Double {
        let v = Double(max(dof, 1))
        let z = z90
        let z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z
        return z + (z3 + z) / (4 * v)
            + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
            + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v)
    }

    /// The 0-based ranks of the lower and upper bound among `count` sorted past errors, or nil when
    /// there are too few for an 80% interval.
    ///
    /// The k-th smallest and k-th largest of n exchangeable errors bracket a new one with
    /// probability (n + 1 − 2k) / (n + 1); k = ⌊0.1 (n + 1)⌋ makes that at least 80%.
    static func ranks(count: Int) -> (low: Int, high: Int)? {
        let k = (count + 1) / 10
        guard k >= 1 else { return nil }
        return (k - 1, count - k)
    }
}

extension ForecastInterval {
    /// The value of 0-based `rank` in ascending order, rearranging `values` (quickselect).
    ///
    /// Linear on average; written for `[Double]` rather than calling the generic `sort()`, which
    /// unspecialised (debug builds) made a year's backtest several times slower. Median-of-three
    /// pivots keep sorted input linear too.
    static func select(_ values: inout [Double], rank: Int) -> Double {
        precondition(rank >= 0 && rank < values.count, "rank out of range")
        var low = 0
        var high = values.count - 1
        while low < high {
            let middle = low + (high - low) / 2
            if values[middle] < values[low] { values.swapAt(middle, low) }
            if values[high] < values[low] { values.swapAt(high, low) }
            if values[high] < values[middle] { values.swapAt(high, middle) }
            let pivot = values[middle]
            var i = low
            var j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while pivot < values[j] { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if rank <= j {
                high = j
            } else if rank >= i {
                low = i
            } else {
                return values[rank]
            }
        }
        return values[rank]
    }
}

extension Money {
    /// Rounds a statistical amount in micros (a `Double`) to whole cents, half-to-even.
    ///
    /// The `Double` is first rounded to the nearest whole micro; the cents rounding is then done
    /// in integers, so equal inputs always give equal money. Non-finite values become zero.
    static func projected(micros value: Double) -> Money {
        guard value.isFinite else { return .zero }
        let bounded = min(max(value.rounded(.toNearestOrEven), -9.0e18), 9.0e18)
        return Money(micros: Int64(bounded)).roundedToCents
    }
}
