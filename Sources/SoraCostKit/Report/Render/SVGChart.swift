/// A stacked bar chart of daily spend as a standalone SVG file.
///
/// One bar per day in `days`, one segment per series with a non-zero amount that day, stacked
/// in series order: positive amounts upward from zero, negative ones (credits) downward. The
/// y-axis has round ticks (1, 2 or 5 times a power of ten micro-units) chosen with integer
/// arithmetic; every coordinate is computed in hundredths of a pixel with integers and printed
/// with at most two decimals, so the same input always gives the same bytes. Each segment has a
/// `<title>` tooltip with the day, the series, the exact amount and the day's total. All text is
/// XML-escaped.
public struct SVGChart: Sendable {
    /// One stacked series, e.g. one model; its color is `palette[index % palette.count]` where
    /// `index` is its position in `series`, so the caller's order fixes the colors.
    public struct Series: Equatable, Sendable {
        public var name: String
        /// Spend per day; days absent or zero draw nothing, days not in `SVGChart.days` are
        /// ignored.
        public var amounts: [Day: Money]

        public init(name: String, amounts: [Day: Money]) {
            self.name = name
            self.amounts = amounts
        }
    }

    /// Ten colors that stay distinct side by side (Tableau 10), then a dark grey for `others`:
    /// a chart has at most `maximumSeries + 1` series, so no color repeats.
    public static let palette = [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
        "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#555555",
    ]

    /// How many series a chart draws by name; those past it are summed into one `others` series.
    public static let maximumSeries = 10

    public var title: String
    /// ISO 4217 code printed on the axis and in tooltips, e.g. `USD`.
    public var currency: String
    /// The x-axis, in the order drawn; usually every day of the period, spend or not.
    public var days: [Day]
    public var series: [Series]

    /// Series past the `maximumSeries`th are summed, day by day, into one last series named
    /// `others (N series)`.
    public init(title: String, currency: String = "USD", days: [Day], series: [Series]) {
        self.title = title
        self.currency = currency
        self.days = days
        if series.count > Self.maximumSeries {
            var others: [Day: Money] = [:]
            for item in series.dropFirst(Self.maximumSeries) {
                for (day, amount) in item.amounts { others[day, default: .zero] += amount }
            }
            let count = series.count - Self.maximumSeries
            self.series = Array(series.prefix(Self.maximumSeries)) + [Series(name: "others (\(count) series)", amounts: others)]
        } else {
            self.series = series
        }
    }

    // Layout in whole pixels.
    static let width: Int64 = 900
    static let plotLeft: Int64 = 90
    static let plotRight: Int64 = 880
    static let plotTop: Int64 = 56
    static let plotBottom: Int64 = 290
    static let legendTop: Int64 = 330
    static let legendRowHeight: Int64 = 20
    static let minimumHeight: Int64 = 360

    /// The SVG document, ending with a newline.
    public func render() -> String {
        let scale = axis()
        let legend = legendLayout()
        let height = max(Self.minimumHeight, Self.legendTop + Int64(legend.rows) * Self.legendRowHeight + 10)
        let plotWidth = (Self.plotRight - Self.plotLeft) * 100
        let plotHeight = (Self.plotBottom - Self.plotTop) * 100

        /// The y coordinate, in hundredths of a pixel, of an amount in micro-units.
        func y(_ micros: Int64) -> Int64 {
            Self.plotBottom * 100 - Self.scaled(micros - scale.minimum, by: plotHeight, over: scale.maximum - scale.minimum)
        }

        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.width)\" height=\"\(height)\" "
        out += "viewBox=\"0 0 \(Self.width) \(height)\" role=\"img\" aria-labelledby=\"chart-title\" "
        out += "font-family=\"system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif\">\n"
        out += "<title id=\"chart-title\">\(Self.escaped(title))</title>\n"
        out += "<rect class=\"background\" x=\"0\" y=\"0\" width=\"\(Self.width)\" height=\"\(height)\" fill=\"#ffffff\"/>\n"
        out += "<text x=\"20\" y=\"30\" font-size=\"17\" font-weight=\"bold\" fill=\"#222222\">\(Self.escaped(title))</text>\n"
        out += "<text x=\"\(Self.plotLeft)\" y=\"\(Self.plotTop - 12)\" font-size=\"11\" fill=\"#555555\">"
        out += "\(Self.escaped(currency)) per day</text>\n"

