import Foundation
import Testing
@testable import SoraCostKit

/// `Ledger.unpricedUsage(pricer:examples:)` on ledgers filled the way users fill them: log lines
/// through `LogImporter`.
@Suite struct UnpricedQueryTests {
    let directory: TemporaryDirectory
    let ledger: Ledger

    init() throws {
        (directory, ledger) = try TemporaryDirectory.withLedger()
    }

    func unix(_ date: String, _ hour: Int = 12, _ minute: Int = 0) -> Int64 { PriceFixtures.unix(date, hour, minute) }

    /// Imports log lines; fails the test on any reject so a typo in a fixture cannot pass silently.
    func importLines(_ lines: [String]) throws {
        let path = try directory.write("app-\(UUID().uuidString).jsonl", lines.joined(separator: "\n") + "\n")
        let report = try LogImporter(ledger: ledger).run(paths: [path])
        #expect(report.counts.rejected == 0)
        #expect(report.counts.new == lines.count)
    }

    /// One job of each unpriced reason, next to jobs that are billed, pending and not billed.
    func importMixedLedger() throws {
        try importLines([
            Sample.video("video_ok1", created: unix("2026-01-05")),
            Sample.envelope(Sample.video("video_ok2", created: unix("2026-01-05")), extra: #","batch":true"#),
            Sample.video("video_m2", model: "sora-3", seconds: "4", created: unix("2026-02-11")),
            Sample.video("video_m1", model: "sora-3", seconds: "8", created: unix("2026-02-10")),
            Sample.video("video_hd", model: "sora-2-pro", seconds: "12", size: "1920x1080", created: unix("2026-03-01")),
            Sample.video("video_lastday", created: unix("2026-09-24", 23, 59)),
            Sample.video("video_late", seconds: "8", created: unix("2026-09-25", 0, 0)),
            // Same group (model, size, day, kind): only the one without a segment is unpriced, and
            // video_e1 sorts first, so an example taken from the whole group would be wrong.
            Sample.envelope(Sample.video("video_e1", seconds: "12", created: unix("2026-01-06")),
                            extra: #","kind":"extension","segment_seconds":4"#),
            Sample.envelope(Sample.video("video_e2", seconds: "16", created: unix("2026-01-06")),
                            extra: #","kind":"extension""#),
            Sample.video("video_q", status: "queued", created: unix("2026-01-07")),
            Sample.video("video_f", model: "sora-3", status: "failed", created: unix("2026-01-07")),
        ])
    }

    @Test func listsEachReasonWithCountsSecondsDaysAndExamples() throws {
        try importMixedLedger()
        let report = try ledger.unpricedUsage(pricer: Pricer(card: EffectiveCard()))

        let summary = report.groups.map { "\($0.reason.rawValue) \($0.provider) \($0.model) \($0.size) \($0.jobs) \($0.seconds)" }
        #expect(summary == [
            "unknown_model openai sora-3 1280x720 2 12",
            "unknown_size openai sora-2-pro 1920x1080 1 12",
            "no_rate_on_date openai sora-2 1280x720 1 8",
            "extension_segment_unknown openai sora-2 1280x720 1 0",
        ])
        let models = try #require(report.groups.first)
        #expect(models.firstDay == Day(iso: "2026-02-10"))
        #expect(models.lastDay == Day(iso: "2026-02-11"))
        #expect(models.examples == [
            UnpricedExample(videoID: "video_m1", usageDay: Day(year: 2026, month: 2, day: 10)),
            UnpricedExample(videoID: "video_m2", usageDay: Day(year: 2026, month: 2, day: 11)),
        ])
        #expect(report.groups[2].examples.map(\.videoID) == ["video_late"])
        #expect(report.groups[3].examples.map(\.videoID) == ["video_e2"])

