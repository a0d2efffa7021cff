import Testing
@testable import SoraCostKit

@Suite struct PricerTests {
    let builtIn = Pricer(card: EffectiveCard())
    let company: Pricer

    init() throws {
        let user = try RateCard.load(path: PriceFixtures.ratesDirectory + "/company.json")
        company = Pricer(card: EffectiveCard(user: user))
    }

    // MARK: - Published examples

    /// `perDay` jobs a day for `days` days starting at `start`, priced one by one; returns each
    /// day's exact total.
    private func dailyTotals(perDay: Int, days: Int, start: String, model: String, size: String,
                             seconds: Int, everyDays: Int = 1) throws -> [Money] {
        let first = try #require(Day(iso: start))
        return try (0..<days).map { period in
            let day = first.advanced(by: period * everyDays)
            let costs = try (0..<perDay).map { n in
                let job = PriceFixtures.job("video_\(period)_\(n)", model: model, size: size, seconds: seconds,
                                            createdAt: day.unixStart + Int64(n * 97 % 86_400))
                return try #require(builtIn.price(job).cost)
            }
            return costs.sum()
        }
    }

    @Test func tenEightSecondSora2JobsADay() throws {
        let days = try dailyTotals(perDay: 10, days: 30, start: "2025-11-01", model: "sora-2", size: "1280x720", seconds: 8)
        #expect(days.allSatisfy { $0 == Money.usd("8.00") })
        #expect(days.sum() == Money.usd("240.00"))
    }

    @Test func fiveTwelveSecondProJobsADayAt1792x1024() throws {
        let days = try dailyTotals(perDay: 5, days: 30, start: "2026-04-01", model: "sora-2-pro", size: "1792x1024", seconds: 12)
        #expect(days.allSatisfy { $0 == Money.usd("30.00") })
        #expect(days.sum() == Money.usd("900.00"))
    }

    @Test func fiftyFourSecondSora2JobsAWeek() throws {
        // 50 jobs a week, all on each week's Monday; four consecutive weeks.
        let weeks = try dailyTotals(perDay: 50, days: 4, start: "2026-02-02", model: "sora-2", size: "720x1280",
                                    seconds: 4, everyDays: 7)
        #expect(weeks.allSatisfy { $0 == Money.usd("20.00") })
        #expect(weeks.sum() == Money.usd("80.00"))
    }

    // MARK: - Models, sizes and dates

    @Test(arguments: [
        ("sora-2-2025-12-08", "1280x720", "0.80"),
        ("sora-2-pro-2025-10-06", "720x1280", "2.40"),
        ("sora-2-pro-2025-10-06", "1024x1792", "4.00"),
    ])
    func snapshotsPriceAsTheirBaseModel(model: String, size: String, cost: String) throws {
        let result = builtIn.price(PriceFixtures.job(model: model, size: size, seconds: 8))
        let charge = try #require(result.charge)
        #expect(charge.amount == Money.usd(cost))
        #expect(charge.rate.entry.model.text == ModelName.snapshotBase(of: model))
    }

    @Test(arguments: ["1920x1080", "1080x1920"])
    func builtInLeaves1080pUnpriced(size: String) {
        let result = builtIn.price(PriceFixtures.job(model: "sora-2-pro", size: size, seconds: 8))
        #expect(result.outcome == .unpriced(.unknownSize, nil))
        #expect(result.cost == nil)
    }

