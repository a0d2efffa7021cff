/// The FOCUS version an export follows.
public enum FocusVersion: String, Sendable, CaseIterable {
    case v1_2 = "1.2"
    case v1_3 = "1.3"
}

/// What one row of a FOCUS export stands for.
public enum FocusAggregation: String, Sendable, CaseIterable {
    /// One row per job.
    case job
    /// One row per UTC day, account, project, provider, SKU price and unit prices.
    case day
}

/// The columns of soracost's FOCUS export, in order: the FOCUS columns alphabetically, then the
/// tool's own `x_` columns (FOCUS 1.2, attributes/column_handling: custom columns start with
/// `x_` and follow the FOCUS ones).
public enum FocusColumns {
    /// The 21 columns FOCUS 1.2 makes mandatory (the same set as 1.1).
    public static let mandatory = [
        "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd",
        "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargePeriodEnd",
        "ChargePeriodStart", "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost",
        "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "ServiceCategory", "ServiceName",
    ]

    /// The conditional and recommended FOCUS columns soracost's data fills.
    public static let optional = [
        "ChargeFrequency", "ConsumedQuantity", "ConsumedUnit", "ContractedUnitPrice", "ListUnitPrice",
        "PricingCategory", "ServiceSubcategory", "SkuId", "SkuMeter", "SkuPriceDetails", "SkuPriceId",
        "SubAccountId", "SubAccountName", "Tags",
    ]

    /// Columns FOCUS 1.3 adds (ProviderName and PublisherName stay, deprecated but mandatory).
    public static let added13 = ["HostProviderName", "ServiceProviderName"]

    /// The FOCUS columns of `version`, alphabetically.
    public static func focus(_ version: FocusVersion) -> [String] {
        (mandatory + optional + (version == .v1_3 ? added13 : [])).sorted()
    }

    /// The tool's columns of a per-job row.
    public static let jobExtras = [
        "x_VideoId", "x_Provider", "x_Account", "x_Model", "x_Size", "x_Resolution", "x_Seconds", "x_Status",
        "x_Kind", "x_Batch", "x_Project", "x_User", "x_CreatedAt", "x_CompletedAt", "x_UnpricedReason",
    ]

    /// The tool's columns of a per-day row.
    public static let dayExtras = ["x_JobCount", "x_Provider", "x_Model", "x_Size", "x_Batch", "x_UnpricedReason"]

    /// The whole header.
    public static func header(_ version: FocusVersion, _ aggregation: FocusAggregation) -> [String] {
        headers[index(version, aggregation)]
    }

    /// Every column a row can have, in the order `FocusCharge.fields` spells them.
    static let all = focus(.v1_3) + ["x_Provider", "x_Model", "x_Size", "x_Batch", "x_UnpricedReason", "x_JobCount",
                                     "x_VideoId", "x_Account", "x_Resolution", "x_Seconds", "x_Status", "x_Kind",
                                     "x_Project", "x_User", "x_CreatedAt", "x_CompletedAt"]

    /// Where each column of `header(version, aggregation)` is in `all`.
    static func positions(_ version: FocusVersion, _ aggregation: FocusAggregation) -> [Int] {
        headerPositions[index(version, aggregation)]
    }

    private static func index(_ version: FocusVersion, _ aggregation: FocusAggregation) -> Int {
        (version == .v1_2 ? 0 : 2) + (aggregation == .job ? 0 : 1)
    }

    private static let headers = [(FocusVersion.v1_2, FocusAggregation.job), (.v1_2, .day), (.v1_3, .job), (.v1_3, .day)]
        .map { focus($0.0) + ($0.1 == .job ? jobExtras : dayExtras) }
    private static let headerPositions = headers.map { $0.map { all.firstIndex(of: $0)! } }

    /// The values every row shares.
    static let chargeCategory = "Usage"
    static let chargeFrequency = "Usage-Based"
    static let serviceName = "Sora"
    static let serviceCategory = "AI and Machine Learning"
    static let serviceSubcategory = "Generative AI"
    static let pricingCategory = "Standard"
    static let skuMeter = "Video Generation"
}

/// Who sells, publishes, invoices and hosts the usage of a provider as soracost names it
/// (FOCUS 1.2 appendix "Origination of cost data"): OpenAI direct, Azure OpenAI (Microsoft), or
/// a gateway that resells OpenAI's model.
struct FocusParties: Equatable {
    var provider: String
    var publisher: String
    var invoiceIssuer: String
    var host: String

    init(provider name: String) {
        switch name.lowercased() {
        case "openai":
            self.init(provider: "OpenAI", publisher: "OpenAI", invoiceIssuer: "OpenAI", host: "OpenAI")
        case "azure":
            self.init(provider: "Microsoft", publisher: "Microsoft", invoiceIssuer: "Microsoft", host: "Microsoft")
        default:
            self.init(provider: name, publisher: "OpenAI", invoiceIssuer: name, host: name)
        }
    }

    init(provider: String, publisher: String, invoiceIssuer: String, host: String) {
        self.provider = provider
        self.publisher = publisher
        self.invoiceIssuer = invoiceIssuer
        self.host = host
    }
}
