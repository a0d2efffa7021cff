import Foundation
import Testing
@testable import SoraCostKit

/// The documents the CLI only renders: explain's rows, the rejects table, the output file.
@Suite struct DocumentsTests {
    let seen = ExplainDocument.Seen(firstSeen: PriceFixtures.unix("2026-01-05", 10, 0, 0),
                                    lastSeen: PriceFixtures.unix("2026-01-06", 9, 30, 5),
                                    firstSource: "a.jsonl", lastSource: "b.jsonl", sources: ["a.jsonl", "b.jsonl"])

    @Test func explainPutsAttributionBeforeTheUsageDayAndSightingsAfterTheCost() throws {
        var job = PriceFixtures.job("video_abc", createdAt: PriceFixtures.unix("2026-01-05", 10, 0, 0))
        job.project = "web"
        job.tags = ["team": "ads", "campaign": "fall: launch"]
        let rows = ExplainDocument.rows(Pricer(card: EffectiveCard()).explain(job), seen)
        #expect(rows.map(\.label) == ["video", "model", "job", "status", "created", "completed", "account", "project",
                                      "user", "tags", "usage day", "rate", "source", "modifiers", "arithmetic", "cost",
                                      "first seen", "last seen", "seen in"])
        // Values keep their own colons: rows are built as pairs, never split back out of text.
        #expect(rows.first { $0.label == "tags" }?.value == "campaign=fall: launch, team=ads")
        #expect(rows.first { $0.label == "rate" }?.value.hasPrefix("built-in entries[0]: openai sora-2") == true)
        #expect(rows.first { $0.label == "last seen" }?.value == "2026-01-06 09:30:05 UTC in b.jsonl")
        #expect(rows.first { $0.label == "seen in" }?.value == "2 sources: a.jsonl, b.jsonl")

        let text = ExplainDocument(videoID: "video_abc", jobs: [(Pricer(card: EffectiveCard()).explain(job), seen)]).text
        #expect(text.hasPrefix("video:      video_abc (provider openai)\n"))
        #expect(text.contains("\nproject:    web\n"))
        #expect(text.hasSuffix("seen in:    2 sources: a.jsonl, b.jsonl\n"))
    }

    @Test func explainJSONCarriesAttributionAndSightings() throws {
        var job = PriceFixtures.job("video_abc")
        job.user = "ana@example.com"
        let document = ExplainDocument(videoID: "video_abc", jobs: [(Pricer(card: EffectiveCard()).explain(job), seen)])
        guard case .array(let jobs)? = document.json["jobs"], let object = jobs.first else {
            Issue.record("no jobs array")
            return
        }
        #expect(object["attribution"]?["user"] == .string("ana@example.com"))
        #expect(object["seen"]?["sources"] == .array([.string("a.jsonl"), .string("b.jsonl")]))
        #expect(document.render(.json) == document.json.prettyText)
        #expect(document.render(.table) == document.text)
    }

    @Test func rejectsCutTheirTextToTheLimit() throws {
        let long = String(repeating: "x", count: 100)
        let reject = RejectRecord(id: 1, importID: 7, source: "a.jsonl", line: 3, field: "seconds", reason: "bad", text: long)
        let table = try #require(RejectsDocument.document([reject], textLimit: 60).sections.first?.table)
        #expect(table.rows.first?.last == .text(String(repeating: "x", count: 60)))
        #expect(RejectsDocument.textLimit(for: .table) == 60)
        #expect(RejectsDocument.textLimit(for: .csv) == 65_536)
        #expect(RejectsDocument.document([], textLimit: 60).sections.first?.heading == "0 rejected lines")
    }

    @Test func outputFileWritesWholeOrNamesTheMissingFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("documents-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try OutputFile.write("a,b\r\n", to: folder + "/out.csv")
        #expect(try String(contentsOfFile: folder + "/out.csv", encoding: .utf8) == "a,b\r\n")
        #expect(throws: OutputFileError(path: folder + "/none/out.csv", reason: "no folder \(folder)/none")) {
            try OutputFile.write("x", to: folder + "/none/out.csv")
        }
        #expect(OutputFileError(path: "r.md", reason: "no folder x").localizedDescription == "r.md: cannot write: no folder x")
    }
}