        // Grid lines and y-axis labels.
        out += "<g class=\"y-axis\" font-size=\"11\" fill=\"#555555\" text-anchor=\"end\">\n"
        var tick = scale.minimum
        while tick <= scale.maximum {
            let ty = y(tick)
            let stroke = tick == 0 ? "#888888" : "#e3e3e3"
            out += "<line x1=\"\(Self.plotLeft)\" y1=\"\(Self.px(ty))\" x2=\"\(Self.plotRight)\" y2=\"\(Self.px(ty))\" stroke=\"\(stroke)\"/>\n"
            out += "<text x=\"\(Self.plotLeft - 8)\" y=\"\(Self.px(ty + 400))\">\(Money(micros: tick).decimalString)</text>\n"
            tick += scale.step
        }
        out += "</g>\n"

        // Bars.
        let count = Int64(days.count)
        out += "<g class=\"bars\">\n"
        for (index, day) in days.enumerated() {
            let slotStart = Self.plotLeft * 100 + plotWidth * Int64(index) / count
            let slotEnd = Self.plotLeft * 100 + plotWidth * Int64(index + 1) / count
            let barWidth = (slotEnd - slotStart) * 7 / 10
            let barX = slotStart + (slotEnd - slotStart - barWidth) / 2
            let dayTotal = series.reduce(Money.zero) { $0 + ($1.amounts[day] ?? .zero) }
            var up: Int64 = 0
            var down: Int64 = 0
            for (seriesIndex, one) in series.enumerated() {
                guard let amount = one.amounts[day], amount.micros != 0 else { continue }
                let top: Int64
                let bottom: Int64
                if amount.micros > 0 {
                    bottom = y(up)
                    up += amount.micros
                    top = y(up)
                } else {
                    top = y(down)
                    down += amount.micros
                    bottom = y(down)
                }
                let color = Self.palette[seriesIndex % Self.palette.count]
                let tip = "\(day.iso) · \(one.name): \(amount.decimalString) \(currency) (day total \(dayTotal.decimalString) \(currency))"
                out += "<rect class=\"seg\" x=\"\(Self.px(barX))\" y=\"\(Self.px(top))\" width=\"\(Self.px(barWidth))\" "
                out += "height=\"\(Self.px(bottom - top))\" fill=\"\(color)\"><title>\(Self.escaped(tip))</title></rect>\n"
            }
        }
        out += "</g>\n"

        // X-axis labels.
        out += "<g class=\"x-axis\" font-size=\"11\" fill=\"#555555\" text-anchor=\"middle\">\n"
        out += "<line x1=\"\(Self.plotLeft)\" y1=\"\(Self.plotBottom)\" x2=\"\(Self.plotRight)\" y2=\"\(Self.plotBottom)\" stroke=\"#888888\"/>\n"
        let every = Self.labelInterval(dayCount: days.count)
        for (index, day) in days.enumerated() where index % every == 0 {
            let center = Self.plotLeft * 100 + plotWidth * (2 * Int64(index) + 1) / (2 * count)
            out += "<line x1=\"\(Self.px(center))\" y1=\"\(Self.plotBottom)\" x2=\"\(Self.px(center))\" y2=\"\(Self.plotBottom + 4)\" stroke=\"#888888\"/>\n"
            out += "<text x=\"\(Self.px(center))\" y=\"\(Self.plotBottom + 17)\">\(day.iso)</text>\n"
        }
        if days.isEmpty {
            let middle = (Self.plotLeft + Self.plotRight) / 2
            out += "<text x=\"\(middle)\" y=\"\((Self.plotTop + Self.plotBottom) / 2)\" font-size=\"14\">No days in this period</text>\n"
        }
        out += "</g>\n"

