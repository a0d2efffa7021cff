import Foundation
import Testing

@Suite struct ReportCommandTests {
    let scratch: Scratch
    var db: String { scratch.file("ledger.sqlite") }

    init() throws {
        scratch = try Scratch()
    }

    /// A wrapped log line for a completed 8-second 1280x720 sora-2 job ($0.80 at list price).
    func line(_ id: String, created: String, project: String = "web", tags: [String: String]? = nil,
              status: String = "completed") throws -> String {
        let at = try #require(ISO8601DateFormatter().date(from: created)).timeIntervalSince1970
        var envelope: [String: Any] = [
            "ts": created, "project": project, "user": "ana@example.com", "kind": "create",
            "video": [
                "id": id, "object": "video", "model": "sora-2", "status": status, "progress": 100,
                "created_at": Int(at), "completed_at": Int(at) + 60, "expires_at": NSNull(), "size": "1280x720",
                "seconds": "8", "remixed_from_video_id": NSNull(),
                "error": status == "failed" ? ["code": "moderation_blocked", "message": "no"] as [String: Any] : NSNull(),
            ] as [String: Any],
        ]
        if let tags { envelope["tags"] = tags }
        let data = try JSONSerialization.data(withJSONObject: envelope, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    func importLines(_ lines: [String]) throws {
        let file = try scratch.write("logs/app.jsonl", lines.joined(separator: "\n") + "\n")
        let result = try Soracost.run(["import", "-q", "--db", db, file])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func rejectsBadUsageWithExit64() throws {
        try importLines([try line("video_1", created: "2026-09-01T10:00:00Z")])
        let cases: [([String], String)] = [
            (["--tz", "Mars/Olympus_Mons"], "The value 'Mars/Olympus_Mons' is invalid for '--tz <zone>'"),
            (["--by", "model,team"], "--by: unknown key 'team'"),
            (["--month", "2026-09", "--since", "2026-09-01"], "use either --month or --since/--until"),
            (["--since", "2026-09-31"], "The value '2026-09-31' is invalid for '--since <YYYY-MM-DD>'"),
            (["--month", "2026-9"], "The value '2026-9' is invalid for '--month <YYYY-MM>'"),
            (["--as-of", "yesterday"], "The value 'yesterday' is invalid for '--as-of <YYYY-MM-DD|timestamp>'"),
            (["--format", "xml"], "The value 'xml' is invalid for '--format <format>'. Please provide one of 'table', 'csv', 'md', 'json' or 'html'."),
            (["--since", "2026-09-02", "--until", "2026-09-01"], "--since 2026-09-02 is after --until 2026-09-01"),
        ]
        for (arguments, message) in cases {
            let result = try Soracost.run(["report", "daily", "--db", db] + arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        let cadence = try Soracost.run(["report", "hourly", "--db", db])
        #expect(cadence.status == 64)
    }

    @Test func failsWithExit2WithoutALedger() throws {
        let result = try Soracost.run(["report", "monthly", "--db", scratch.file("none.sqlite"), "--month", "2026-09"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no ledger here yet"))
        #expect(!FileManager.default.fileExists(atPath: scratch.file("none.sqlite")))
    }

    @Test func timeZoneMovesAJobAcrossTheDayBoundary() throws {
        try importLines([try line("video_1", created: "2026-03-31T23:30:00Z")])
        let arguments = ["report", "daily", "--db", db, "--since", "2026-03-31", "--until", "2026-04-01", "--format", "csv"]
        let utc = try Soracost.run(arguments)
        let paris = try Soracost.run(arguments + ["--tz", "Europe/Paris"])
        #expect(utc.status == 0 && paris.status == 0)
        let utcRows = try RFC4180.parse(utc.stdout).dropFirst().map { Array($0.prefix(2)) }
        let parisRows = try RFC4180.parse(paris.stdout).dropFirst().map { Array($0.prefix(2)) }
        #expect(utcRows == [["2026-03-31", "1"], ["2026-04-01", "0"]])
        #expect(parisRows == [["2026-03-31", "0"], ["2026-04-01", "1"]])
    }

    /// The CSV and the JSON of one report carry the same numbers, row for row.
    @Test func csvAndJSONAgree() throws {
        var lines: [String] = []
        for day in 1...9 {
            lines.append(try line("video_a\(day)", created: "2026-09-0\(day)T10:00:00Z", project: day % 2 == 0 ? "web" : "app"))
            if day % 3 == 0 { lines.append(try line("video_f\(day)", created: "2026-09-0\(day)T11:00:00Z", status: "failed")) }
        }
        try importLines(lines)
        let arguments = ["report", "weekly", "--db", db, "--month", "2026-09", "--by", "project"]
        let csv = try RFC4180.parse(try Soracost.run(arguments + ["--format", "csv"]).stdout)
        let jsonText = try Soracost.run(arguments + ["--format", "json"]).stdout
        let json = try #require(try JSONSerialization.jsonObject(with: Data(jsonText.utf8)) as? [String: Any])
        let rows = try #require(json["rows"] as? [[String: Any]])
        let header = try #require(csv.first)
        #expect(header == ["week", "project", "jobs", "completed", "failed", "pending", "seconds", "cost", "unpriced_jobs",
                           "unpriced_seconds", "share"])
        #expect(rows.count == csv.count - 1)
        for (record, object) in zip(csv.dropFirst(), rows) {
            for (key, field) in zip(header, record) {
                let value = object[key]
                let text = (value as? String) ?? (value as? NSNumber)?.stringValue ?? ""
                #expect(text == field, "\(key)")
            }
        }
        let total = try #require(json["total"] as? [String: Any])
        #expect(total["cost"] as? String == "7.20")
        #expect((total["failed"] as? NSNumber)?.intValue == 3)
        #expect(total["share"] as? String == "100.0")
    }

    @Test func hostileTagValuesComeOutHarmless() throws {
        let hostile = ["=HYPERLINK(\"http://x\",\"y\")", "a|b", "line1\nline2"]
        try importLines(try hostile.enumerated().map { index, value in
            try line("video_\(index)", created: "2026-09-0\(index + 1)T10:00:00Z", tags: ["campaign": value])
        })
        let arguments = ["report", "daily", "--db", db, "--month", "2026-09", "--by", "tag:campaign"]
        let csv = try Soracost.run(arguments + ["--format", "csv"])
        #expect(csv.status == 0)
        let records = try RFC4180.parse(csv.stdout)
        #expect(records.dropFirst().map { $0[1] } == ["'=HYPERLINK(\"http://x\",\"y\")", "a|b", "line1\nline2"])
        #expect(!csv.stdout.contains("\r\n=") && !csv.stdout.contains(",="))

        let markdown = try Soracost.run(arguments + ["--format", "md"]).stdout
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("| 2026-09-0") }
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { $0.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count == 12 })
        #expect(rows[1].contains("a\\|b") && rows[2].contains("line1 line2"))
        #expect(!markdown.contains("\nline2"))
    }

    @Test func chartIsWrittenAndLinkedRelativeToTheReport() throws {
        try importLines([try line("video_1", created: "2026-09-01T10:00:00Z")])
        try FileManager.default.createDirectory(atPath: scratch.file("out/charts"), withIntermediateDirectories: true)
        let result = try Soracost.run(["report", "monthly", "--db", db, "--month", "2026-09", "--format", "md",
                                       "--output", "out/review.md", "--chart", "out/charts/spend.svg"],
                                      directory: scratch.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let review = try String(contentsOfFile: scratch.file("out/review.md"), encoding: .utf8)
        #expect(review.contains("](charts/spend.svg)"))
        #expect(review.hasPrefix("# Sora video spend: monthly review, September 2026\n"))
        let svg = try String(contentsOfFile: scratch.file("out/charts/spend.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<?xml"))
        #expect(svg.contains("2026-09-01 · sora-2: 0.80 USD"))

        let missing = try Soracost.run(["report", "monthly", "--db", db, "--month", "2026-09", "--chart", "nowhere/x.svg"],
                                       directory: scratch.path)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nowhere/x.svg: cannot write: no folder nowhere"))
    }

    @Test func aMonthWithoutJobsIsReportedNotAnError() throws {
        try importLines([try line("video_1", created: "2026-09-01T10:00:00Z")])
        let result = try Soracost.run(["report", "monthly", "--db", db, "--month", "2027-02"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("No jobs in February 2027: nothing was spent."))
        #expect(result.stdout.contains("Total cost"))
        #expect(result.stderr.isEmpty)
    }

    /// Without --month or --since the report covers the month of --as-of, flagged as to date.
    @Test func asOfSetsTodayForTheDefaultMonth() throws {
        try importLines([try line("video_1", created: "2026-03-02T10:00:00Z")])
        let result = try Soracost.run(["report", "daily", "--db", db, "--as-of", "2026-03-15", "--format", "json"])
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((json["period"] as? [String: String]) == ["from": "2026-03-01", "to": "2026-03-31"])
        #expect((json["subtitle"] as? String)?.hasSuffix("to date (as of 2026-03-15)") == true)
        #expect((json["rows"] as? [Any])?.count == 15)  // the days to date only
    }

    /// A rate card from --rates prices what the built-in card cannot.
    @Test func ratesOptionChangesThePrice() throws {
        try importLines([try line("video_1", created: "2026-09-01T10:00:00Z")])
        let card = try scratch.write("rates.json", """
            {"version": 1, "entries": [{"provider": "openai", "model": "sora-2", "sizes": ["1280x720"], "unit": "second",
              "rate": "0.125", "effective_from": "2026-01-01"}]}
            """)
        let result = try Soracost.run(["report", "monthly", "--db", db, "--month", "2026-09", "--rates", card, "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try RFC4180.parse(result.stdout)[1][6] == "1.00")
    }
}

/// A strict RFC 4180 reader: quoted fields with doubled quotes, CRLF after every record.
enum RFC4180 {
    struct Malformed: Error {}

    static func parse(_ text: String) throws -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            if quoted {
                if scalar == "\"" {
                    if scalars.first == "\"" { scalars.removeFirst(); field.unicodeScalars.append("\"") } else { quoted = false }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty: quoted = true
            case ",": record.append(field); field = ""
            case "\r":
                guard scalars.popFirst() == "\n" else { throw Malformed() }
                record.append(field); field = ""
                records.append(record); record = []
            case "\"", "\n": throw Malformed()
            default: field.unicodeScalars.append(scalar)
            }
        }
        guard !quoted, field.isEmpty, record.isEmpty else { throw Malformed() }
        return records
    }
}
