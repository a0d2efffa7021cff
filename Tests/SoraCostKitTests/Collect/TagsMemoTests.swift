import Testing
@testable import SoraCostKit

/// A parser reuses the last record's tags when the next record's are the same bytes
/// (`TagsMemo`): whatever the order of the lines, every record's tags are those the record holds.
@Suite struct TagsMemoTests {
    /// Decodes `lines` in order through one memo, as a parser does, each line read in place.
    func decoded(_ lines: [String], decoder: RecordDecoder = RecordDecoder()) -> [Result<Observation, RecordError>] {
        var memo = TagsMemo()
        return lines.map { line in
            let bytes = Array(line.utf8)
            return bytes.withUnsafeBytes { raw in
                var parser = JSONParser(bytes: raw)
                do {
                    try parser.parseDocument()
                } catch {
                    return .failure(RecordError(field: nil, String(describing: error)))
                }
                return parser.withTape { tape in
                    Result { () throws(RecordError) -> Observation in
                        try decoder.decode(JSONRef(tape: tape, index: 0), raw: .text(line), memo: &memo)
                    }
                }
            }
        }
    }

    func line(_ id: Int, _ tags: String, after: String = #","batch":false"#) -> String {
        #"{"project":"p","tags":\#(tags)\#(after),"video":{"id":"video_\#(id)","model":"sora-2","status":"completed","created_at":1759709369,"size":"1280x720","seconds":"4"}}"#
    }

    @Test func eachRecordKeepsItsOwnTagsWhateverTheRecordBefore() throws {
        let lines = [
            line(1, #"{"team":"ads","campaign":"q3"}"#),
            line(2, #"{"team":"ads","campaign":"q3"}"#),
            line(3, #"{"team":"ads","campaign":"q4"}"#),
            line(4, #"{"team":"ads","campaign":"q3"}"#),
            line(5, #"{"team":"ads", "campaign":"q3"}"#),
            line(6, "{}"),
            line(7, "null"),
            line(8, #""team=ads;campaign=q3""#),
            line(9, #""team=ads;campaign=q3""#, after: ""),
            line(10, #"{"team":"ads","campaign":"q3"}"#, after: ""),
            line(11, #"{"team":"ads","campaign":{"x":1}}"#),
            line(12, #"{"team":"ads","campaign":"q3"}"#),
        ]
        let results = decoded(lines)
        // Each line decoded alone, with nothing remembered, is what the memo must give.
        for (index, text) in lines.enumerated() {
            let alone = decoded([text])[0]
            switch (results[index], alone) {
            case (.success(let got), .success(let expected)):
                #expect(got.job.tags == expected.job.tags, "line \(index + 1)")
                #expect(got.tagsText == expected.tagsText, "line \(index + 1)")
                #expect(got.tagsText == Tags.encode(got.job.tags), "line \(index + 1)")
            case (.failure(let got), .failure(let expected)):
                #expect(got.field == expected.field && got.reason == expected.reason, "line \(index + 1)")
            default:
                Issue.record("line \(index + 1): \(results[index]) against \(alone)")
            }
        }
        // The lines hold what they say: spot checks against the tags written in them.
        #expect(try results[2].get().job.tags == ["team": "ads", "campaign": "q4"])
        #expect(try results[3].get().job.tags == ["team": "ads", "campaign": "q3"])
        #expect(try results[5].get().job.tags == [:])
        #expect(try results[5].get().tagsText == nil)
        #expect(try results[6].get().job.tags == [:])
        #expect(try results[8].get().job.tags == ["team": "ads", "campaign": "q3"])
        #expect(throws: RecordError.self) { try results[10].get() }
        #expect(try results[11].get().tagsText == #"{"campaign":"q3","team":"ads"}"#)
    }

    @Test func aValueReadInPlaceKnowsItsBytesAndABuiltOneDoesNot() throws {
        let text = #"{"a":{"x":"1"} ,"b":"q\"","c":12,"d":[true,null],"e":false}"#
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBytes { raw in
            var parser = JSONParser(bytes: raw)
            try parser.parseDocument()
            parser.withTape { tape in
                let root = JSONRef(tape: tape, index: 0)
                func source(_ key: String) -> String? {
                    root[key]?.sourceBytes.map { String(decoding: $0, as: UTF8.self) }
                }
                // Each value's own bytes, then what follows up to the next value.
                #expect(source("a") == #"{"x":"1"} ,""#)
                #expect(source("b") == #""q\"",""#)
                #expect(source("c") == #"12,""#)
                #expect(source("d") == #"[true,null],""#)
                #expect(source("e") == "false}")
                #expect(root.sourceBytes.map { String(decoding: $0, as: UTF8.self) } == text)
            }
        }
        #expect(try JSONValue.parse(text).sourceBytes == nil)
    }
}
