/// What one `soracost report` run asks for.
public struct UsageReportRequest: Sendable {
    public var cadence: ReportCadence
    public var period: ReportPeriod
    public var zone: ReportZone
    /// The `--by` keys, in the order of their columns.
    public var dimensions: [ReportDimension]
    /// "Today" (`--as-of`, else the clock): a period that runs past it is flagged as to date.
    /// Nil leaves the flag out.
    public var asOf: Day?
    /// The last instant that counts (Unix seconds, inclusive): later jobs are left out, so a
    /// period in progress covers its days to date only. Nil counts every job.
    public var cut: Int64?
    /// The chart's path as the report prints it (relative to the report's folder); nil for no
    /// chart. When set, `UsageReport.chart` holds the SVG to write there.
    public var chartLink: String?
    /// Whether to embed the chart in the document (`ReportDocument.inlineChart`), for the HTML
    /// format, with or without a chart file.
    public var embedsChart = false

    public init(cadence: ReportCadence, period: ReportPeriod, zone: ReportZone = .utc,
                dimensions: [ReportDimension] = [], asOf: Day? = nil, chartLink: String? = nil) {
        self.cadence = cadence
        self.period = period
        self.zone = zone
        self.dimensions = dimensions
        self.asOf = asOf
        self.chartLink = chartLink
    }

    /// A monthly report over exactly one calendar month is the monthly review.
    public var isMonthlyReview: Bool { cadence == .monthly && period.month != nil }
}
