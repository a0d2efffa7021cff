/// A video size on a rate card, `WIDTHxHEIGHT` in pixels.
///
/// Orientation never changes a price, so matching treats 1280x720 and 720x1280 as the same size.
public struct RateSize: Hashable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Parses `720x1280` (an upper-case `X` is accepted too); nil unless both sides are positive
    /// whole numbers.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "x", maxSplits: 1, omittingEmptySubsequences: false)
        let split = parts.count == 2 ? parts : text.split(separator: "X", maxSplits: 1, omittingEmptySubsequences: false)
        guard split.count == 2,
              split[0].allSatisfy(\.isASCIIDigit), split[1].allSatisfy(\.isASCIIDigit),
              let width = Int(split[0]), let height = Int(split[1]), width > 0, height > 0
        else { return nil }
        self.init(width: width, height: height)
    }

    public var description: String { "\(width)x\(height)" }

    /// The same size with the short side first, so both orientations compare equal.
    public var unoriented: RateSize { RateSize(width: min(width, height), height: max(width, height)) }

    /// Whether a video of `width`×`height` has this size in either orientation.
    public func matches(width: Int, height: Int) -> Bool {
        (self.width == width && self.height == height) || (self.width == height && self.height == width)
    }
}
