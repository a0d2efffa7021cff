import Foundation
import Testing
@testable import SoraCostKit

@Suite struct LogImporterTests {
    let directory: TemporaryDirectory
    let ledger: Ledger

    init() throws {
        (directory, ledger) = try TemporaryDirectory.withLedger()
    }

    func importing(_ paths: [String], options: ImportOptions = ImportOptions()) throws -> ImportReport {
        try LogImporter(ledger: ledger, options: options).run(paths: paths)
    }

    func job(_ id: String) throws -> Job {
        try #require(try ledger.jobs(videoID: id).first)
    }

    func count(_ sql: String) throws -> Int64 {
        try ledger.database.scalarInt(sql) ?? -1
    }

    /// Every stored fact of every job, for comparing two ledgers or two moments.
    func dump() throws -> [String] {
        var raws: [Int64: String] = [:]
        try ledger.forEachRawRecord { id, record in raws[id] = record }
        return try ledger.database.prepare("""
            SELECT j.provider || '|' || j.video_id || '|' || IFNULL(j.account,'') || '|' || j.model || '|' || j.status
                || '|' || IFNULL(j.progress,'') || '|' || j.seconds || '|' || j.width || 'x' || j.height || '|' || j.created_at
                || '|' || IFNULL(j.completed_at,'') || '|' || IFNULL(j.project,'') || '|' || IFNULL(j.user_name,'')
                || '|' || IFNULL(j.tags,'') || '|' || j.is_batch || '|' || j.kind || '|' || IFNULL(j.segment_seconds,'')
                || '|', j.id
            FROM jobs j ORDER BY j.provider, j.video_id
            """).rows { ($0.text(0) ?? "") + (raws[$0.int64(1)] ?? "") }
    }

