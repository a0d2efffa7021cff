extension EffectiveCard {
    /// The first day on which no entry of the card can price `model` from `provider`: the stop
    /// day of its forecast, or nil when it never stops.
    ///
    /// The rule (docs/README-forecast.md, "Retired models"): take every entry, user and built-in,
    /// whose provider equals `provider` (ignoring case) and whose model pattern matches `model`
    /// (exact, snapshot base or glob, as pricing matches), **whatever its sizes**. If any of them
    /// is open-ended (no `effective_to`), the model is not retired: nil. Otherwise the stop day is
    /// the latest `effective_to` among them; `effective_to` is already exclusive, so it is the first
    /// day without a rate, which is what the forecaster's stop day means. Sizes are ignored because a
    /// model still billable at one size is not retired. No matching entry at all also gives nil:
    /// such usage is unpriced, so it adds nothing to project anyway.
    ///
    /// The built-in Sora 2 entries end on 2026-09-25 (exclusive; the API shut down on 2026-09-24),
    /// so `openai`/`sora-2` stops on 2026-09-25 unless a user card prices it later.
    public func stopDay(provider: String, model: String) -> Day? {
        let name = ModelName(model)
        let wanted = provider.lowercased()
        var latest: Day?
        for candidate in entries where candidate.entry.provider.lowercased() == wanted {
            guard candidate.entry.model.match(name) != nil else { continue }
            guard let end = candidate.entry.effectiveTo else { return nil }
            latest = max(latest ?? end, end)
        }
        return latest
    }
}
