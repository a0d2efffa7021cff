@testable import SoraCostKit

/// The research generator (research/forecast/proto.py, RESULTS.md §1) ported as is: growth,
/// weekly seasonality, a ×6 spike on 2026-03-10 and `openai/sora-2-pro` appearing on 2026-01-15,
/// 2025-09-01 … 2026-04-30, integer micros floored to whole cents.
enum SeededHistory {
    static let start = Day(year: 2025, month: 9, day: 1)
    static let end = Day(year: 2026, month: 4, day: 30)
    static let weekdayPercent: [Int64] = [110, 115, 115, 110, 100, 75, 75]
    /// name, level on the first day (micros/day), growth (ppm/day), first day.
    static let components: [(name: String, level: Int64, growth: Int64, first: Day)] = [
        ("openai/sora-2", 40_000_000, 3_800, start),
        ("openai/sora-2-pro", 30_000_000, 3_800, Day(year: 2026, month: 1, day: 15)),
        ("azure/sora-2", 8_000_000, 0, start),
    ]
    static let spikeDay = Day(year: 2026, month: 3, day: 10)

    /// Spend per component, in `components` order.
    static func generate(seed: UInt64, steady: Bool = false, spike: Bool = true, weekly: Bool = true) -> [DailySeries] {
        var generator = ForecastFixtures.Generator(seed: seed)
        let count = start.distance(to: end) + 1
        var amounts = components.map { _ in [Money](repeating: .zero, count: count) }
        var levels = components.map(\.level)
        for t in 0..<count {
            let day = start.advanced(by: t)
            for (c, component) in components.enumerated() {
                let draw = generator.next()
                if steady, component.first > start { continue }
                if day < component.first { continue }
                let mult = Int64(750_000 + draw % 500_001)
                var x = levels[c] * (weekly ? weekdayPercent[day.isoWeekday - 1] : 100) / 100
                x = x * mult / 1_000_000
                if spike, !steady, c == 0, day == spikeDay { x = x * 600 / 100 }
                amounts[c][t] = Money(micros: x - x % 10_000)
                levels[c] += levels[c] * (steady ? 0 : component.growth) / 1_000_000
            }
        }
        return amounts.map { DailySeries(start: start, amounts: $0) }
    }

    /// The generated history as a `SpendHistory` at the end of 2026-04-30.
    static func history(seed: UInt64, steady: Bool = false) -> SpendHistory {
        let series = generate(seed: seed, steady: steady)
        let parts = components.enumerated().map { index, component in
            let names = component.name.split(separator: "/").map(String.init)
            return SpendHistory.Component(key: nil, provider: names[0], model: names[1], series: series[index], stopDay: nil)
        }
        return SpendHistory(asOf: end, start: start, lastDataDay: end, components: parts)
    }
}
