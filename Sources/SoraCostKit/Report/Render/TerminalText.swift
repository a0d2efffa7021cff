/// Measuring and cleaning text for a fixed-width terminal.
enum TerminalText {
    /// The number of terminal columns `text` occupies.
    ///
    /// Counts grapheme clusters (Swift `Character`s), two columns for East Asian wide and
    /// fullwidth characters and emoji shown as pictures, zero for zero-width format characters.
    /// An approximation of `wcwidth` good enough for names of models, projects and users.
    static func displayWidth(_ text: String) -> Int {
        var width = 0
        for character in text {
            width += displayWidth(of: character)
        }
        return width
    }

    static func displayWidth(of character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if isZeroWidth(first), scalars.count == 1 { return 0 }
        if isWide(first) || scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return 1
    }

    static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B...0x200F, 0x2060...0x2064, 0xFEFF: true
        default: scalar.properties.generalCategory == .nonspacingMark
        }
    }

    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
             0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            true
        default:
            scalar.properties.isEmojiPresentation
        }
    }

    /// `text` made safe to print on one terminal line.
    ///
    /// Line breaks and tabs become spaces so a row stays one row; every other control character
    /// (which includes ESC, the start of terminal escape sequences) and the bidirectional
    /// overrides that can make text display in a misleading order become U+FFFD, visible
    /// instead of acted upon.
    static func sanitized(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsReplacing) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: out.append(" ")
            case _ where needsReplacing(scalar): out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    static func needsReplacing(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// `text` padded with spaces to `width` columns, on the right (`alignRight` false) or on
    /// the left.
    static func pad(_ text: String, to width: Int, alignRight: Bool) -> String {
        let padding = String(repeating: " ", count: max(0, width - displayWidth(text)))
        return alignRight ? padding + text : text + padding
    }
}
