import Foundation
@testable import SoraCostKit
import Testing

/// The streamed exports' own `-o` meets the same rule as every other output (never the ledger
/// or its `-wal`/`-shm`), and `export raw` gives back the imported records byte for byte.
@Suite struct ExportFileSafetyTests {
    let fixture: ThirtyJobLedger
    var scratch: Scratch { fixture.scratch }
    var db: String { fixture.db }

    init() throws { fixture = try ThirtyJobLedger() }

    func bytes(_ path: String) throws -> Data { try fixture.bytes(path) }

    @Test(arguments: [["focus", "--month", "2026-03"], ["focus", "--month", "2026-03", "--aggregate", "day"],
                      ["jobs", "--format", "jsonl"], ["raw"]],
          ["", "-wal", "-shm"])
    func anExportOverTheLedgerIsRefusedAndTheLedgerKept(export: [String], suffix: String) throws {
        let before = try bytes(db)
        let target = db + suffix
        let existed = FileManager.default.fileExists(atPath: target)
        let targetBefore = existed ? try bytes(target) : nil
        let result = try Soracost.run(["export"] + export + ["--db", db, "-o", target])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("\(target): cannot write: it is the ledger"), "\(result.stderr)")
        #expect(try bytes(db) == before)
        if let targetBefore, suffix != "-shm" { #expect(try bytes(target) == targetBefore) }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).filter { $0.hasSuffix(".partial") }
        #expect(leftovers.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: target + ".unpriced.csv"))
        #expect(try Soracost.run(["status", "--db", db]).stdout.contains("jobs     30"))
    }

    @Test func anExportReachingTheLedgerThroughASymlinkIsRefused() throws {
        let link = scratch.file("link.sqlite")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: db)
        let before = try bytes(db)
        let result = try Soracost.run(["export", "focus", "--db", db, "--month", "2026-03", "-o", link])
        #expect(result.status == 2 && result.stderr.contains("it is the ledger"), "\(result.stderr)")
        #expect(try bytes(db) == before)
    }

    @Test func anExportFileAppearsWholeAndReplacesAnOldOne() throws {
        let file = try scratch.write("jobs.jsonl", "old\n")
        let result = try Soracost.run(["export", "jobs", "--db", db, "--format", "jsonl", "-o", file])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 30 && !lines.contains("old"))
    }

    @Test func exportRawGivesBackEveryImportedRecordByteForByte() throws {
        // Non-ASCII, escapes, odd spacing, a job in two states, prompts kept: all stored as read.
        let lines = [
            #"{"ts":"2026-03-14T09:00:00Z","project":"café","user":"José Ñúñez","kind":"create","video":{"id":"video_raw1","object":"video","model":"sora-2","status":"queued","progress":0,"created_at":1773478800,"completed_at":null,"expires_at":null,"size":"1280x720","seconds":"8","prompt":"un chat qui danse 🐈 — « ça »","remixed_from_video_id":null,"error":null}}"#,
            #"{"ts":"2026-03-14T09:01:00Z",  "project":"café","user":"José Ñúñez","kind":"create","video":{"id":"video_raw1","object":"video","model":"sora-2","status":"completed","progress":100,"created_at":1773478800,"completed_at":1773478860,"expires_at":null,"size":"1280x720","seconds":"8","prompt":"un chat qui danse 🐈 — « ça »","remixed_from_video_id":null,"error":null}}"#,
            #"{"ts":"2026-03-15T10:00:00Z","project":"日本","user":"\u00e9\"quoted\"\\","kind":"create","video":{"id":"video_raw2","object":"video","model":"sora-2-pro","status":"failed","progress":12,"created_at":1773568800,"completed_at":null,"expires_at":null,"size":"1792x1024","seconds":"4","remixed_from_video_id":null,"error":{"code":"moderation","message":"Inhalt blockiert: Größe ✗\ttab"}}}"#,
        ]
        let log = try scratch.write("raw.jsonl", lines.joined(separator: "\n") + "\n")
        let ledger = scratch.file("raw.sqlite")
        let imported = try Soracost.run(["import", "-q", "--keep-prompts", "--db", ledger, log])
        #expect(imported.status == 0, "\(imported.stderr)")
        let file = scratch.file("raw-out.jsonl")
        let run = try Soracost.run(["export", "raw", "--db", ledger, "-o", file])
        #expect(run.status == 0 && run.stdout.isEmpty && run.stderr.isEmpty, "\(run.stderr)")
        let exported = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map { line in
            let object = try JSONValue.parse(String(line))
            return [object["provider"]?.stringValue, object["video_id"]?.stringValue, object["raw"]?.stringValue]
        }
        #expect(exported.map { $0[1] } == ["video_raw1", "video_raw1", "video_raw2"])
        #expect(exported.allSatisfy { $0[0] == "openai" })
        #expect(exported.map { Array(($0[2] ?? "").utf8) } == lines.map { Array($0.utf8) })
        // The same bytes as `explain --raw`.
        let explain = try Soracost.run(["explain", "video_raw1", "--raw", "--db", ledger])
        #expect(explain.stdout == lines[0] + "\n" + lines[1] + "\n")
        // A period selects jobs by creation day.
        let day = try Soracost.run(["export", "raw", "--db", ledger, "--since", "2026-03-15", "--until", "2026-03-15"])
        #expect(day.stdout.split(separator: "\n").count == 1 && day.stdout.contains("video_raw2"))
    }
}
