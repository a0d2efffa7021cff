import Foundation
@testable import SoraCostKit
import Testing

/// The sample reports in Reports/ are golden files: this suite imports Fixtures/ with the built
/// binary, runs the report commands of the Makefile's `demo` recipe (read from the Makefile
/// itself, so the two cannot drift apart) and requires every file to match the committed one
/// byte for byte. After an intended change, `make reports` regenerates them.
@Suite struct SampleReportsTests {
    /// The package root, two folders above this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let expectedFiles = ["daily-2026-09.csv", "daily-spend-2026-09.svg", "monthly-2025-10_2026-09.json",
                                "monthly-review-2026-09.html", "monthly-review-2026-09.md"]
    /// Committed beside them, not written by `make demo`: the HTML review's screenshot
    /// (`make screenshot`, checked in a browser by HTMLReviewBrowserTests).
    static let screenshot = "monthly-review-2026-09.png"

    let scratch: Scratch

    /// A scratch folder laid out like the package root (`Fixtures` linked in, `Reports/` and
    /// `demo/` empty), holding a fresh demo ledger imported as the Makefile does.
    init() throws {
        scratch = try Scratch()
        try FileManager.default.createSymbolicLink(atPath: scratch.file("Fixtures"),
                                                   withDestinationPath: Self.root.appendingPathComponent("Fixtures").path)
        for folder in ["Reports", "demo"] {
            try FileManager.default.createDirectory(atPath: scratch.file(folder), withIntermediateDirectories: true)
        }
        let imported = try Soracost.run(try Self.makeCommands(prefix: "import").first ?? [], directory: scratch.path)
        // 1 is the documented status for the seven broken lines of broken.jsonl.
        #expect(imported.status == 1, "\(imported.stderr)")
    }

    /// The argument lists of the `demo` recipe's `$(SORACOST) <prefix> ...` lines, with
    /// `$(DEMO_DB)` at its default and the trailing `|| ...` dropped.
    static func makeCommands(prefix: String) throws -> [[String]] {
        let makefile = try String(contentsOf: root.appendingPathComponent("Makefile"), encoding: .utf8)
        var commands: [[String]] = []
        var inDemo = false
        for line in makefile.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix("\t") { inDemo = line.hasPrefix("demo:") }
            guard inDemo, let start = line.range(of: "$(SORACOST) \(prefix) ") else { continue }
            var text = String(line[line.index(start.lowerBound, offsetBy: "$(SORACOST) ".count)...])
            if let or = text.range(of: " || ") { text = String(text[..<or.lowerBound]) }
            text = text.replacingOccurrences(of: "$(DEMO_DB)", with: "demo/ledger.sqlite")
            #expect(!text.contains("\"") && !text.contains("'") && !text.contains("$"), "unexpected shell syntax: \(text)")
            commands.append(text.split(separator: " ").map(String.init))
        }
        return commands
    }

    @Test func sampleReportsMatchTheCommittedFiles() throws {
        let commands = try Self.makeCommands(prefix: "report")
        #expect(commands.count == 4)
        for arguments in commands {
            let result = try Soracost.run(arguments, directory: scratch.path)
            #expect(result.status == 0, "\(arguments.joined(separator: " ")): \(result.stderr)")
            #expect(result.stderr.isEmpty)
        }
        let written = try FileManager.default.contentsOfDirectory(atPath: scratch.file("Reports")).sorted()
        #expect(written == Self.expectedFiles)
        let committed = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("Reports").path)
            .filter { !$0.hasPrefix(".") }.sorted()
        #expect(committed == (Self.expectedFiles + [Self.screenshot]).sorted())
        let png = try Data(contentsOf: Self.root.appendingPathComponent("Reports/" + Self.screenshot))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 50_000)
        for name in written {
            let fresh = try Data(contentsOf: URL(fileURLWithPath: scratch.file("Reports/" + name)))
            let golden = try Data(contentsOf: Self.root.appendingPathComponent("Reports/" + name))
            #expect(fresh == golden, "Reports/\(name) differs from a fresh run \(Self.firstDifference(fresh, golden)); if the change is intended, run `make reports` and commit Reports/")
        }
        let review = try String(contentsOfFile: scratch.file("Reports/monthly-review-2026-09.md"), encoding: .utf8)
        #expect(review.contains("](daily-spend-2026-09.svg)"))
        for key in ["Comparison", "Unit costs", "Top movers", "Forecast", "Budgets", "Anomalies"] {
            #expect(review.contains("## " + key), "\(key)")
        }
        let html = try String(contentsOfFile: scratch.file("Reports/monthly-review-2026-09.html"), encoding: .utf8)
        #expect(html.contains("<svg ") && !html.contains("src=\"http") && !html.contains("href=\"http"))
    }

    /// The first line where two files differ, to make a failure readable.
    static func firstDifference(_ a: Data, _ b: Data) -> String {
        let left = String(decoding: a, as: UTF8.self).components(separatedBy: "\n")
        let right = String(decoding: b, as: UTF8.self).components(separatedBy: "\n")
        for index in 0..<max(left.count, right.count) {
            let x = index < left.count ? left[index] : "<end>"
            let y = index < right.count ? right[index] : "<end>"
            if x != y { return "at line \(index + 1): fresh \(x.debugDescription), committed \(y.debugDescription)" }
        }
        return ""
    }

    /// docs/README-fixtures.md quotes $4,251.00 "at the reference list prices". The built-in card
    /// gives $4,155.00, and the difference is exactly two simplifications of the fixture
    /// generator's check, which the pricing rules do not make:
    /// - it prices the 30 Azure jobs at OpenAI's rates, but the built-in card has no Azure entry,
    ///   so they are unpriced (`unknown_model`): 252 s of sora-2 720p = $25.20;
    /// - it bills extensions at the stitched total `seconds`, but an extension bills only its new
    ///   segment (docs/README-pricing.md): 380 s of sora-2 720p, 76 s of sora-2-pro 720p and
    ///   20 s of sora-2-pro 1024p that were generated by the source jobs = $70.80.
    @Test func fixtureTotalReconcilesWithTheReferenceFigure() throws {
        let db = scratch.file("demo/ledger.sqlite")
        let whole = ["report", "monthly", "--db", db, "--since", "2025-10-01", "--until", "2026-09-30", "--format", "json"]
        let builtIn = try Self.total(try Soracost.run(whole))
        #expect(builtIn["cost"] as? String == "4155.00")
        // 3,217 jobs of the generated organization and the 6 hand-written vidgate 1080p jobs of
        // Fixtures/gateway, which no card prices (they show the review's estimated accrual).
        #expect((builtIn["jobs"] as? NSNumber)?.intValue == 3223)
        #expect((builtIn["failed"] as? NSNumber)?.intValue == 132)
        #expect((builtIn["pending"] as? NSNumber)?.intValue == 9)
        #expect((builtIn["unpriced_jobs"] as? NSNumber)?.intValue == 164 + 6)

        // Azure at OpenAI's list price, batch 50% off like the built-in card.
        let azure = try scratch.write("azure.json", """
            {"version": 1, "batch_discount_percent": 50, "entries": [
              {"provider": "azure", "model": "sora-2", "sizes": ["720x1280"], "unit": "second", "rate": "0.10"}]}
            """)
        let withAzure = try Self.total(try Soracost.run(whole + ["--rates", azure]))
        #expect(withAzure["cost"] as? String == "4180.20")

        // What billing each extension at its stitched total would add, at list prices.
        let ledger = try Database(path: db, readOnly: true)
        let statement = try ledger.prepare("""
            SELECT model, MIN(width, height), is_batch, SUM(seconds - segment_seconds) FROM jobs
            WHERE status = 'completed' AND kind = 'extension' GROUP BY 1, 2, 3
            """)
        var stitched = Money.zero
        let list: [String: Int64] = ["sora-2/720": 100_000, "sora-2-pro/720": 300_000, "sora-2-pro/1024": 500_000]
        let rows = try statement.rows([]) { ($0.text(0) ?? "", $0.int(1), $0.int(2) != 0, $0.int64(3)) }
        for row in rows {
            let base = row.0.hasPrefix("sora-2-pro") ? "sora-2-pro" : "sora-2"
            guard let rate = list["\(base)/\(row.1)"] else { continue }
            stitched += Money(micros: (row.2 ? rate / 2 : rate) * row.3)
        }
        #expect(stitched == Money(decimal: "70.80"))
        #expect(Money(decimal: "4180.20")! + stitched == Money(decimal: "4251.00"))

        // The company card prices everything of the organization (Azure at list, 1080p at the
        // negotiated $0.70); only the vidgate 1080p jobs stay unpriced, 60 s.
        let company = try Self.total(try Soracost.run(whole + ["--rates", Self.root.appendingPathComponent("Fixtures/rates/company.json").path]))
        #expect(company["cost"] as? String == "4979.60")
        #expect((company["unpriced_jobs"] as? NSNumber)?.intValue == 6)
        #expect((company["unpriced_seconds"] as? NSNumber)?.intValue == 60)
    }

    static func total(_ result: Soracost.Result) throws -> [String: Any] {
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return try #require(json["total"] as? [String: Any])
    }
}
