/// The model an entry of a rate card prices: an exact name such as `sora-2`, or a glob such as
/// `sora-2-pro*` in which `*` stands for any run of characters (other characters are literal).
///
/// Matching ignores letter case. A job's dated snapshot model, `<base>-YYYY-MM-DD`, matches an
/// entry written for its base model, because OpenAI bills a snapshot as its base model.
public struct ModelPattern: Hashable, Sendable, CustomStringConvertible {
    /// The pattern as the card wrote it.
    public let text: String
    private let folded: [UInt8]

    public init(_ text: String) {
        self.text = text
        self.folded = Array(text.lowercased().utf8)
    }

    public var description: String { text }

    /// Whether the pattern contains a `*` wildcard.
    public var isGlob: Bool { folded.contains(ModelPattern.star) }

    /// How many literal (non-wildcard) bytes the pattern holds; among globs, more is more specific.
    public var literalCount: Int { folded.count { $0 != ModelPattern.star } }

    /// How well this pattern matches a job's model, or nil if it does not.
    ///
    /// `model` must already be lower-cased (`ModelName.folded`), so a pricer folds each job's model
    /// once rather than once per entry.
    func match(_ model: ModelName) -> ModelMatch? {
        if isGlob {
            let matched = ModelPattern.glob(folded[...], model.folded[...])
                || model.foldedBase.map { ModelPattern.glob(folded[...], $0[...]) } == true
            return matched ? ModelMatch(kind: .pattern, literalCount: literalCount) : nil
        }
        if folded == model.folded { return ModelMatch(kind: .exact, literalCount: folded.count) }
        if let base = model.foldedBase, folded == base {
            return ModelMatch(kind: .snapshotBase, literalCount: folded.count)
        }
        return nil
    }

    private static let star = UInt8(ascii: "*")

    /// Glob matching with `*` only, iterative with single-star backtracking (linear for the
    /// short names involved, never exponential). Works on UTF-8 bytes: `*` is ASCII and a literal
    /// run can only match at a character boundary, so byte matching equals character matching.
    private static func glob(_ pattern: ArraySlice<UInt8>, _ name: ArraySlice<UInt8>) -> Bool {
        var p = pattern.startIndex, n = name.startIndex
        var starP: Int?, starN = name.startIndex
        while n < name.endIndex {
            if p < pattern.endIndex, pattern[p] == star {
                starP = p
                starN = n
                p += 1
            } else if p < pattern.endIndex, pattern[p] == name[n] {
                p += 1
                n += 1
            } else if let sp = starP {
                p = sp + 1
                starN += 1
                n = starN
            } else {
                return false
            }
        }
        while p < pattern.endIndex, pattern[p] == star { p += 1 }
        return p == pattern.endIndex
    }
}

/// How an entry's model pattern matched a job's model; a greater value is more specific.
struct ModelMatch: Comparable, Sendable {
    enum Kind: Int, Comparable, Sendable {
        /// A glob matched the model or its snapshot base.
        case pattern = 0
        /// An exact name equal to the base model of a dated snapshot.
        case snapshotBase = 1
        /// An exact name equal to the model itself.
        case exact = 2

        static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    var kind: Kind
    var literalCount: Int

    static func < (lhs: ModelMatch, rhs: ModelMatch) -> Bool {
        (lhs.kind, lhs.literalCount) < (rhs.kind, rhs.literalCount)
    }
}

/// A job's model name, lower-cased once, with the base model of a dated snapshot.
public struct ModelName: Sendable {
    public let name: String
    /// The base model if `name` is a dated snapshot, `<base>-YYYY-MM-DD`, else nil.
    public let snapshotBase: String?
    let folded: [UInt8]
    let foldedBase: [UInt8]?

    public init(_ name: String) {
        self.name = name
        self.snapshotBase = ModelName.snapshotBase(of: name)
        self.folded = Array(name.lowercased().utf8)
        self.foldedBase = snapshotBase.map { Array($0.lowercased().utf8) }
    }

    /// `sora-2` for `sora-2-2025-12-08`, `sora-2-pro` for `sora-2-pro-2025-10-06`; nil when the
    /// name does not end in `-` and a valid calendar date or nothing precedes the date
    /// (`snapshotSeparator`, `snapshotDateLength`).
    public static func snapshotBase(of model: String) -> String? {
        let utf8 = Array(model.utf8)
        let suffixLength = snapshotDateLength + 1
        guard utf8.count > suffixLength, utf8[utf8.count - suffixLength] == snapshotSeparator else { return nil }
        let date = utf8[(utf8.count - snapshotDateLength)...]
        for (offset, byte) in date.enumerated() {
            let isDash = snapshotDateDashes.contains(offset)
            guard isDash ? byte == UInt8(ascii: "-") : (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            else { return nil }
        }
        guard Day(iso: String(decoding: date, as: UTF8.self)) != nil else { return nil }
        return String(decoding: utf8[..<(utf8.count - suffixLength)], as: UTF8.self)
    }
}
