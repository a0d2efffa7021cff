/// A whole report, independent of the format it will be printed in.
///
/// The report code fills it from the ledger; `TableRenderer`, `CSVRenderer`,
/// `MarkdownRenderer` and `JSONReportRenderer` print it. Nothing in here reads the clock or
/// the environment: a timestamp appears only if the caller puts one in `metadata`, so the
/// same document always prints the same bytes.
public struct ReportDocument: Equatable, Sendable {
    /// The heading, e.g. `Sora video spend, September 2026`.
    public var title: String
    /// A line printed under the title, e.g. `2026-09-01 to 2026-09-30, UTC`; when nil the
    /// table and Markdown print the `period` instead.
    public var subtitle: String?
    /// The first and last day covered, both inclusive, in the report's time zone.
    public var period: ClosedRange<Day>?
    /// ISO 4217 code of every money cell in the document, e.g. `USD`.
    public var currency: String
    /// Headline figures (total spend, job count, ...) keyed like columns; printed under the
    /// title and as the JSON `summary` object.
    public var summary: [ReportFact]
    public var sections: [ReportSection]
    /// Remarks about the whole report, e.g. usage that has no price yet or jobs still pending.
    public var notes: [String]
    /// Where the SVG chart of this report was written, if it was.
    public var chart: ReportChartLink?
    /// The chart's SVG markup, for a format that embeds it (HTML); nil when there is none.
    public var inlineChart: String?
    /// How the report was made (tool version, rate card, time zone, generation time given by
    /// the caller); printed last, and as the JSON `generated_with` object.
    public var metadata: [ReportFact]

    public init(
        title: String,
        subtitle: String? = nil,
        period: ClosedRange<Day>? = nil,
        currency: String = "USD",
        summary: [ReportFact] = [],
        sections: [ReportSection] = [],
        notes: [String] = [],
        chart: ReportChartLink? = nil,
        metadata: [ReportFact] = []
    ) {
        self.title = title
        self.subtitle = subtitle
        self.period = period
        self.currency = currency
        self.summary = summary
        self.sections = sections
        self.notes = notes
        self.chart = chart
        self.metadata = metadata
    }

    /// The subtitle, or the period spelled `Period: 2026-09-01 to 2026-09-30`, or nil.
    var subtitleLine: String? {
        if let subtitle { return subtitle }
        if let period { return "Period: \(period.lowerBound.iso) to \(period.upperBound.iso)" }
        return nil
    }
}

/// One titled table of a report, with remarks that apply to it alone.
public struct ReportSection: Equatable, Sendable {
    /// A snake_case name for machines (the JSON `key`, a CLI choosing the main table), e.g.
    /// `by_model`.
    public var key: String
    /// The heading people read, e.g. `Spend by model`.
    public var heading: String
    public var table: ReportTable
    public var notes: [String]

    public init(key: String, heading: String, table: ReportTable, notes: [String] = []) {
        precondition(ReportColumn.isValidKey(key), "section key '\(key)' is not snake_case")
        self.key = key
        self.heading = heading
        self.table = table
        self.notes = notes
    }
}

/// A labelled single value: a headline figure or an item of metadata.
///
/// `key` is snake_case for JSON; keys should be unique within one list, since they become the
/// members of one JSON object.
public struct ReportFact: Equatable, Sendable {
    public var key: String
    public var label: String
    public var value: ReportCell

    public init(key: String, label: String, value: ReportCell) {
        precondition(ReportColumn.isValidKey(key), "fact key '\(key)' is not snake_case")
        self.key = key
        self.label = label
        self.value = value
    }
}

/// A reference from a report to its chart file, relative to where the report is written.
public struct ReportChartLink: Equatable, Sendable {
    /// The path as the report should print it, e.g. `chart.svg`.
    public var path: String
    /// The alternative text of the image, e.g. `Daily spend`.
    public var altText: String

    public init(path: String, altText: String = "Daily spend") {
        self.path = path
        self.altText = altText
    }
}
