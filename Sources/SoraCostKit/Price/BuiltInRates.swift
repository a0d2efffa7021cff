/// OpenAI's published Sora 2 list prices, the card every lookup falls back to.
///
/// Prices are USD per second of output video and did not change from launch (2025-10-06) to the
/// shutdown of the Videos API on 2026-09-24. The last entry day is the shutdown day itself:
/// `effective_to` is exclusive, so the entries end on 2026-09-25 and a job created on 2026-09-24
/// before the shutdown is priced, while anything dated later is `noRateOnDate`.
/// The 1080p sizes of sora-2-pro (1920x1080, 1080x1920) have no published price and stay
/// unpriced unless a user card prices them.
public enum BuiltInRates {
    public static let sourceName = "built-in"
    public static let launch = Day(year: 2025, month: 10, day: 6)
    /// The day the Videos API shut down; the last day the built-in rates price.
    public static let shutdown = Day(year: 2026, month: 9, day: 24)

    static let priceSource = "OpenAI API pricing page, Sora 2 video generation list price (USD per second), "
        + "unchanged from launch 2025-10-06 to shutdown 2026-09-24"
    static let portrait720 = RateSize(width: 720, height: 1280)
    static let landscape720 = RateSize(width: 1280, height: 720)
    static let portrait1024 = RateSize(width: 1024, height: 1792)
    static let landscape1024 = RateSize(width: 1792, height: 1024)

    /// Batch jobs are 50% off (OpenAI: "50% off synchronous prices"); failed jobs are assumed
    /// unbilled, as OpenAI documents nothing either way.
    public static let card = RateCard(
        sourceName: sourceName,
        defaults: RateDefaults(currency: "USD", batchDiscount: RatePercent(whole: 50), discount: .zero, billFailed: false),
        entries: [
            entry("sora-2", [portrait720, landscape720], micros: 100_000),
            entry("sora-2-pro", [portrait720, landscape720], micros: 300_000),
            entry("sora-2-pro", [portrait1024, landscape1024], micros: 500_000),
        ])

    private static func entry(_ model: String, _ sizes: [RateSize], micros: Int64) -> RateEntry {
        RateEntry(provider: "openai", model: model, sizes: sizes, unit: .second, rate: Money(micros: micros),
                  currency: "USD", effectiveFrom: launch, effectiveTo: shutdown.advanced(by: 1), source: priceSource)
    }
}
