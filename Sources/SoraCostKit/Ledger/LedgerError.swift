import Foundation

/// Failures a user can act on, each naming what to fix.
public enum LedgerError: Error, LocalizedError, Equatable {
    case schemaTooNew(path: String, found: Int, supported: Int)
    case notALedger(path: String, reason: String)
    case missing(path: String)
    case schemaTooOld(path: String, found: Int, supported: Int)

    public var errorDescription: String? {
        switch self {
        case let .schemaTooNew(path, found, supported):
            "\(path): ledger schema version \(found) is newer than this soracost understands (\(supported)); upgrade soracost"
        case let .notALedger(path, reason):
            "\(path): not a usable soracost ledger (\(reason))"
        case let .schemaTooOld(path, found, supported):
            "\(path): ledger schema version \(found) is older than this soracost's (\(supported)) and the file is read-only here; run `soracost import` or `soracost sync` once with write access to upgrade it"
        case let .missing(path):
            "\(path): no ledger here yet; run `soracost import` or `soracost sync` first"
        }
    }
}
