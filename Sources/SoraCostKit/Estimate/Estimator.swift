/// Why an estimate could not be made; kit errors name no command-line option.
public enum EstimateError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The lines are priced in several currencies, which cannot be added up.
    case mixedCurrencies([String])
    /// An amount does not fit in an Int64 of micro-units (about 9.2 trillion).
    case tooLarge(String)

    public var description: String {
        switch self {
        case .mixedCurrencies(let list):
            "the rate cards price these lines in several currencies (\(list.joined(separator: ", "))), which cannot be added up"
        case .tooLarge(let what): "the amount for \(what) is too large to hold exactly"
        }
    }
}

/// The estimate of one line: its rate and figures, or why it has no price.
public struct LineEstimate: Sendable, Equatable {
    public var line: EstimateLine
    /// The UTC day whose rates apply.
    public var day: Day
    /// The calendar month of the `per_calendar_month` figure.
    public var month: Month
    /// The pricer's answer for one completed job of the line: billed (with the rate entry and
    /// arithmetic) or unpriced with its reason. Never $0 for an unpriced line.
    public var outcome: PriceOutcome
    /// What one failed job costs when the card bills failures; nil when failures are not billed.
    public var failedJobCost: Money?
    /// The expected cost of one job (failures weighed by their share), then each basis's figure;
    /// empty when the line is unpriced.
    public var perJob: EstimateFigure?
    public var figures: [EstimateFigure]

    public var charge: PriceCharge? {
        if case .billed(let charge) = outcome { return charge }
        return nil
    }

    // Not inlined: Swift 6.3.1's release optimizer (CopyPropagation) crashes on this switch when
    // it is inlined into `EstimateDocument.init(scenario:...)`.
    @inline(never)
    public var unpricedReason: UnpricedReason? {
        if case .unpriced(let reason, _) = outcome { return reason }
        return nil
    }

    /// The figure for `key` (`per_day`, ...), nil if unpriced.
    public func figure(_ key: String) -> EstimateFigure? {
        key == "per_job" ? perJob : figures.first { $0.basis.key == key }
    }
}

/// Prices planned workloads with the one `Pricer`: each line becomes a hypothetical completed job
/// (and a failed one, for its failure share) on `day`, and its per-job charge is scaled to every
/// `EstimateBasis` exactly.
public struct Estimator: Sendable {
    public var pricer: Pricer
    /// The UTC day whose rates apply.
    public var day: Day
    /// The calendar month of the `per_calendar_month` figure.
    public var month: Month

    public init(pricer: Pricer, day: Day, month: Month) {
        self.pricer = pricer
        self.day = day
        self.month = month
    }

    public var bases: [EstimateBasis] { EstimateBasis.all(calendarMonth: month) }

    public func estimate(_ line: EstimateLine) throws(EstimateError) -> LineEstimate {
        let completed = pricer.price(line.job(on: day, status: .completed))
        var estimate = LineEstimate(line: line, day: day, month: month, outcome: completed.outcome, failedJobCost: nil,
                                    perJob: nil, figures: [])
        guard let charge = estimate.charge else { return estimate }
        let failed = pricer.price(line.job(on: day, status: .failed))
        estimate.failedJobCost = failed.cost
        // One job, failures weighed in, in ten-thousandths of a micro-unit: exact for any share
        // written with two decimals of a percent.
        let share = line.failureShare.hundredths
        let (good, overflow1) = charge.amount.micros.multipliedReportingOverflow(by: 10_000 - share)
        let (bad, overflow2) = (failed.cost ?? .zero).micros.multipliedReportingOverflow(by: share)
        let (weighted, overflow3) = good.addingReportingOverflow(bad)
        let perPeriod = Int64(line.count)
        guard !(overflow1 || overflow2 || overflow3) else { throw .tooLarge(line.summary) }
        let base = Money(micros: weighted)
        guard let perJob = EstimateFigure.scale(base, by: 1, over: 10_000) else { throw .tooLarge(line.summary) }
        estimate.perJob = EstimateFigure(
            basis: EstimateBasis(key: "per_job", label: "Per job", length: "one job", numerator: 0, denominator: 1),
            amount: perJob.amount, isExact: perJob.isExact)
        for basis in bases {
            let (numerator, overflow) = perPeriod.multipliedReportingOverflow(by: basis.numerator)
            guard !overflow,
                  let figure = EstimateFigure.scale(base, by: numerator,
                                                    over: 10_000 * line.per.days * basis.denominator)
            else { throw .tooLarge(line.summary) }
            estimate.figures.append(EstimateFigure(basis: basis, amount: figure.amount, isExact: figure.isExact))
        }
        return estimate
    }
}
