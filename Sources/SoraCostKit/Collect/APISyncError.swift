import Foundation

/// A sync that stopped because the API failed: where it stopped, why, and what is stored.
///
/// The message starts with the list page (its number in the walk and its `after` cursor) or the
/// job being refreshed, then carries the `APIError` text (HTTP status, the API's error message,
/// x-request-id; never the key), then says what the ledger already holds and where the next run
/// continues.
public struct APISyncError: Error, LocalizedError, CustomStringConvertible, Sendable {
    public enum Stage: Sendable, Equatable {
        /// Fetching list page `number` (1 = newest) with this `after` cursor (nil for the first).
        case listPage(number: Int, cursor: String?)
        /// Fetching one stored unfinished job again.
        case refresh(videoID: String)
    }

    public var stage: Stage
    public var underlying: APIError
    /// What this run stored before the failure; every page in it is committed.
    public var report: APISyncReport

    public init(stage: Stage, underlying: APIError, report: APISyncReport) {
        self.stage = stage
        self.underlying = underlying
        self.report = report
    }

    public var errorDescription: String? {
        switch stage {
        case let .listPage(number, cursor):
            let page = "page \(number) (\(cursor.map { "after \($0)" } ?? "first page"))"
            var text = "sync stopped at \(page): \(underlying.description)"
            if number > 1 {
                let stored = report.pages > 0 ? " (\(report.pages) of them in this run: \(report.counts.summary))" : ""
                let earlier = number == 2 ? "Page 1 is" : "Pages 1–\(number - 1) are"
                text += " \(earlier) stored\(stored); the next sync continues with page \(number)."
            } else {
                text += " Nothing from this page was stored."
            }
            return text
        case let .refresh(videoID):
            return "sync stopped while refreshing \(videoID): \(underlying.description) "
                + "The \(report.pages) list page\(report.pages == 1 ? " is" : "s are") stored (\(report.counts.summary))."
        }
    }

    public var description: String { errorDescription ?? "" }

    /// True when a list page was refused in a way a stale `after` cursor explains: 400, 404 or 422.
    var refusesCursor: Bool {
        guard case .listPage(_, .some) = stage else { return false }
        switch underlying {
        case .endpointGone: return true
        case .http(let failure): return [400, 404, 422].contains(failure.status)
        default: return false
        }
    }
}
