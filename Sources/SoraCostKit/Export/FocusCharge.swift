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
    func fields(_ version: FocusVersion, _ aggregation: FocusAggregation) -> [String?] {
        let parties = FocusParties(provider: key.provider)
        let month = key.day.month
        let priced = key.unpriced == nil
        var values: [String: String?] = [
            "BilledCost": contractedCost?.plainDecimal,
            "BillingAccountId": key.billingAccountID,
            "BillingAccountName": key.billingAccountName,
            "BillingCurrency": key.currency,
            "BillingPeriodEnd": Timestamp.iso(month.next.firstDay.unixStart),
            "BillingPeriodStart": Timestamp.iso(month.firstDay.unixStart),
            "ChargeCategory": FocusColumns.chargeCategory,
            "ChargeClass": nil,
            "ChargeDescription": description(aggregation),
            "ChargeFrequency": FocusColumns.chargeFrequency,
            "ChargePeriodEnd": Timestamp.iso(key.day.advanced(by: 1).unixStart),
            "ChargePeriodStart": Timestamp.iso(key.day.unixStart),
            "ConsumedQuantity": String(quantity),
            "ConsumedUnit": unitName,
            "ContractedCost": contractedCost?.plainDecimal,
            "ContractedUnitPrice": key.contractedUnitPrice?.plainDecimal,
            "EffectiveCost": contractedCost?.plainDecimal,
            "HostProviderName": parties.host,
            "InvoiceIssuerName": parties.invoiceIssuer,
            "ListCost": listCost?.plainDecimal,
            "ListUnitPrice": key.listUnitPrice?.plainDecimal,
            "PricingCategory": priced ? FocusColumns.pricingCategory : nil,
            "PricingQuantity": String(quantity),
            "PricingUnit": unitName,
            "ProviderName": parties.provider,
            "PublisherName": parties.publisher,
            "ServiceCategory": FocusColumns.serviceCategory,
            "ServiceName": FocusColumns.serviceName,
            "ServiceProviderName": parties.provider,
            "ServiceSubcategory": FocusColumns.serviceSubcategory,
            "SkuId": skuID,
            "SkuMeter": FocusColumns.skuMeter,
            "SkuPriceDetails": skuPriceDetails,
            "SkuPriceId": skuPriceID,
            "SubAccountId": key.project,
            "SubAccountName": key.project,
            "Tags": job.flatMap { Tags.encode($0.tags) },
            "x_Provider": key.provider,
            "x_Model": key.model,
            "x_Size": key.size,
            "x_Batch": key.isBatch ? "true" : "false",
            "x_UnpricedReason": key.unpriced?.rawValue,
            "x_JobCount": String(jobCount),
        ]
        if let job {
            values["x_VideoId"] = job.videoID
            values["x_Account"] = job.account
            values["x_Model"] = job.model
            values["x_Resolution"] = job.resolution
            values["x_Seconds"] = String(job.seconds)
            values["x_Status"] = job.status.rawValue
            values["x_Kind"] = job.kind.rawValue
            values["x_Project"] = job.project
            values["x_User"] = job.user
            values["x_CreatedAt"] = Timestamp.iso(job.createdAt)
            values["x_CompletedAt"] = job.completedAt.map(Timestamp.iso)
        }
        return FocusColumns.header(version, aggregation).map { values[$0] ?? nil }
    }

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
        var text = decimalString
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
