/// Small robust statistics on `Double` samples (at most a few dozen values each), shared by the
/// forecaster and the anomaly rule. Written for `[Double]` with an insertion sort: the generic
/// `sort()` unspecialised (debug builds) made a backtest several times slower.
enum RobustStatistics {
    /// `values` in ascending order.
    static func sorted(_ values: [Double]) -> [Double] {
        var result = values
        var i = 1
        while i < result.count {
            let value = result[i]
            var j = i - 1
            while j >= 0 && result[j] > value {
                result[j + 1] = result[j]
                j -= 1
            }
            result[j + 1] = value
            i += 1
        }
        return result
    }

    /// The middle value, or the mean of the two middle values; 0 for no values.
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let s = sorted(values)
        let n = s.count
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2])
    }

    /// The mean after dropping the ⌊n/5⌋ smallest and ⌊n/5⌋ largest values (under 5 values: the
    /// plain mean); 0 for no values.
    static func trimmedMean(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let s = sorted(values)
        let k = s.count / 5
        var sum = 0.0
        for index in k..<(s.count - k) { sum += s[index] }
        return sum / Double(s.count - 2 * k)
    }

    /// The mean after lowering every value above `median + madMultiple · 1.4826 · MAD` to that
    /// cap (no cap when the MAD is 0); 0 for no values.
    static func cappedMean(_ values: [Double], madMultiple: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let center = median(values)
        let spread = mad(values, median: center)
        let cap = spread > 0 ? center + madMultiple * 1.4826 * spread : Double.infinity
        return values.reduce(0) { $0 + min($1, cap) } / Double(values.count)
    }

    /// The median absolute deviation from the median.
    static func mad(_ values: [Double], median center: Double) -> Double {
        median(values.map { ($0 - center).magnitude })
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
