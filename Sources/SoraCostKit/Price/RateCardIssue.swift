/// One problem in a rate card: the file, and either a line and column (malformed JSON) or the
/// entry (`item.index` into `entries`) and field, such as `entries[3].rate`.
public typealias RateCardIssue = ConfigIssue

/// A rate card that cannot be used, with every issue found.
public typealias RateCardError = ConfigError

extension ConfigItem {
    /// `entries[index]` of a rate card.
    static func entry(_ index: Int) -> ConfigItem {
        ConfigItem(list: RateCard.format.list, index: index)
    }
}
