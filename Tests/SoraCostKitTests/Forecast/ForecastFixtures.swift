import Foundation
import SoraCostKit

/// Seeded synthetic spend for the forecast tests; namespaced so other suites' helpers cannot clash.
enum ForecastFixtures {
    /// Deterministic pseudo-random numbers: SplitMix64, seeded explicitly so every run sees the
    /// same series.
    struct Generator: RandomNumberGenerator {
        private var state: UInt64

        init(seed: UInt64) { state = seed }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// A uniform value in [0, 1).
        mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

        /// A standard normal value (Box–Muller).
        mutating func normal() -> Double {
            let u1 = max(uniform(), 1e-300)
            let u2 = uniform()
            return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        }
    }

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
