/// What the review compares the month with, and the movers against that period.
///
/// A month in progress (the as-of day on or after its first day and before its last) is compared
/// day for day: its days to date against the same days of the previous month (days 1 to N, cut
/// at the previous month's end), with the whole previous month beside them for reference. A
/// closed month is compared whole with the whole previous month. Every figure is summed from the
/// review's one scan: daily rows cut at the last day, so the windows tie out with `report daily`.
extension MonthlyReview {
    struct Comparison {
        /// One side of the comparison: its days, what it is called and what it measured.
        struct Window {
            var label: String
            /// The name used in "Change from ..." (`2026-08`, `2026-08-01 to 2026-08-10`).
            var shortName: String
            var days: ClosedRange<Day>
            var measures: UsageMeasures
            /// Measures by `[dimension value]`, one map per `MonthlyReview.previousDimensions`.
            var byKey: [[String?: UsageMeasures]]
        }

        var inProgress: Bool
        var now: Window
        var basis: Window
        var previousMonth: Window

        var current: UsageMeasures { now.measures }

        init(month: Month, asOf: Day?, scan: UsageScan) throws {
            let previous = month.previous
            if let asOf, asOf >= month.firstDay, asOf < month.lastDay {
                inProgress = true
                let count = month.firstDay.distance(to: asOf) + 1
                let sameDays = previous.firstDay...previous.firstDay.advanced(by: min(count, previous.dayCount) - 1)
                now = try Self.window(scan, part: 1, days: month.firstDay...asOf,
                                      label: "\(month.iso) to date (\(month.firstDay.iso) to \(asOf.iso))",
                                      shortName: "")
                basis = try Self.window(scan, part: 0, days: sameDays,
                                        label: "Same days of \(previous.iso) (\(sameDays.lowerBound.iso) to \(sameDays.upperBound.iso))",
                                        shortName: "the same days of \(previous.iso)")
            } else {
                inProgress = false
                now = try Self.window(scan, part: 1, days: month.days, label: "\(month.iso) (whole month)", shortName: "")
                basis = try Self.window(scan, part: 0, days: previous.days,
                                        label: "Previous month (\(previous.iso))", shortName: previous.iso)
            }
            previousMonth = inProgress
                ? try Self.window(scan, part: 0, days: previous.days,
                                  label: "Whole previous month (\(previous.iso)), for reference", shortName: previous.iso)
                : basis
        }

        /// The part's daily rows summed over `days`, in total and by each movers dimension.
        static func window(_ scan: UsageScan, part: Int, days: ClosedRange<Day>, label: String,
                           shortName: String) throws -> Window {
            let (rows, _) = try scan.rows(part: part, dimensions: previousDimensions, granularity: .day)
            let inside = rows.filter { row in row.bucket.map { days.contains($0) } ?? false }
            var byKey = previousDimensions.map { _ in [String?: UsageMeasures]() }
            for row in inside {
                for index in previousDimensions.indices {
                    byKey[index][row.keys[index], default: UsageMeasures()].add(row.measures)
                }
            }
            return Window(label: label, shortName: shortName, days: days, measures: UsageQuery.total(inside), byKey: byKey)
        }

        /// `comparison`: the month (to date), the period it is compared with and, for a month in
        /// progress, the whole previous month labelled as a reference.
        func section(currency: String) -> ReportSection {
            var table = ReportTable(columns: [
                ReportColumn(key: "period", header: "Period", kind: .text),
                ReportColumn(key: "first_day", header: "From", kind: .date),
                ReportColumn(key: "last_day", header: "To", kind: .date),
                ReportColumn(key: "jobs", header: "Jobs", kind: .integer),
                ReportColumn(key: "completed", header: "Completed", kind: .integer),
                ReportColumn(key: "seconds", header: "Billed s", kind: .integer),
                ReportColumn(key: "cost", header: "Cost", kind: .money),
                ReportColumn(key: "unpriced_jobs", header: "Unpriced jobs", kind: .integer),
                ReportColumn(key: "unpriced_seconds", header: "Unpriced s", kind: .integer),
                ReportColumn(key: "change", header: "Change to this month", kind: .money),
                ReportColumn(key: "change_percent", header: "Change %", kind: .percent),
            ])
            func row(_ window: Window, isCurrent: Bool) -> [ReportCell] {
                let m = window.measures
                let change = now.measures.cost - m.cost
                return [.text(window.label), .date(window.days.lowerBound), .date(window.days.upperBound),
                        .integer(m.jobs), .integer(m.completed), .integer(m.seconds), .money(m.cost),
                        .integer(m.unpricedJobs), .integer(m.unpricedSeconds),
                        isCurrent ? .null : .money(change), isCurrent ? .null : .percent(change, of: m.cost)]
            }
            table.append(row(now, isCurrent: true))
            table.append(row(basis, isCurrent: false))
            if inProgress { table.append(row(previousMonth, isCurrent: false)) }
            let note = inProgress
                ? "The month is in progress: its days to date are compared with the same days of the previous month; the whole previous month is shown for reference only."
                : "The month is closed: it is compared whole with the whole previous month."
            return ReportSection(key: "comparison", heading: "Comparison", table: table, notes: [note])
        }

        /// How many movers each dimension lists.
        static let moverCount = 5

        /// `movers`: per project, user and model, the largest changes of cost (either way) against
        /// the comparison period, with both amounts.
        func moversSection() -> ReportSection {
            var table = ReportTable(columns: [
                ReportColumn(key: "dimension", header: "By", kind: .text),
                ReportColumn(key: "name", header: "Name", kind: .text),
                ReportColumn(key: "cost", header: "Cost", kind: .money),
                ReportColumn(key: "comparison_cost", header: "Comparison cost", kind: .money),
                ReportColumn(key: "change", header: "Change", kind: .money),
                ReportColumn(key: "change_percent", header: "Change %", kind: .percent),
            ])
            for (index, dimension) in previousDimensions.enumerated() {
                let names = Set(now.byKey[index].keys).union(basis.byKey[index].keys)
                let moves = names.map { name in
                    (name: name, cost: now.byKey[index][name]?.cost ?? .zero, before: basis.byKey[index][name]?.cost ?? .zero)
                }.filter { $0.cost != $0.before }.sorted { a, b in
                    let x = (a.cost - a.before).micros.magnitude, y = (b.cost - b.before).micros.magnitude
                    return x != y ? x > y : Rollup.keyOrder([a.name], [b.name])
                }
                for move in moves.prefix(Self.moverCount) {
                    table.append([.text(dimension.description), MonthlyReview.label(move.name), .money(move.cost),
                                  .money(move.before), .money(move.cost - move.before), .percent(move.cost - move.before, of: move.before)])
                }
            }
            return ReportSection(key: "movers", heading: "Top movers against \(basis.shortName)", table: table, notes: [
                "Up to \(Self.moverCount) projects, users and models each, by the size of the change in cost against \(basis.label.lowercasedFirst)."])
        }
    }
}

extension String {
    /// The string with its first letter in lower case (`Previous month` → `previous month`).
    var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
