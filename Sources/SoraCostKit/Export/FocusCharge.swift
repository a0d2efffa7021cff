/// One FOCUS row before it is spelled: a job, or the jobs of one day that share a price.
///
/// Costs are exact (`Money`); `listCost == listUnitPrice × quantity` and `contractedCost ==
/// contractedUnitPrice × quantity` hold exactly, as FOCUS requires. An unpriced charge has no
/// unit prices and no costs (nil, never 0) and carries its reason.
struct FocusCharge {
    /// What groups day rows: everything a row's FOCUS columns say except quantities and costs.
    struct Key: Hashable {
        var day: Day
        var billingAccountID: String
        var billingAccountName: String
        var provider: String
        var project: String?
        var model: String
        var size: String
        var isBatch: Bool
        var currency: String?
        var unit: RateUnit?
        var listUnitPrice: Money?
        var contractedUnitPrice: Money?
        var unpriced: UnpricedReason?
    }

    var key: Key
    /// Pricing (and consumed) quantity: seconds or generations; for unpriced usage the billable
    /// seconds (0 for an extension whose segment is unknown).
    var quantity: Int
    var listCost: Money?
    var contractedCost: Money?
    var jobCount: Int
    /// The job of a per-job row.
    var job: Job?

    mutating func add(_ other: FocusCharge) {
        quantity += other.quantity
        jobCount += other.jobCount
        if let cost = other.listCost { listCost = (listCost ?? .zero) + cost }
        if let cost = other.contractedCost { contractedCost = (contractedCost ?? .zero) + cost }
        job = nil
    }

    var skuID: String { "\(key.model):\(key.size)" }
    var skuPriceID: String { "\(skuID):\(key.isBatch ? "batch" : "standard")" }

    /// FOCUS units: `Seconds` (a FOCUS unit-format example) or `Generations`.
    var unitName: String {
        switch key.unit {
        case .generation: "Generations"
        case .second, nil: "Seconds"
        }
    }

    /// The values of `FocusColumns.header(version, aggregation)`, nil for null.
    ///
    /// Spelled once per row in `FocusColumns.all`'s order and picked by the header's positions
    /// (`FocusColumns.positions`), so a row costs no lookup by column name.
    func fields(_ version: FocusVersion, _ aggregation: FocusAggregation) -> [String?] {
        let parties = FocusParties(provider: key.provider)
        let month = key.day.month
        let priced = key.unpriced == nil
        let contracted = contractedCost?.plainDecimal
        let unit = unitName
        let quantityText = String(quantity)
        let values: [String?] = [
            contracted,                                   // BilledCost
            key.billingAccountID,                         // BillingAccountId
            key.billingAccountName,                       // BillingAccountName
            key.currency,                                 // BillingCurrency
            FocusCharge.midnight(month.next.firstDay),    // BillingPeriodEnd
            FocusCharge.midnight(month.firstDay),         // BillingPeriodStart
            FocusColumns.chargeCategory,                  // ChargeCategory
            nil,                                          // ChargeClass
            description(aggregation),                     // ChargeDescription
            FocusColumns.chargeFrequency,                 // ChargeFrequency
            FocusCharge.midnight(key.day.advanced(by: 1)), // ChargePeriodEnd
            FocusCharge.midnight(key.day),                // ChargePeriodStart
            quantityText,                                 // ConsumedQuantity
            unit,                                         // ConsumedUnit
            contracted,                                   // ContractedCost
            key.contractedUnitPrice?.plainDecimal,        // ContractedUnitPrice
            contracted,                                   // EffectiveCost
            parties.host,                                 // HostProviderName
            parties.invoiceIssuer,                        // InvoiceIssuerName
            listCost?.plainDecimal,                       // ListCost
            key.listUnitPrice?.plainDecimal,              // ListUnitPrice
            priced ? FocusColumns.pricingCategory : nil,  // PricingCategory
            quantityText,                                 // PricingQuantity
            unit,                                         // PricingUnit
            parties.provider,                             // ProviderName
            parties.publisher,                            // PublisherName
            FocusColumns.serviceCategory,                 // ServiceCategory
            FocusColumns.serviceName,                     // ServiceName
            parties.provider,                             // ServiceProviderName
            FocusColumns.serviceSubcategory,              // ServiceSubcategory
            skuID,                                        // SkuId
            FocusColumns.skuMeter,                        // SkuMeter
            skuPriceDetails,                              // SkuPriceDetails
            skuPriceID,                                   // SkuPriceId
            key.project,                                  // SubAccountId
            key.project,                                  // SubAccountName
            job.flatMap { Tags.encode($0.tags) },         // Tags
            key.provider,                                 // x_Provider
            job?.model ?? key.model,                      // x_Model
            key.size,                                     // x_Size
            key.isBatch ? "true" : "false",               // x_Batch
            key.unpriced?.rawValue,                       // x_UnpricedReason
            String(jobCount),                             // x_JobCount
            job?.videoID,                                 // x_VideoId
            job?.account,                                 // x_Account
            job?.resolution,                              // x_Resolution
            job.map { String($0.seconds) },               // x_Seconds
            job?.status.rawValue,                         // x_Status
            job?.kind.rawValue,                           // x_Kind
            job?.project,                                 // x_Project
            job?.user,                                    // x_User
            job.map { Timestamp.iso($0.createdAt) },      // x_CreatedAt
            job?.completedAt.map(Timestamp.iso),          // x_CompletedAt
        ]
        return FocusColumns.positions(version, aggregation).map { values[$0] }
    }

    /// `YYYY-MM-DDT00:00:00Z`: the start of `day` as `Timestamp.iso` spells it.
    static func midnight(_ day: Day) -> String { day.iso + "T00:00:00Z" }

    /// `{"x_Model":"sora-2-pro","x_Size":"1792x1024","x_Tier":"standard"}`: custom keys only.
    private var skuPriceDetails: String {
        "{\"x_Model\":\(JSONText.quote(key.model)),\"x_Size\":\(JSONText.quote(key.size)),"
            + "\"x_Tier\":\"\(key.isBatch ? "batch" : "standard")\"}"
    }

    /// An ASCII summary: `sora-2-pro video generation, 1792x1024, 12 Seconds at 0.5 USD/Second`.
    private func description(_ aggregation: FocusAggregation) -> String {
        var text = "\(key.model) video generation\(key.isBatch ? " (batch)" : ""), \(key.size), \(quantity) \(unitName)"
        if let price = key.contractedUnitPrice, let currency = key.currency {
            text += " at \(price.plainDecimal) \(currency)/\(unitName.dropLast())"
        } else if let reason = key.unpriced {
            text += ", unpriced (\(reason.rawValue))"
        }
        if aggregation == .day { text += ", \(jobCount) job\(jobCount == 1 ? "" : "s") on \(key.day.iso)" }
        return text
    }
}

extension Money {
    /// The exact value as FOCUS numbers are spelled: plain decimal, no trailing zeros past the
    /// point (`12`, `0.5`, `0.125`, `-1.5`), never an exponent or a `+`.
    var plainDecimal: String {
        let magnitude = micros.magnitude
        let perUnit = UInt64(Money.microsPerUnit)
        let units = String(magnitude / perUnit)
        var fraction = magnitude % perUnit
        let sign = micros < 0 ? "-" : ""
        guard fraction != 0 else { return sign + units }
        var digits = 6
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let text = String(fraction)
        return sign + units + "." + String(repeating: "0", count: digits - text.count) + text
    }
}
