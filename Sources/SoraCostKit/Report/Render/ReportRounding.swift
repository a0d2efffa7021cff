/// `--round cents`: amounts shown in whole cents, rows still adding up to their total.
///
/// In each money column of a table with a total row whose rows sum exactly to that total, the
/// total is rounded half-to-even to the cent and the rows by the largest remainder method: each
/// row is cut down to the cent, and the cents still missing to reach the rounded total go, one
/// each, to the rows that lost the most (ties: the earlier row). Every other amount (headline
/// figures, columns without a total, columns whose rows do not sum to it) is rounded
/// half-to-even on its own. Amounts stay exact in the ledger; only the document changes.
public enum ReportRounding: String, CaseIterable, Sendable {
    case cents

    public static let note = "Amounts are rounded to cents; within each table the rows are adjusted by the largest "
        + "remainder method so they still sum to the rounded total."

    /// The micro-units of one cent.
    static let cent: Int64 = 10_000

    /// `amount` rounded half-to-even to the cent.
    static func rounded(_ amount: Money) -> Money {
        Money(micros: amount.scaled(by: 1, over: cent).micros * cent)
    }

    /// `amounts` rounded to cents so they sum to `total` rounded half-to-even, when they sum to
    /// `total`; else each on its own.
    static func apportioned(_ amounts: [Money], total: Money) -> [Money] {
        guard amounts.reduce(Money.zero, +) == total else { return amounts.map(rounded) }
        let target = rounded(total).micros / cent
        let floors = amounts.map { Int64(($0.micros - (($0.micros % cent) + cent) % cent) / cent) }
        var missing = target - floors.reduce(0, +)
        var result = floors
        let order = amounts.indices.sorted { a, b in
            let x = ((amounts[a].micros % cent) + cent) % cent, y = ((amounts[b].micros % cent) + cent) % cent
            return x != y ? x > y : a < b
        }
        for index in order where missing > 0 {
            result[index] += 1
            missing -= 1
        }
        return result.map { Money(micros: $0 * cent) }
    }

    public func apply(to table: ReportTable) -> ReportTable {
        var rows = table.rows
        var total = table.total
        for (column, spec) in table.columns.enumerated() where spec.kind == .money {
            func money(_ cell: ReportCell) -> Money? { if case .money(let m) = cell { m } else { nil } }
            let amounts = rows.map { money($0[column]) }
            if let totalAmount = total.flatMap({ money($0[column]) }), amounts.allSatisfy({ $0 != nil }) {
                let shares = Self.apportioned(amounts.map { $0! }, total: totalAmount)
                for index in rows.indices { rows[index][column] = .money(shares[index]) }
                total?[column] = .money(Self.rounded(totalAmount))
            } else {
                for index in rows.indices {
                    if let amount = amounts[index] { rows[index][column] = .money(Self.rounded(amount)) }
                }
                if let amount = total.flatMap({ money($0[column]) }) { total?[column] = .money(Self.rounded(amount)) }
            }
        }
        return ReportTable(columns: table.columns, rows: rows, total: total)
    }

    public func apply(to document: ReportDocument) -> ReportDocument {
        var document = document
        for index in document.sections.indices {
            document.sections[index].table = apply(to: document.sections[index].table)
        }
        for index in document.summary.indices {
            if case .money(let amount) = document.summary[index].value {
                document.summary[index].value = .money(Self.rounded(amount))
            }
        }
        document.notes.append(Self.note)
        return document
    }
}

extension UsageReport {
    /// The report with its amounts in whole cents (`ReportRounding`), main table included.
    public func rounded(_ rounding: ReportRounding) -> UsageReport {
        var report = self
        report.document = rounding.apply(to: document)
        report.main.table = rounding.apply(to: main.table)
        return report
    }
}