        // Legend.
        out += "<g class=\"legend\" font-size=\"12\" fill=\"#222222\">\n"
        for item in legend.items {
            let top = Self.legendTop + Int64(item.row) * Self.legendRowHeight
            out += "<g><title>\(Self.escaped(series[item.index].name))</title>"
            out += "<rect class=\"swatch\" x=\"\(item.x)\" y=\"\(top)\" width=\"12\" height=\"12\" fill=\"\(Self.palette[item.index % Self.palette.count])\"/>"
            out += "<text x=\"\(item.x + 17)\" y=\"\(top + 11)\">\(Self.escaped(item.label))</text></g>\n"
        }
        out += "</g>\n"
        out += "</svg>\n"
        return out
    }

    /// The y-axis: bottom and top (multiples of `step`, bottom ≤ 0 ≤ top) and the tick step,
    /// all in micro-units.
    func axis() -> (minimum: Int64, maximum: Int64, step: Int64) {
        var highest: Int64 = 0
        var lowest: Int64 = 0
        for day in days {
            var up: Int64 = 0
            var down: Int64 = 0
            for one in series {
                guard let amount = one.amounts[day]?.micros else { continue }
                if amount > 0 { up += amount } else { down += amount }
            }
            highest = max(highest, up)
            lowest = min(lowest, down)
        }
        let range = highest - lowest
        let step = Self.niceStep(atLeast: range == 0 ? Money.microsPerUnit / 5 : (range + 4) / 5)
        let top = range == 0 ? Money.microsPerUnit : (highest + step - 1) / step * step
        let bottom = lowest == 0 ? 0 : -((-lowest + step - 1) / step * step)
        return (bottom, top, step)
    }

    /// The smallest of 1, 2 or 5 times a power of ten that is at least `raw` (micro-units).
    static func niceStep(atLeast raw: Int64) -> Int64 {
        var power: Int64 = 1
        while true {
            for multiple: Int64 in [1, 2, 5] where power * multiple >= raw {
                return power * multiple
            }
            power *= 10
        }
    }

    /// How many days apart the x-axis labels are: every day up to 10 days, every 7th up to
    /// 70 days, then a multiple of 7 that keeps about ten labels.
    static func labelInterval(dayCount: Int) -> Int {
        if dayCount <= 10 { return 1 }
        if dayCount <= 70 { return 7 }
        return (dayCount + 69) / 70 * 7
    }

    /// Where each legend entry goes: entries flow left to right and wrap to a new row when the
    /// next one would pass the plot's right edge. Widths are estimated at 7 px per column of
    /// text; labels longer than 40 columns are cut with `…` (the tooltip has the whole name).
    func legendLayout() -> (items: [(index: Int, row: Int, x: Int64, label: String)], rows: Int) {
        var items: [(index: Int, row: Int, x: Int64, label: String)] = []
        var row = 0
        var x = Self.plotLeft
        for (index, one) in series.enumerated() {
            var label = ""
            var columns = 0
            for character in one.name {
                let width = TerminalText.displayWidth(of: character)
                if columns + width > 40 {
                    label += "…"
                    columns += 1
                    break
                }
                label.append(character)
                columns += width
            }
            let itemWidth = 17 + Int64(columns) * 7 + 18
            if x > Self.plotLeft, x + itemWidth > Self.plotRight {
                row += 1
                x = Self.plotLeft
            }
            items.append((index, row, x, label))
            x += itemWidth
        }
        return (items, series.isEmpty ? 0 : row + 1)
    }

    /// `value * numerator / denominator` rounded half up, without intermediate overflow.
    /// `value` and `numerator` are non-negative, `denominator` positive.
    static func scaled(_ value: Int64, by numerator: Int64, over denominator: Int64) -> Int64 {
        let product = value.multipliedFullWidth(by: numerator)
        let (quotient, remainder) = denominator.dividingFullWidth(product)
        return remainder * 2 >= denominator ? quotient + 1 : quotient
    }

    /// Hundredths of a pixel as an SVG number: `123`, `123.5`, `123.45`, `-2.05`.
    static func px(_ hundredths: Int64) -> String {
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = hundredths.magnitude
        let whole = magnitude / 100
        let fraction = magnitude % 100
        if fraction == 0 { return "\(sign)\(whole)" }
        if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
        return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// `text` safe in XML character data and in double- or single-quoted attributes.
    ///
    /// The five markup characters become entities; characters XML 1.0 forbids (most C0
    /// controls, U+FFFE, U+FFFF) become U+FFFD, so any series name gives a well-formed file.
    public static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x26: out += "&amp;"
            case 0x3C: out += "&lt;"
            case 0x3E: out += "&gt;"
            case 0x22: out += "&quot;"
            case 0x27: out += "&apos;"
            case 0x09, 0x0A, 0x0D: out.unicodeScalars.append(scalar)
            case 0x00...0x1F, 0xFFFE, 0xFFFF: out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
