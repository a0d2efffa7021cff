/// How a budget stands, which is also `budget check`'s exit status (the Nagios plugin
/// convention: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
public enum BudgetLevel: Int, Sendable, CaseIterable, CustomStringConvertible {
    case ok = 0
    case warning = 1
    case critical = 2
    case unknown = 3

    /// Which of two levels wins when budgets are combined: critical, then unknown (a budget that
    /// could not be read may be over), then warning, then ok.
    public var severity: Int {
        switch self {
        case .ok: 0
        case .warning: 1
        case .unknown: 2
        case .critical: 3
        }
    }

    /// The worst of `levels`; ok when empty.
    public static func worst(_ levels: some Sequence<BudgetLevel>) -> BudgetLevel {
        levels.max { $0.severity < $1.severity } ?? .ok
    }

    /// `OK`, `WARNING`, `CRITICAL`, `UNKNOWN`.
    public var description: String {
        switch self {
        case .ok: "OK"
        case .warning: "WARNING"
        case .critical: "CRITICAL"
        case .unknown: "UNKNOWN"
        }
    }
}
