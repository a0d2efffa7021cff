import Foundation
@testable import SoraCostKit

/// Shared builders for the pricing tests.
enum PriceFixtures {
    /// The repository's Fixtures/rates directory, found from this file's path.
    static let ratesDirectory: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/rates").path

    /// Unix seconds of a UTC date and time.
    static func unix(_ date: String, _ hour: Int = 12, _ minute: Int = 0, _ second: Int = 0) -> Int64 {
        guard let day = Day(iso: date) else { fatalError("bad test date \(date)") }
        return day.unixStart + Int64(hour * 3600 + minute * 60 + second)
    }

    static func job(
        _ id: String = "video_test", provider: String = "openai", model: String = "sora-2",
        size: String = "1280x720", seconds: Int = 8, createdAt: Int64 = unix("2026-01-15"),
        completedAt: Int64? = nil, status: JobStatus = .completed, isBatch: Bool = false,
        kind: RequestKind = .create, segmentSeconds: Int? = nil
    ) -> Job {
        guard let parsed = RateSize(size) else { fatalError("bad test size \(size)") }
        return Job(provider: provider, videoID: id, model: model, status: status, seconds: seconds,
                   width: parsed.width, height: parsed.height, createdAt: createdAt,
                   completedAt: completedAt ?? (status == .completed ? createdAt + 60 : nil),
                   isBatch: isBatch, kind: kind, segmentSeconds: segmentSeconds)
    }

    static func card(_ text: String, name: String = "test.json") throws -> RateCard {
        try RateCard.parse(text: text, sourceName: name)
    }

}

extension PriceResult {
    /// The charge, or nil unless billed.
    var charge: PriceCharge? {
        if case .billed(let charge) = outcome { return charge }
        return nil
    }
}
