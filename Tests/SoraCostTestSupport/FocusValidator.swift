import Foundation
import SoraCostKit

/// Checks a FOCUS CSV against the FOCUS 1.2 column and value rules (the specification's
/// columns/*.md and attributes/*.md, and the focus_validator's model-1.2 rules as far as they
/// apply to Usage rows), plus soracost's own invariant that costs are never negative. Written
/// from the specification, not from the exporter: it shares no code with it but `Money`.
public struct FocusValidator {
    /// The 21 mandatory columns of FOCUS 1.2.
    public static let mandatory = [
        "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd",
        "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargePeriodEnd",
        "ChargePeriodStart", "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost",
        "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "ServiceCategory", "ServiceName",
    ]
    /// Conditional columns the data has: usage measured, unit and negotiated prices, published
    /// price lists (SkuMeter and SkuPriceDetails go with SkuId), sub-accounts and tags.
    public static let conditional = [
        "ConsumedQuantity", "ConsumedUnit", "ListUnitPrice", "ContractedUnitPrice", "SkuId", "SkuPriceId",
        "SkuMeter", "SkuPriceDetails", "SubAccountId", "SubAccountName", "Tags",
    ]
    /// Every FOCUS 1.2 column (57) and the two of 1.3.
    static let focusColumns: Set<String> = Set(mandatory + conditional + [
        "AvailabilityZone", "BillingAccountType", "CapacityReservationId", "CapacityReservationStatus",
        "ChargeFrequency", "CommitmentDiscountCategory", "CommitmentDiscountId", "CommitmentDiscountName",
        "CommitmentDiscountQuantity", "CommitmentDiscountStatus", "CommitmentDiscountType", "CommitmentDiscountUnit",
        "InvoiceId", "PricingCategory", "PricingCurrency", "PricingCurrencyContractedUnitPrice",
        "PricingCurrencyEffectiveCost", "PricingCurrencyListUnitPrice", "RegionId", "RegionName", "ResourceId",
        "ResourceName", "ResourceType", "ServiceSubcategory", "SubAccountType",
        "ServiceProviderName", "HostProviderName",
    ])
    static let notNull = [
        "BilledCost", "ListCost", "ContractedCost", "EffectiveCost", "BillingAccountId", "BillingCurrency",
        "BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd", "ChargeCategory",
        "InvoiceIssuerName", "ProviderName", "PublisherName", "ServiceCategory", "ServiceName",
        "ChargeFrequency", "ServiceSubcategory", "ServiceProviderName",
    ]
    /// Required on Usage rows that are not corrections.
    static let usageNotNull = [
        "PricingQuantity", "PricingUnit", "ListUnitPrice", "ContractedUnitPrice", "SkuId", "SkuPriceId",
        "PricingCategory", "ConsumedQuantity", "ConsumedUnit",
    ]
    static let chargeCategories: Set = ["Usage", "Purchase", "Tax", "Credit", "Adjustment"]
    static let chargeFrequencies: Set = ["One-Time", "Recurring", "Usage-Based"]
    static let pricingCategories: Set = ["Standard", "Dynamic", "Committed", "Other"]
    static let serviceCategories: Set = [
        "AI and Machine Learning", "Analytics", "Business Applications", "Compute", "Databases", "Developer Tools",
        "Multicloud", "Identity", "Integration", "Internet of Things", "Management and Governance", "Media",
        "Migration", "Mobile", "Networking", "Security", "Storage", "Web", "Other",
    ]
    static let aiSubcategories: Set = [
        "AI Platforms", "Bots", "Generative AI", "Machine Learning", "Natural Language Processing",
        "Other (AI and Machine Learning)",
    ]
    /// ISO 4217 active codes.
    static let currencies = Set("""
        AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD \
        CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP \
        GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW \
        KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN \
        NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL \
        SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES \
        VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    public let header: [String]
    public let rows: [[String: String]]

    public init(csv text: String) {
        let records = CSVText.records(text)
        let names = records.first ?? []
        header = names
        rows = records.dropFirst().map { Dictionary(zip(names, $0), uniquingKeysWith: { a, _ in a }) }
    }

    /// Every rule broken, one line each; empty when the file conforms.
    public func problems() -> [String] {
        var problems: [String] = []
        for column in Self.mandatory + Self.conditional where !header.contains(column) {
            problems.append("header: missing \(column)")
        }
        var seenCustom = false
        for column in header {
            if column.hasPrefix("x_") {
                seenCustom = true
            } else if !Self.focusColumns.contains(column) {
                problems.append("header: \(column) is neither a FOCUS column nor prefixed x_")
            } else if seenCustom {
                problems.append("header: FOCUS column \(column) after a custom column")
            }
        }
        var categoryOfService: [String: String] = [:]
        var skuOfPrice: [String: String] = [:]
        for (index, row) in rows.enumerated() {
            func fail(_ message: String) { problems.append("row \(index + 2): \(message)") }
            func value(_ column: String) -> String? { row[column].flatMap { $0.isEmpty ? nil : $0 } }
            for column in Self.notNull where header.contains(column) && value(column) == nil { fail("\(column) is null") }
            for column in ["BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd"] {
                if let text = value(column), !Self.isDateTime(text) { fail("\(column) \(text) is not YYYY-MM-DDTHH:mm:ssZ") }
            }
            let times = ["BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd"]
                .map { value($0).flatMap(Timestamp.parseISO) }
            if let bs = times[0], let be = times[1], let cs = times[2], let ce = times[3] {
                if !(bs < be) || !(cs < ce) { fail("a period does not end after it starts") }
                if cs < bs || ce > be { fail("the charge period is not inside the billing period") }
                if !value("BillingPeriodStart")!.hasSuffix("-01T00:00:00Z") { fail("the billing period does not start a month") }
            }
            var amounts: [String: Money] = [:]
            for column in ["BilledCost", "ListCost", "ContractedCost", "EffectiveCost", "ListUnitPrice",
                           "ContractedUnitPrice", "PricingQuantity", "ConsumedQuantity"] {
                guard let text = value(column) else { continue }
                guard Self.isNumber(text), let money = Money(decimal: text) else { fail("\(column) \(text) is not a FOCUS number"); continue }
                if money < .zero { fail("\(column) \(text) is negative") }
                amounts[column] = money
            }
            if let currency = value("BillingCurrency"), !Self.currencies.contains(currency) {
                fail("BillingCurrency \(currency) is not an ISO 4217 code")
            }
            let category = value("ChargeCategory")
            if let category, !Self.chargeCategories.contains(category) { fail("ChargeCategory \(category) is not allowed") }
            if let charge = value("ChargeClass"), charge != "Correction" { fail("ChargeClass \(charge) is not allowed") }
            if let frequency = value("ChargeFrequency"), !Self.chargeFrequencies.contains(frequency) { fail("ChargeFrequency \(frequency)") }
            if let pricing = value("PricingCategory"), !Self.pricingCategories.contains(pricing) { fail("PricingCategory \(pricing)") }
            if let service = value("ServiceCategory") {
                if !Self.serviceCategories.contains(service) { fail("ServiceCategory \(service) is not allowed") }
                if let sub = value("ServiceSubcategory"), service == "AI and Machine Learning", !Self.aiSubcategories.contains(sub) {
                    fail("ServiceSubcategory \(sub) is not under \(service)")
                }
                if let name = value("ServiceName") {
                    if let earlier = categoryOfService[name], earlier != service { fail("ServiceName \(name) has two categories") }
                    categoryOfService[name] = service
                }
            }
            if let price = value("SkuPriceId"), let sku = value("SkuId") {
                if let earlier = skuOfPrice[price], earlier != sku { fail("SkuPriceId \(price) has two SkuIds") }
                skuOfPrice[price] = sku
            }
            if category == "Usage", value("ChargeClass") == nil {
                for column in Self.usageNotNull where header.contains(column) && value(column) == nil { fail("\(column) is null on a Usage row") }
            }
            for (unit, quantity) in [("PricingUnit", "PricingQuantity"), ("ConsumedUnit", "ConsumedQuantity"), ("SubAccountName", "SubAccountId")]
            where (value(unit) == nil) != (value(quantity) == nil) {
                fail("\(unit) and \(quantity) are not null together")
            }
            if let quantity = amounts["PricingQuantity"] {
                for (cost, unit) in [("ListCost", "ListUnitPrice"), ("ContractedCost", "ContractedUnitPrice")] {
                    guard let total = amounts[cost], let price = amounts[unit] else { continue }
                    let product = price.micros.multipliedFullWidth(by: quantity.micros)
                    let (exact, remainder) = Int64(1_000_000).dividingFullWidth(product)
                    if remainder != 0 || exact != total.micros { fail("\(cost) \(total) is not \(unit) \(price) x PricingQuantity \(quantity)") }
                }
            }
            for column in ["Tags", "SkuPriceDetails"] {
                guard let text = value(column) else { continue }
                guard case .object(let members)? = try? JSONValue.parse(text) else { fail("\(column) is not a JSON object"); continue }
                if Set(members.map(\.0)).count != members.count { fail("\(column) repeats a key") }
                for (key, member) in members {
                    if case .array = member { fail("\(column).\(key) is not a scalar") }
                    if case .object = member { fail("\(column).\(key) is not a scalar") }
                    if column == "SkuPriceDetails", !key.hasPrefix("x_") { fail("SkuPriceDetails key \(key) is not x_-prefixed") }
                }
            }
            if let provider = value("ProviderName"), provider != value("InvoiceIssuerName"), amounts["BilledCost"] != .zero {
                fail("ProviderName differs from InvoiceIssuerName with a non-zero BilledCost")
            }
        }
        return problems
    }

    /// `YYYY-MM-DDTHH:mm:ssZ`, the FOCUS date/time format.
    static func isDateTime(_ text: String) -> Bool {
        let pattern = /^\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-5]\dZ$/
        return text.wholeMatch(of: pattern) != nil
    }

    /// A FOCUS number as soracost writes it: plain decimal, optional minus, no `+` or exponent.
    static func isNumber(_ text: String) -> Bool {
        text.wholeMatch(of: /^-?(\d+(\.\d+)?|\.\d+)$/) != nil
    }

    /// Σ of a money column over every row.
    public func sum(_ column: String) -> Money {
        rows.compactMap { $0[column].flatMap { Money(decimal: $0) } }.sum()
    }
}

/// A small RFC 4180 reader for tests: quoted fields, doubled quotes, CRLF or LF.
public enum CSVText {
    public static func records(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if inQuotes {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append(c); chars.removeFirst() } else { inQuotes = false }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                inQuotes = true
            } else if c == "," {
                record.append(field)
                field = ""
            } else if c == "\r" {
                continue
            } else if c == "\n" {
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }
}