        let totals = report.totals
        #expect(totals.unpricedJobs == 5)
        #expect(totals.unpriced[.unknownModel] == UnpricedUsage(jobs: 2, seconds: 12))
        #expect(totals.unpriced[.extensionSegmentUnknown] == UnpricedUsage(jobs: 1, seconds: 0))
        // ok1, ok2 (batch), lastday (the shutdown day is priced), e1 (its 4 s segment).
        #expect(totals.billedJobs == 4)
        #expect(totals.billedSeconds == 8 + 8 + 8 + 4)
        #expect(totals.cost["USD"] == Money.usd("2.40"))
        #expect(totals.pendingJobs == 1)
        // A failed job is not billed, so its unknown model does not make it unpriced.
        #expect(totals.notBilledJobs == 1)
    }

    @Test(arguments: [
        PricingOptions(),
        PricingOptions(usageDate: .completedAt),
        PricingOptions(billFailedOverride: true),
    ])
    func groupTotalsEqualPricingEveryJob(options: PricingOptions) throws {
        try importMixedLedger()
        let pricer = Pricer(card: EffectiveCard(user: try RateCard.load(path: PriceFixtures.ratesDirectory + "/company.json")),
                            options: options)
        var perJob = CostTotals()
        try ledger.forEachJob { perJob.add(pricer.price($0)) }
        let report = try ledger.unpricedUsage(pricer: pricer)
        #expect(report.totals == perJob)
        #expect(report.groups.reduce(0) { $0 + $1.jobs } == perJob.unpricedJobs)
    }

    @Test func usageDateDecidesWhetherAJobOverTheShutdownIsPriced() throws {
        try importLines([Sample.video("video_midnight", created: unix("2026-09-24", 23, 59))])
        let byCreation = try ledger.unpricedUsage(pricer: Pricer(card: EffectiveCard()))
        #expect(byCreation.groups.isEmpty)
        #expect(byCreation.totals.billedJobs == 1)

        // Sample jobs complete 67 s after creation: 2026-09-25 00:00:07 UTC, past the last priced day.
        let byCompletion = try ledger.unpricedUsage(
            pricer: Pricer(card: EffectiveCard(), options: PricingOptions(usageDate: .completedAt)))
        let group = try #require(byCompletion.groups.first)
        #expect(group.reason == .noRateOnDate)
        #expect(group.firstDay == Day(iso: "2026-09-25"))
        #expect(group.examples == [UnpricedExample(videoID: "video_midnight", usageDay: Day(year: 2026, month: 9, day: 25))])
    }

    @Test func examplesAreTheOldestFewAndCanBeTurnedOff() throws {
        try importLines((1...6).map { n in
            Sample.video("video_x\(n)", model: "sora-3", created: unix("2026-01-0\(7 - n)"))
        })
        let report = try ledger.unpricedUsage(pricer: Pricer(card: EffectiveCard()), examples: 3)
        #expect(report.groups.count == 1)
        #expect(report.groups[0].jobs == 6)
        #expect(report.groups[0].examples.map(\.videoID) == ["video_x6", "video_x5", "video_x4"])
        #expect(report.groups[0].firstDay == Day(iso: "2026-01-01"))
        #expect(report.groups[0].lastDay == Day(iso: "2026-01-06"))

        let countsOnly = try ledger.unpricedUsage(pricer: Pricer(card: EffectiveCard()), examples: 0)
        #expect(countsOnly.groups[0].examples.isEmpty)
        #expect(countsOnly.groups[0].jobs == 6)
    }

    @Test func aUserCardPricesWhatTheBuiltInCardLacks() throws {
        try importMixedLedger()
        let card = try RateCard.load(path: PriceFixtures.ratesDirectory + "/company.json")
        let report = try ledger.unpricedUsage(pricer: Pricer(card: EffectiveCard(user: card)))
        // The company card prices 1080p sora-2-pro from 2026-03-01, the day video_hd was made.
        #expect(!report.groups.contains { $0.reason == .unknownSize })
        #expect(report.totals.unpriced[.unknownSize] == nil)
        #expect(report.groups.contains { $0.reason == .unknownModel && $0.model == "sora-3" })
    }

    @Test func statusCountsUnpricedAndPendingJobs() throws {
        try importMixedLedger()
        let plain = try ledger.status()
        #expect(plain.unpriced == nil)
        #expect(plain.pendingJobs == 1)

        let priced = try ledger.status(pricer: Pricer(card: EffectiveCard()))
        #expect(priced.unpriced?[.unknownModel] == UnpricedUsage(jobs: 2, seconds: 12))
        #expect(priced.unpriced?[.noRateOnDate] == UnpricedUsage(jobs: 1, seconds: 8))
        #expect(priced.unpriced?.values.reduce(0) { $0 + $1.jobs } == 5)
    }

    @Test func anEmptyLedgerHasNothingUnpriced() throws {
        let report = try ledger.unpricedUsage(pricer: Pricer(card: EffectiveCard()))
        #expect(report.groups.isEmpty)
        #expect(report.totals == CostTotals())
    }
}