    @Test func eachUnpricedReason() {
        #expect(builtIn.price(PriceFixtures.job(model: "veo-3")).unpricedReason == .unknownModel)
        #expect(builtIn.price(PriceFixtures.job(provider: "somewhere")).unpricedReason == .unknownModel)
        #expect(builtIn.price(PriceFixtures.job(size: "1024x1792")).unpricedReason == .unknownSize)
        #expect(builtIn.price(PriceFixtures.job(createdAt: PriceFixtures.unix("2025-10-05", 23, 59, 59))).unpricedReason
            == .noRateOnDate)
        let extensionJob = PriceFixtures.job(seconds: 12, kind: .extension)
        let result = builtIn.price(extensionJob)
        #expect(result.unpricedReason == .extensionSegmentUnknown)
        #expect(result.billableSeconds == nil)
    }

    @Test func builtInPricesThroughTheShutdownDay() {
        let lastDay = builtIn.price(PriceFixtures.job(createdAt: PriceFixtures.unix("2026-09-24", 23, 59, 59)))
        #expect(lastDay.cost == Money.usd("0.80"))
        let after = builtIn.price(PriceFixtures.job(createdAt: PriceFixtures.unix("2026-09-25", 0, 0, 0)))
        #expect(after.unpricedReason == .noRateOnDate)
        let launch = builtIn.price(PriceFixtures.job(createdAt: PriceFixtures.unix("2025-10-06", 0, 0, 0)))
        #expect(launch.cost == Money.usd("0.80"))
    }

    @Test func priceChangeTakesEffectAtUTCMidnight() throws {
        let user = try PriceFixtures.card("""
            {"version": 1, "entries": [
              {"provider": "vidgate", "model": "sora-2-pro", "unit": "second", "rate": "0.36",
               "effective_from": "2025-11-01", "effective_to": "2026-04-01", "source": "old list"},
              {"provider": "vidgate", "model": "sora-2-pro", "unit": "second", "rate": "0.40",
               "effective_from": "2026-04-01", "source": "new list"}
            ]}
            """)
        let pricer = Pricer(card: EffectiveCard(user: user))
        let before = pricer.price(PriceFixtures.job(provider: "vidgate", model: "sora-2-pro", seconds: 10,
                                                    createdAt: PriceFixtures.unix("2026-03-31", 23, 59, 59)))
        let after = pricer.price(PriceFixtures.job(provider: "vidgate", model: "sora-2-pro", seconds: 10,
                                                   createdAt: PriceFixtures.unix("2026-04-01", 0, 0, 0)))
        #expect(before.cost == Money.usd("3.60"))
        #expect(before.charge?.rate.entry.source == "old list")
        #expect(after.cost == Money.usd("4.00"))
        #expect(after.charge?.rate.entry.source == "new list")
    }

    @Test func usageDateCanFollowCompletion() throws {
        let user = try PriceFixtures.card("""
            {"version": 1, "entries": [
              {"provider": "gw", "model": "sora-2", "unit": "second", "rate": "0.10", "effective_to": "2026-04-01"},
              {"provider": "gw", "model": "sora-2", "unit": "second", "rate": "0.20", "effective_from": "2026-04-01"}
            ]}
            """)
        let job = PriceFixtures.job(provider: "gw", seconds: 10, createdAt: PriceFixtures.unix("2026-03-31", 23, 59, 0),
                                    completedAt: PriceFixtures.unix("2026-04-01", 0, 1, 0))
        let byCreation = Pricer(card: EffectiveCard(user: user))
        let byCompletion = Pricer(card: EffectiveCard(user: user), options: PricingOptions(usageDate: .completedAt))
        #expect(byCreation.price(job).cost == Money.usd("1.00"))
        #expect(byCompletion.price(job).cost == Money.usd("2.00"))
        #expect(byCompletion.price(job).usageDay == Day(year: 2026, month: 4, day: 1))
        var failed = job
        failed.completedAt = nil
        #expect(byCompletion.price(failed).usageDay == Day(year: 2026, month: 3, day: 31))
    }

    // MARK: - Modifiers and statuses

    @Test func batchJobsAreHalfPrice() throws {
        let charge = try #require(builtIn.price(PriceFixtures.job(seconds: 8, isBatch: true)).charge)
        #expect(charge.amount == Money.usd("0.40"))
        #expect(charge.arithmetic == "8 s × $0.10/s = $0.80; batch −50% = $0.40")
    }

    @Test func negotiatedDiscountStacksAfterBatch() throws {
        let user = try PriceFixtures.card("""
            {"version": 1, "discount_percent": 10, "batch_discount_percent": 50, "entries": [
              {"provider": "openai", "model": "sora-2-pro", "sizes": ["1792x1024"], "unit": "second", "rate": "0.50",
               "source": "contract"}
            ]}
            """)
        let pricer = Pricer(card: EffectiveCard(user: user))
        let batch = try #require(pricer.price(PriceFixtures.job(model: "sora-2-pro", size: "1024x1792", seconds: 12, isBatch: true)).charge)
        #expect(batch.amount == Money.usd("2.70"))
        #expect(batch.arithmetic == "12 s × $0.50/s = $6.00; batch −50% = $3.00; negotiated −10% = $2.70")
        let sync = try #require(pricer.price(PriceFixtures.job(model: "sora-2-pro", size: "1024x1792", seconds: 12)).charge)
        #expect(sync.amount == Money.usd("5.40"))
        #expect(sync.steps.map(\.modifier) == [.negotiated])
    }

    @Test func flatGatewayBillsPerGenerationWhateverTheLength() throws {
        for (seconds, size) in [(4, "720x1280"), (20, "1920x1080")] {
            let job = PriceFixtures.job(provider: "flatcast", model: "sora-2-pro", size: size, seconds: seconds)
            let charge = try #require(company.price(job).charge)
            #expect(charge.amount == Money.usd("0.16"))
            #expect(charge.arithmetic == "1 generation × $0.16/generation = $0.16")
        }
        // Per generation, an extension needs no segment length.
        let extensionJob = PriceFixtures.job(provider: "flatcast", seconds: 16, kind: .extension)
        #expect(company.price(extensionJob).cost == Money.usd("0.16"))
    }

    @Test func gatewayRatesCoverModelPatterns() {
        let job = PriceFixtures.job(provider: "vidgate", model: "sora-2-pro-2025-10-06", size: "1792x1024", seconds: 10)
        #expect(company.price(job).cost == Money.usd("6.00"))
        let small = PriceFixtures.job(provider: "vidgate", model: "sora-2-pro", size: "1280x720", seconds: 10)
        #expect(company.price(small).cost == Money.usd("3.60"))
        #expect(company.price(PriceFixtures.job(provider: "vidgate", model: "sora-2")).unpricedReason == .unknownModel)
    }

    @Test func failedJobsFollowTheCardOrTheOverride() throws {
        let failed = PriceFixtures.job(seconds: 8, status: .failed)
        #expect(builtIn.price(failed).outcome.name == "not_billed")
        #expect(builtIn.price(failed).cost == nil)

        let billing = Pricer(card: EffectiveCard(), options: PricingOptions(billFailedOverride: true))
        #expect(billing.price(failed).cost == Money.usd("0.80"))

        let user = try PriceFixtures.card("""
            {"version": 1, "entries": [
              {"provider": "gw", "model": "sora-2", "unit": "second", "rate": "0.10", "bill_failed": true}
            ]}
            """)
        let card = EffectiveCard(user: user)
        var gatewayFailed = failed
        gatewayFailed.provider = "gw"
        #expect(Pricer(card: card).price(gatewayFailed).cost == Money.usd("0.80"))
        let never = Pricer(card: card, options: PricingOptions(billFailedOverride: false))
        #expect(never.price(gatewayFailed).outcome.name == "not_billed")
    }

    @Test(arguments: [JobStatus.queued, .inProgress])
    func unfinishedJobsArePending(status: JobStatus) {
        let result = builtIn.price(PriceFixtures.job(status: status))
        #expect(result.outcome == .pending)
        #expect(result.cost == nil)
    }

    @Test func extensionsBillTheirNewSegmentAndRemixesTheirOwnSize() {
        let extensionJob = PriceFixtures.job(model: "sora-2-pro", seconds: 20, kind: .extension, segmentSeconds: 8)
        #expect(builtIn.price(extensionJob).cost == Money.usd("2.40"))
        let remix = PriceFixtures.job(model: "sora-2-pro", size: "1792x1024", seconds: 4, kind: .remix)
        #expect(builtIn.price(remix).cost == Money.usd("2.00"))
        let edit = PriceFixtures.job(seconds: 4, kind: .edit)
        #expect(builtIn.price(edit).cost == Money.usd("0.40"))
    }

    // MARK: - Layering

    @Test func negotiated1080pPriceAppliesFromItsStartDate() throws {
        let march = PriceFixtures.job(model: "sora-2-pro", size: "1080x1920", seconds: 10,
                                      createdAt: PriceFixtures.unix("2026-03-01", 0, 0, 0))
        let charge = try #require(company.price(march).charge)
        #expect(charge.amount == Money.usd("7.00"))
        #expect(charge.rate.origin == .user)
        #expect(charge.rate.entry.source.contains("contract"))
        var february = march
        february.createdAt = PriceFixtures.unix("2026-02-28", 23, 59, 59)
        #expect(company.price(february).unpricedReason == .noRateOnDate)
        // List-priced sizes still come from the built-in card.
        let listed = company.price(PriceFixtures.job(model: "sora-2-pro", size: "720x1280", seconds: 10))
        #expect(listed.charge?.rate.origin == .builtIn)
    }

    @Test func mostSpecificEntryWins() throws {
        let user = try PriceFixtures.card("""
            {"version": 1, "entries": [
              {"provider": "openai", "model": "sora-2*", "unit": "second", "rate": "0.01", "source": "glob any size"},
              {"provider": "openai", "model": "sora-2*", "sizes": ["720x1280"], "unit": "second", "rate": "0.02",
               "source": "glob with size"},
              {"provider": "openai", "model": "sora-2-pro*", "unit": "second", "rate": "0.03", "source": "longer glob"},
              {"provider": "openai", "model": "sora-2-pro", "unit": "second", "rate": "0.04", "source": "exact any size"},
              {"provider": "openai", "model": "sora-2-2025-12-08", "unit": "second", "rate": "0.05", "source": "exact snapshot"},
              {"provider": "openai", "model": "sora-2", "sizes": ["1280x720"], "unit": "second", "rate": "0.06",
               "source": "user exact"}
            ]}
            """)
        let pricer = Pricer(card: EffectiveCard(user: user))
        func source(_ model: String, _ size: String) -> String? {
            pricer.price(PriceFixtures.job(model: model, size: size)).charge?.rate.entry.source
        }
        // Exact model and sizes in both cards: the user card wins the tie.
        #expect(source("sora-2", "720x1280") == "user exact")
        // Exact name beats the snapshot base, which beats any glob.
        #expect(source("sora-2-2025-12-08", "720x1280") == "exact snapshot")
        #expect(source("sora-2-2025-10-06", "720x1280") == "user exact")
        // Built-in exact (with sizes) beats a user exact entry for any size: sizes are more specific.
        #expect(source("sora-2-pro", "1792x1024") == BuiltInRates.card.entries[2].source)
        // With no exact entry for the size, the exact any-size entry beats globs.
        #expect(source("sora-2-pro", "1920x1080") == "exact any size")
        // Among globs, the longer literal wins, then sizes.
        #expect(source("sora-2-pro-hd", "1920x1080") == "longer glob")
        #expect(source("sora-2-mini", "720x1280") == "glob with size")
        #expect(source("sora-2-mini", "1920x1080") == "glob any size")
    }

    @Test func effectiveCardListsEntriesWithOrigin() throws {
        let user = try RateCard.load(path: PriceFixtures.ratesDirectory + "/company.json")
        let card = EffectiveCard(user: user)
        #expect(card.entries.count == user.entries.count + BuiltInRates.card.entries.count)
        #expect(card.entries.filter { $0.origin == .builtIn }.count == 3)
        let early = card.entries(inForceOn: Day(year: 2025, month: 10, day: 20))
        #expect(Set(early.map(\.entry.provider)) == ["openai", "azure"])
        #expect(card.unpricedReason(provider: "openai", model: "sora-2-pro", width: 1920, height: 1080,
                                    on: Day(year: 2026, month: 3, day: 1)) == nil)
        #expect(card.unpricedReason(provider: "openai", model: "sora-2-pro", width: 1920, height: 1080,
                                    on: Day(year: 2026, month: 2, day: 1)) == .noRateOnDate)
    }

    @Test func userCardComesFromTheOptionThenTheEnvironment() throws {
        let path = PriceFixtures.ratesDirectory + "/company.json"
        #expect(try EffectiveCard.load(ratesPath: nil, environment: [:]).user == nil)
        #expect(try EffectiveCard.load(ratesPath: nil, environment: ["SORACOST_RATES": path]).user?.sourceName == path)
        let broken = PriceFixtures.ratesDirectory + "/broken.json"
        #expect(try EffectiveCard.load(ratesPath: path, environment: ["SORACOST_RATES": broken]).user?.sourceName == path)
        #expect(throws: RateCardError.self) { try EffectiveCard.load(ratesPath: broken, environment: [:]) }
    }

    // MARK: - Groups

    @Test func groupPricingEqualsTheSumOfJobs() throws {
        let start = try #require(Day(iso: "2026-02-27"))
        let providers = ["openai", "azure", "vidgate", "flatcast"]
        let models = ["sora-2", "sora-2-pro", "sora-2-2025-12-08", "sora-2-pro-2025-10-06"]
        let sizes = ["720x1280", "1280x720", "1792x1024", "1920x1080"]
        let statuses: [JobStatus] = [.completed, .completed, .completed, .failed, .queued, .inProgress]
        let kinds: [RequestKind] = [.create, .remix, .edit, .extension]
        var jobs: [Job] = []
        for n in 0..<3_000 {
            let kind = kinds[n / 5 % kinds.count]
            jobs.append(PriceFixtures.job(
                "video_\(n)", provider: providers[n % providers.count], model: models[n / 4 % models.count],
                size: sizes[n / 3 % sizes.count], seconds: [4, 8, 12, 16, 20][n % 5],
                createdAt: start.unixStart + Int64(n * 1_013 % (4 * 86_400)),
                status: statuses[n / 7 % statuses.count], isBatch: n % 3 == 0, kind: kind,
                segmentSeconds: kind == .extension && n % 2 == 0 ? 4 : nil))
        }
        for options in [PricingOptions(), PricingOptions(usageDate: .completedAt, billFailedOverride: true)] {
            let pricer = Pricer(card: company.card, options: options)
            var single = CostTotals()
            for job in jobs { single.add(pricer.price(job)) }
            var grouped = CostTotals()
            let groups = UsageCounts.aggregate(jobs, options: options)
            for (group, counts) in groups { grouped.add(pricer.price(group: group, counts: counts)) }
            #expect(groups.count < jobs.count / 2)
            #expect(grouped == single)
            #expect(single.billedJobs > 0 && single.pendingJobs > 0 && single.unpricedJobs > 0)
            #expect(Set(single.unpriced.keys).isSuperset(of: [.unknownModel, .unknownSize, .extensionSegmentUnknown]))
        }
    }

    @Test func groupReportsUnpricedExtensionsApart() {
        let group = UsageGroup(provider: "openai", model: "sora-2", width: 1280, height: 720, status: .completed,
                               isBatch: true, kind: .extension, usageDay: Day(year: 2026, month: 5, day: 1))
        let price = builtIn.price(group: group, jobs: 10, seconds: 56, extensionsWithoutSegment: 3)
        #expect(price.cost == Money.usd("2.80"))
        #expect(price.billedJobs == 7)
        #expect(price.billedSeconds == 56)
        #expect(price.unpriced == [.extensionSegmentUnknown: UnpricedUsage(jobs: 3, seconds: 0)])
        #expect(price.currency == "USD")
    }

    // MARK: - Explain

    @Test func explainShowsEntryModifiersAndArithmetic() throws {
        let job = PriceFixtures.job("video_abc", model: "sora-2-2025-12-08", seconds: 8,
                                    createdAt: PriceFixtures.unix("2026-01-05", 10, 0, 0), isBatch: true)
        let explanation = builtIn.explain(job)
        let text = explanation.text
        #expect(text.contains("video:      video_abc (provider openai)"))
        #expect(text.contains("model:      sora-2-2025-12-08 (dated snapshot, priced as sora-2)"))
        #expect(text.contains("usage day:  2026-01-05 (UTC day of created_at)"))
        #expect(text.contains("rate:       built-in entries[0]: openai sora-2, 720x1280, 1280x720, $0.10/s, 2025-10-06 to 2026-09-25 (exclusive)"))
        #expect(text.contains("modifiers:  batch −50% (applied), failed jobs not billed"))
        #expect(text.contains("arithmetic: 8 s × $0.10/s = $0.80; batch −50% = $0.40"))
        #expect(text.contains("cost:       $0.40"))
        #expect(text.contains("source:     OpenAI API pricing page"))

        let json = explanation.json
        #expect(json["cost"] == .string("0.40"))
        #expect(json["outcome"] == .string("billed"))
        #expect(json["snapshot_of"] == .string("sora-2"))
        #expect(json["rate"]?["origin"] == .string("built-in"))
        #expect(json["modifiers"] == .array([.object([("modifier", .string("batch")), ("percent", .number("50")),
                                                      ("unit_rate", .string("0.05"))])]))
    }

    @Test func explainSaysWhyAJobIsUnpriced() {
        let explanation = builtIn.explain(PriceFixtures.job(model: "sora-2-pro", size: "1920x1080"))
        #expect(explanation.lines.last == "cost:      unpriced (unknown_size): the model is priced, but not at this size")
        #expect(explanation.json["cost"] == .null)
        #expect(explanation.json["reason"] == .string("unknown_size"))
    }
}
