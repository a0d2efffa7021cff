import Testing
@testable import SoraCostKit

/// The parser's tape and the records read in place from it (`JSONRef`): the same values, the same
/// decoded jobs and the same errors as the built `JSONValue`, whatever the input's shape.
@Suite struct JSONTapeTests {
    /// Parses `text` and calls `body` with its root read in place, and the text with its
    /// `prompt` members cut.
    func withRoot<T>(_ text: String, cutting: Bool = false, _ body: (JSONRef, String) throws -> T) throws -> T {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBytes { raw in
            var parser = JSONParser(bytes: raw)
            if cutting { parser.cutKey = Array("prompt".utf8) }
            try parser.parseDocument()
            let kept = parser.textWithoutCuts()
            return try parser.withTape { tape in try body(JSONRef(tape: tape, index: 0), kept) }
        }
    }

    @Test func aValueBuiltFromTheTapeIsTheValueRead() throws {
        let text = #"{"a":[1,{"b":[2,3.5e1]},"x\n\u00e9"],"c":{"d":null},"e":true,"f":false,"g":[],"h":{}}"#
        let value = try JSONValue.parse(text)
        #expect(value == .object([
            ("a", .array([.number("1"), .object([("b", .array([.number("2"), .number("3.5e1")]))]), .string("x\né")])),
            ("c", .object([("d", .null)])), ("e", .bool(true)), ("f", .bool(false)), ("g", .array([])), ("h", .object([])),
        ]))
        try withRoot(text) { root, _ in
            #expect(root.wholeValue == value)
            // Members after nested containers are found: each container is skipped whole.
            #expect(root["e"]?.boolValue == true)
            #expect(root["f"]?.boolValue == false)
            #expect(root["c"]?["d"]?.kind == .null)
            #expect(root["h"]?.kind == .object)
            #expect(root["a"]?.kind == .array)
            #expect(root["missing"] == nil)
            #expect(root["a"]?["b"] == nil)
        }
    }

    @Test func aRepeatedNameReadsItsLastValueAndEscapedNamesMatch() throws {
        try withRoot(#"{"id":"first","i\u0064":"second","model":"sora-2","id":"third"}"#) { root, _ in
            #expect(root["id"]?.text == "third")
            #expect(JSONValue.parse(#"{"id":"first","i\u0064":"second","id":"third"}"#, or: .null)["id"] == .string("third"))
            #expect(root["model"]?.text == "sora-2")
        }
        try withRoot(#"{"i\u0064":"only"}"#) { root, _ in
            #expect(root["id"]?.text == "only")
        }
    }

    @Test func promptsAreCutWhateverTheirPlaceOrSpelling() throws {
        let cases: [(String, String)] = [
            (#"{"id":"v","prompt":"a cat"}"#, #"{"id":"v"}"#),
            (#"{"prompt":"a cat","id":"v"}"#, #"{"id":"v"}"#),
            (#"{"pr\u006fmpt":"a cat","id":"v"}"#, #"{"id":"v"}"#),
            (#"{"video":{"prompt":{"prompt":"x"},"id":"v"},"prompt":"y"}"#, #"{"video":{"id":"v"}}"#),
            (#"{"prompt":"only"}"#, "{}"),
            (#"{"id":"v","prompts":"kept"}"#, #"{"id":"v","prompts":"kept"}"#),
        ]
        for (text, kept) in cases {
            try withRoot(text, cutting: true) { _, cut in
                #expect(cut == kept, "\(text)")
                let viaValue = try Array(text.utf8).withUnsafeBytes { try JSONValue.parse($0, cuttingMembersNamed: "prompt").1 }
                #expect(viaValue == kept)
            }
        }
    }

    /// The string scan reads eight bytes at a time: a quote, an escape, a control character or a
    /// non-ASCII byte at each place of a word must stop it (or be checked) exactly as byte by byte.
    @Test func theWordWiseStringScanMissesNoByte() throws {
        for offset in 0..<20 {
            let lead = String(repeating: "a", count: offset)
            #expect(try JSONValue.parse("\"\(lead)\"") == .string(lead))
            #expect(try JSONValue.parse("\"\(lead)\\\"b\"") == .string(lead + "\"b"))
            #expect(try JSONValue.parse("\"\(lead)\\\\\"") == .string(lead + "\\"))
            #expect(try JSONValue.parse("\"\(lead)é\(lead)\"") == .string(lead + "é" + lead))
            for control: UInt8 in [0x00, 0x01, 0x0A, 0x1F] {
                let bytes = [UInt8(ascii: "\"")] + Array(lead.utf8) + [control] + Array("bcd\"".utf8)
                let error = bytes.withUnsafeBytes { raw -> JSONError? in
                    do { _ = try JSONValue.parse(raw); return nil } catch { return error as? JSONError }
                }
                #expect(error?.offset == 1 + offset && error?.reason == "control character inside a string", "\(offset) \(control)")
            }
            for bad: [UInt8] in [[0xFF], [0xC3], [0xE2, 0x82]] {
                let bytes = [UInt8(ascii: "\"")] + Array(lead.utf8) + bad + Array("zzzzzzzzz\"".utf8)
                let error = bytes.withUnsafeBytes { raw -> JSONError? in
                    do { _ = try JSONValue.parse(raw); return nil } catch { return error as? JSONError }
                }
                #expect(error?.offset == 1 + offset && error?.reason == "invalid UTF-8 in a string", "\(offset) \(bad)")
            }
            // A 0x7F (DEL) or a byte just above a quote or backslash is ordinary text.
            #expect(try JSONValue.parse("\"\(lead)\u{7F}#]\"") == .string(lead + "\u{7F}#]"))
        }
        #expect(reason(#""abcdefghijklmnop"#) == "unterminated string")
    }

    /// A caller parsing line after line swaps the same storage in and out: the tape of the
    /// second line is written where the first one's was, nothing is allocated for it.
    @Test func theTapeStorageIsReusedFromTextToText() throws {
        var tokens: [JSONToken] = []
        var cuts: [Range<Int>] = []
        var addresses: [UnsafeRawPointer?] = []
        for text in [#"{"id":"a","prompt":"x","n":[1,2,3]}"#, #"{"id":"b","prompt":"y"}"#, #"{"prompt":"z","id":"c"}"#] {
            let bytes = Array(text.utf8)
            try bytes.withUnsafeBytes { raw in
                var parser = JSONParser(bytes: raw)
                parser.cutKey = Array("prompt".utf8)
                parser.swapStorage(tokens: &tokens, cuts: &cuts)
                defer { parser.swapStorage(tokens: &tokens, cuts: &cuts) }
                try parser.parseDocument()
                #expect(parser.cuts.count == 1)
                #expect(!parser.textWithoutCuts().contains("prompt"))
                addresses.append(parser.tokens.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) })
            }
        }
        #expect(addresses[0] != nil && addresses.allSatisfy { $0 == addresses[0] })
        #expect(tokens.count == 5, "the last text's tape is handed back")
    }

    func reason(_ text: String) -> String? {
        do { _ = try JSONValue.parse(text); return nil } catch { return error.reason }
    }

    /// Log lines of every shape the decoder knows, decoded read in place and from a built value:
    /// the same observation, or the same error.
    @Test func aRecordReadInPlaceDecodesAsTheBuiltValue() throws {
        let video = #""id":"video_68e308b9859f8943b17acfdfd66fbf3b","object":"video","model":"sora-2-pro","status":"completed","progress":100,"created_at":1759709369,"completed_at":1759709504.0,"expires_at":"2025-10-07T00:09:29Z","size":"1792x1024","seconds":"12","remixed_from_video_id":null"#
        let lines = [
            "{\(video),\"prompt\":\"a cat\",\"error\":null}",
            "{\(video),\"error\":{\"code\":\"moderation_blocked\",\"message\":\"blocked \\\"x\\\"\"}}",
            "{\(video),\"error\":\"plain\"}",
            #"{"ts":"2026-04-01T00:05:15Z","project":"studio","user":"ana@example.com","tags":{"campaign":"returns, refunds","n":3,"b":true,"z":null},"batch":"yes","kind":"Extend","segment_seconds":4,"video":{"# + video + "}}",
            #"{"provider":"azure","account":7,"tags":"team=ads; campaign = spring","batch":0,"response":{"# + video + "}}",
            #"{"user":"é\u00e9","tags":{"t\u0061g":"v\u00e9"},"video":{"# + video + #","prompt":"p"}}"#,
            #"{"id":"video_1","model":"sora-2","status":"queued","created_at":1759709369,"size":"720x1280","seconds":8}"#,
            // Rejected, each for one field.
            #"{"id":"video_1","model":"sora-2","status":"done","created_at":1759709369,"size":"720x1280","seconds":"8"}"#,
            #"{"id":"video_1","model":"sora-2","status":"queued","created_at":1759709369,"size":"720 by 1280","seconds":"8"}"#,
            #"{"id":"video_1","model":"sora-2","status":"queued","created_at":1759709369,"size":"720x1280","seconds":"0"}"#,
            #"{"id":"video_1","model":"sora-2","status":"queued","created_at":"soon","size":"720x1280","seconds":"8"}"#,
            #"{"id":"","model":"sora-2","status":"queued","created_at":1759709369,"size":"720x1280","seconds":"8"}"#,
            #"{"id":"video_1","model":["sora-2"],"status":"queued","created_at":1759709369,"size":"720x1280","seconds":"8"}"#,
            #"{"id":"video_1","model":"sora-2","status":"queued","created_at":1759709369,"size":"720x1280","seconds":"8","prompt":{"text":"x"}}"#,
            #"{"tags":{"a":[1]},"video":{"# + video + "}}",
            #"{"batch":"maybe","video":{"# + video + "}}",
            #"{"kind":"upscale","video":{"# + video + "}}",
            #"{"note":"neither"}"#,
        ]
        var outcomes = (decoded: 0, rejected: 0)
        for keepPrompts in [false, true] {
            let decoder = RecordDecoder(keepPrompts: keepPrompts)
            for line in lines {
                let built = Result { () throws(RecordError) in try decoder.decode(try! JSONValue.parse(line), rawText: line) }
                let inPlace = try withRoot(line) { root, _ in
                    Result { () throws(RecordError) in try decoder.decode(root, rawText: line) }
                }
                switch (built, inPlace) {
                case let (.success(a), .success(b)):
                    outcomes.decoded += 1
                    #expect(a.job == b.job, "\(line)")
                    #expect(a.prompt == b.prompt && a.raw == b.raw && a.tagsText == b.tagsText && a.rawHash == b.rawHash)
                case let (.failure(a), .failure(b)):
                    outcomes.rejected += 1
                    #expect(a.field == b.field && a.reason == b.reason, "\(line)")
                default:
                    Issue.record("decoded differently: \(line): \(built) / \(inPlace)")
                }
            }
        }
        #expect(outcomes.decoded == 2 * 7 && outcomes.rejected == 2 * 11)
        // Without its text, a record read in place is written again like a built one.
        let decoder = RecordDecoder()
        let line = "{\(video),\"prompt\":\"secret\"}"
        let rewritten = try withRoot(line) { root, _ in try decoder.decode(root, rawText: nil).raw }
        #expect(rewritten == (try decoder.decode(try JSONValue.parse(line), rawText: nil).raw))
        #expect(!rewritten.contains("secret"))
    }
}

extension JSONValue {
    /// The value `text` parses to, else `fallback`.
    static func parse(_ text: String, or fallback: JSONValue) -> JSONValue {
        (try? parse(text)) ?? fallback
    }
}

/// The stored form of a job's tags: one JSON object, keys sorted, strings escaped.
@Suite struct TagsTextTests {
    @Test func tagsAreWrittenSortedAndEscapedAndReadBack() throws {
        #expect(Tags.encode([:]) == nil)
        #expect(Tags.encode(["team": "ads"]) == #"{"team":"ads"}"#)
        let tags = ["zeta": "last", "alpha": "first", "b\"q": "line\nbreak", "é": "\\", "Alpha": "upper", "m": ""]
        let text = try #require(Tags.encode(tags))
        #expect(text == #"{"Alpha":"upper","alpha":"first","b\"q":"line\nbreak","m":"","zeta":"last","é":"\\"}"#)
        #expect(Tags.decode(text) == tags)
        // Every order of the same tags gives the same text.
        for _ in 0..<20 {
            let shuffled = Dictionary(uniqueKeysWithValues: tags.shuffled())
            #expect(Tags.encode(shuffled) == text)
        }
    }
}
