import Foundation
import SoraCostKit
import SoraCostTestSupport

/// Seeded synthetic spend for the forecast tests; namespaced so other suites' helpers cannot clash.
enum ForecastFixtures {
    /// The suites' seeded generator (SplitMix64, in SoraCostTestSupport).
    typealias Generator = SeededRandom

    /// `days` days from `start` with spend `dollars(dayIndex, day)` in dollars, rounded to whole
    /// micros and floored at zero.
    static func series(start: Day, days: Int, _ dollars: (Int, Day) -> Double) -> DailySeries {
        let amounts = (0..<days).map { index -> Money in
            let value = max(0, dollars(index, start.advanced(by: index)))
            return Money(micros: Int64((value * 1_000_000).rounded()))
        }
        return DailySeries(start: start, amounts: amounts)
    }
}