    @Test func importsBareObjectsEnvelopesAndPagesPerLine() throws {
        let page = #"{"object":"list","data":[\#(Sample.video("video_p1")),\#(Sample.video("video_p2"))],"first_id":"video_p1","last_id":"video_p2","has_more":false}"#
        let path = try directory.write("app.jsonl", [
            Sample.video("video_a"),
            Sample.envelope(Sample.video("video_b", model: "sora-2-pro", seconds: "12", size: "1792x1024"),
                            extra: #","kind":"extension","segment_seconds":4,"batch":true,"provider":"azure","account":"east""#),
            page,
        ].joined(separator: "\n") + "\n")
        let report = try importing([path])
        #expect(report.counts.new == 4)
        #expect(report.counts.rejected == 0)
        #expect(report.files.first?.format == .jsonl)
        let b = try job("video_b")
        #expect(b.provider == "azure")
        #expect(b.account == "east")
        #expect(b.project == "marketing")
        #expect(b.user == "ana@example.com")
        #expect(b.tags == ["team": "brand"])
        #expect(b.isBatch)
        #expect(b.kind == .extension)
        #expect(b.segmentSeconds == 4)
        #expect(b.seconds == 12)
        #expect(b.width == 1792 && b.height == 1024)
        #expect(try job("video_p2").status == .completed)
    }

    @Test func neverStoresPromptsUnlessAskedTo() throws {
        let path = try directory.write("app.jsonl", Sample.envelope(Sample.video("video_a")) + "\n")
        _ = try importing([path])
        #expect(try ledger.rawCount(containing: "secret prompt") == 0)
        #expect(try count("SELECT COUNT(*) FROM jobs WHERE prompt IS NOT NULL") == 0)

        let other = try TemporaryDirectory()
        let keeping = try Ledger(path: other.file("l.sqlite"))
        var options = ImportOptions()
        options.decoder.keepPrompts = true
        _ = try LogImporter(ledger: keeping, options: options).run(paths: [path])
        #expect(try keeping.database.scalarText("SELECT prompt FROM jobs") == "a secret prompt")
    }

    @Test func readsPrettyPrintedPagesAndReportsTheirLines() throws {
        let page = """
            {
              "object": "list",
              "data": [
                \(Sample.video("video_1")),
                {"id": "video_2", "object": "video", "model": "sora-2", "status": "completed",
                 "created_at": true, "size": "720x1280", "seconds": "4"},
                \(Sample.video("video_3"))
              ],
              "first_id": "video_1", "last_id": "video_3", "has_more": false
            }
            """
        let path = try directory.write("saved/page-001.json", page)
        let arrayOfPages = "[\(page), \(page.replacingOccurrences(of: "video_", with: "video_x"))]"
        let second = try directory.write("saved/pages.json", arrayOfPages)
        let report = try importing([path, second])
        #expect(report.counts.new == 4)
        #expect(report.counts.rejected == 3)
        let reject = try #require(report.rejects.first)
        #expect(reject.line == 5)
        #expect(reject.error.field == "created_at")
        #expect(report.files.allSatisfy { $0.format == .json })
    }

    @Test func readsCSVWithQuotingBothTimeFormatsAndAttribution() throws {
        let csv = """
            id,model,size,seconds,status,created_at,completed_at,project,user,tags,batch,kind,segment_seconds,error_code
            video_c1,sora-2,1280x720,8,completed,2026-01-05T10:00:00Z,,support-bot,"Lee, Sam",team=care;queue=vip,true,create,,
            video_c2,sora-2-pro,1024x1792,12,failed,1767607200,,support-bot,sam@example.com,,false,remix,,moderation_blocked
            video_c3,sora-2,720x1280,16,completed,2026-03-05T10:00:00+01:00,,support-bot,"multi
            line",,no,extension,8,
            video_c4,sora-2,720x1280,eight,completed,2026-01-05T10:00:00Z,,,,,,,,

            """
        let path = try directory.write("jobs.csv", csv)
        let report = try importing([path])
        #expect(report.counts.new == 3)
        #expect(report.rejects.map(\.line) == [6])
        #expect(report.rejects.first?.error.field == "seconds")
        let c1 = try job("video_c1")
        #expect(c1.createdAt == 1_767_607_200)
        #expect(c1.user == "Lee, Sam")
        #expect(c1.tags == ["team": "care", "queue": "vip"])
        #expect(c1.isBatch)
        let c2 = try job("video_c2")
        #expect(c2.createdAt == 1_767_607_200)
        #expect(c2.errorCode == "moderation_blocked")
        #expect(c2.kind == .remix)
        let c3 = try job("video_c3")
        #expect(c3.createdAt == Timestamp.parseISO("2026-03-05T09:00:00Z"))
        #expect(c3.user == "multi\nline")
        #expect(c3.segmentSeconds == 8)
    }

    @Test func readsGzipLikeThePlainFile() throws {
        let lines = (1...50).map { Sample.envelope(Sample.video("video_\($0)")) }.joined(separator: "\n") + "\n"
        let plain = try directory.write("plain/app.jsonl", lines)
        let gz = directory.file("app.jsonl.1.gz")
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -c '\(plain)' > '\(gz)'"]
        try gzip.run()
        gzip.waitUntilExit()
        let report = try importing([gz])
        #expect(report.counts.new == 50)
        #expect(report.files.first?.format == .jsonl)
        let again = try importing([gz])
        #expect(again.files.first?.skipped != nil)
        #expect(try importing([plain]).counts.unchanged == 50)
    }

    @Test func rejectsBadLinesWithFileLineAndFieldAndKeepsThem() throws {
        let path = try directory.write("broken.jsonl", [
            Sample.video("video_ok1"),
            #"{"id":"video_t","model":"sora-2","#,
            Sample.video("video_bad_seconds", seconds: "eight"),
            Sample.video("video_bad_size", size: "720by1280"),
            Sample.video("", model: "sora-2"),
            #"{"id":"video_type","object":"video","model":"sora-2","status":"completed","created_at":{"a":1},"size":"720x1280","seconds":"4"}"#,
            Sample.video("video_status", status: "done"),
            "WARN retrying request",
            "",
            #"{"id":"video_num","model":"sora-2","status":"completed","created_at":1760627796,"size":"720x1280","seconds":8}"#,
        ].joined(separator: "\n") + "\n")
        let report = try importing([path])
        #expect(report.counts.new == 2)
        #expect(report.counts.rejected == 7)
        let located = report.rejects.map { "\($0.line ?? 0):\($0.error.field ?? "-")" }
        #expect(located == ["2:-", "3:seconds", "4:size", "5:id", "6:created_at", "7:status", "8:-"])
        #expect(report.rejects.allSatisfy { $0.path == path })
        #expect(try count("SELECT COUNT(*) FROM rejects WHERE text LIKE '%720by1280%' AND line = 4") == 1)
        #expect(try count("SELECT COUNT(*) FROM imports WHERE rejected = 7") == 1)
    }

    @Test func isIdempotent() throws {
        let path = try directory.write("app.jsonl", (1...20).map { Sample.envelope(Sample.video("video_\($0)")) }.joined(separator: "\n") + "\n")
        _ = try importing([path])
        let before = try dump()
        let again = try importing([path])
        #expect(again.counts == ImportCounts())
        #expect(try dump() == before)
        // Forced to read everything again (a copy under another name): every line is unchanged.
        let copy = try directory.write("copy.jsonl", try String(contentsOfFile: path, encoding: .utf8))
        let third = try importing([copy])
        #expect(third.counts.unchanged == 20)
        #expect(third.counts.new == 0)
        #expect(try dump() == before)
        #expect(try count("SELECT COUNT(*) FROM jobs") == 20)
    }

    @Test func readsOnlyAppendedLinesNextTime() throws {
        let first = (1...10).map { Sample.envelope(Sample.video("video_\($0)")) }.joined(separator: "\n") + "\n"
        let path = try directory.write("app.jsonl", first)
        _ = try importing([path])
        try directory.append("app.jsonl", (11...13).map { Sample.envelope(Sample.video("video_\($0)")) }.joined(separator: "\n") + "\n")
        let report = try importing([path])
        #expect(report.files.first?.linesRead == 3)
        #expect(report.files.first?.resumedAt == Int64(first.utf8.count))
        #expect(report.counts.new == 3)
        #expect(try count("SELECT line FROM sources WHERE kind = 'file'") == 13)
    }

    @Test func leavesAnUnfinishedLastLineForTheNextImport() throws {
        let complete = Sample.video("video_1") + "\n"
        let partial = String(Sample.video("video_2").prefix(40))
        let path = try directory.write("app.jsonl", complete + partial)
        let report = try importing([path])
        #expect(report.counts.new == 1)
        #expect(report.counts.rejected == 0)
        try directory.append("app.jsonl", String(Sample.video("video_2").dropFirst(40)) + "\n")
        let next = try importing([path])
        #expect(next.counts.new == 1)
        #expect(next.counts.rejected == 0)
        #expect(try count("SELECT COUNT(*) FROM jobs") == 2)
    }

    @Test func handlesRotationAndTruncationWithoutDuplicates() throws {
        let lines = (1...10).map { Sample.envelope(Sample.video("video_\($0)")) }
        let path = try directory.write("app.jsonl", lines.joined(separator: "\n") + "\n")
        _ = try importing([path])
        // logrotate: the file is renamed and a new one started.
        try FileManager.default.moveItem(atPath: path, toPath: directory.file("app.jsonl.1"))
        try directory.write("app.jsonl", Sample.envelope(Sample.video("video_11")) + "\n")
        let rotated = try importing([directory.path])
        #expect(rotated.counts.new == 1)
        #expect(rotated.counts.unchanged == 0)
        #expect(rotated.files.first { $0.path.hasSuffix("app.jsonl.1") }?.skipped != nil)
        // copytruncate: the same file emptied and written again.
        try directory.write("app.jsonl", Sample.envelope(Sample.video("video_12", status: "queued")) + "\n")
        let truncated = try importing([path])
        #expect(truncated.counts.new == 1)
        #expect(try count("SELECT COUNT(*) FROM jobs") == 12)
    }

    @Test func reportsUnreadableInputsAndStillImportsTheRest() throws {
        let good = try directory.write("good.jsonl", Sample.video("video_1") + "\n")
        let report = try importing([directory.file("missing.jsonl"), good])
        #expect(report.counts.new == 1)
        #expect(report.failures.count == 1)
        #expect(report.failures.first?.errorDescription?.contains("missing.jsonl") == true)
    }

    @Test func appliesFieldMappingsForOtherLogShapes() throws {
        let line = #"{"meta":{"team":"growth","actor":{"email":"kim@example.com"}},"labels":{"env":"prod"},"result":\#(Sample.video("video_m"))}"#
        let path = try directory.write("other.log", "2026-03-01 12:00:00 INFO videos: " + line + "\n")
        var options = ImportOptions()
        options.decoder.mapping = try AttributionMapping(overrides: ["project=meta.team", "user=meta.actor.email", "tags=labels"])
        let report = try importing([path], options: options)
        #expect(report.counts.new == 1)
        let m = try job("video_m")
        #expect(m.project == "growth")
        #expect(m.user == "kim@example.com")
        #expect(m.tags == ["env": "prod"])
    }
}
