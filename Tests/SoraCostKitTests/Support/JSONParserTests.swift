import Testing
@testable import SoraCostKit

/// The JSON reader's grammar (RFC 8259), escapes, surrogates, UTF-8, numbers and nesting budget.
@Suite struct JSONParserTests {
    func reason(_ text: String) -> String? {
        do {
            _ = try JSONValue.parse(text)
            return nil
        } catch {
            return error.reason
        }
    }

    func reason(bytes: [UInt8]) -> JSONError? {
        bytes.withUnsafeBytes { raw -> JSONError? in
            do {
                _ = try JSONValue.parse(raw)
                return nil
            } catch {
                return error as? JSONError
            }
        }
    }

    @Test(arguments: ["0", "-0", "7", "-12", "1.5", "0.25", "-0.0", "1e9", "1E+9", "2.5e-3", "1773479564"])
    func acceptsNumbersOfTheGrammar(_ text: String) throws {
        #expect(try JSONValue.parse(text) == .number(text))
    }

    @Test(arguments: ["01773479564", "00", "-01", "+1", ".5", "1.", "1.e3", "1e", "1e+", "-", "NaN", "Infinity",
                      "-Infinity", "0x10", "1_000", "--1"])
    func rejectsNumbersOutsideTheGrammar(_ text: String) {
        #expect(reason(text) != nil, "\(text) was accepted")
    }

    @Test func aLeadingZeroIsNamed() {
        #expect(reason(#"{"created_at": 01773479564}"#) == "a number may not have a leading zero")
    }

    @Test func readsEveryEscape() throws {
        #expect(try JSONValue.parse(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{08}\u{0C}\n\r\t"))
        #expect(try JSONValue.parse(#""\u00e9\u20AC""#) == .string("é€"))
        #expect(try JSONValue.parse(#""\ud83d\ude00""#) == .string("😀"))
    }

    @Test(arguments: [#""\x41""#, #""\u12""#, #""\u12G4""#, #""\'""#, #""\"#, #""abc"#])
    func rejectsBadEscapesAndUnterminatedStrings(_ text: String) {
        #expect(reason(text) != nil)
    }

    @Test(arguments: [#""\ud83d""#, #""\ude00""#, #""\ud83d\u0041""#, #""\ud83dx""#, #""a\udbff""#])
    func rejectsLoneSurrogates(_ text: String) {
        #expect(reason(text) == "unpaired surrogate")
    }

    @Test func keepsNULWhole() throws {
        let value = try JSONValue.parse(#"{"project": "ab\u0000cd"}"#)
        #expect(value["project"] == .string("ab\u{0}cd"))
        #expect(value["project"]?.stringValue?.utf8.count == 5)
    }

    @Test func rejectsRawControlCharacters() {
        #expect(reason("\"a\u{0}b\"") == "control character inside a string")
        #expect(reason("\"a\nb\"") == "control character inside a string")
    }

    @Test func rejectsInvalidUTF8WithItsOffset() {
        // {"a":"x<FF>"}: the bad byte is the 8th.
        let error = reason(bytes: Array(#"{"a":"x"#.utf8) + [0xFF] + Array(#""}"#.utf8))
        #expect(error?.offset == 7)
        #expect(error?.reason == "invalid UTF-8 in a string")
        #expect(error?.description == "invalid JSON at byte 8: invalid UTF-8 in a string")
        // Overlong, surrogate, truncated and past-U+10FFFF forms.
        for bad: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0x80]] {
            #expect(reason(bytes: [0x22] + bad + [0x22]) != nil, "\(bad) was accepted")
        }
        #expect(reason(bytes: [0x22, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80, 0x22]) == nil)
        // Outside a string a high byte is unexpected, and named as a byte.
        #expect(reason(bytes: [0xFF]).map(\.reason) == "unexpected byte 0xFF")
    }

    @Test func cuttingAMemberChecksWhatParsingChecks() throws {
        // The prompt is cut when not kept: the skipping path must accept and reject exactly alike.
        for text in [#"{"prompt":"\ud83d","id":1}"#, #"{"prompt":"\q","id":1}"#, #"{"prompt":"ok\u00e9","id":1}"#] {
            let whole = reason(text)
            let cut: String? = Array(text.utf8).withUnsafeBytes { raw -> String? in
                do {
                    _ = try JSONValue.parse(raw, cuttingMembersNamed: "prompt")
                    return nil
                } catch {
                    return (error as? JSONError)?.reason
                }
            }
            #expect(whole == cut, "\(text): \(whole ?? "accepted") vs \(cut ?? "accepted")")
        }
        let bad: [UInt8] = Array(#"{"prompt":"a"#.utf8) + [0xFE] + Array(#"","id":1}"#.utf8)
        let cutError: JSONError? = bad.withUnsafeBytes { raw -> JSONError? in
            do { _ = try JSONValue.parse(raw, cuttingMembersNamed: "prompt"); return nil } catch { return error as? JSONError }
        }
        #expect(cutError == reason(bytes: bad))
    }

    @Test func structuralErrors() throws {
        #expect(reason("") == "unexpected end of text")
        #expect(reason("[1,]") != nil)
        #expect(reason(#"{"a" 1}"#) == "expected ':' after a member name")
        #expect(reason(#"{a:1}"#) == "expected a member name in quotes")
        #expect(reason("[1 2]") == "expected ',' or ']' in an array")
        #expect(reason("{} {}") == "unexpected text after the value")
        #expect(reason("tru") != nil)
        #expect(try JSONValue.parse(" \t\r\n[true, false, null, {}, []] ") == .array([.bool(true), .bool(false), .null, .object([]), .array([])]))
    }

    @Test func nestingWithinTheBudgetParses() throws {
        let depth = NestingLimit.maxDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(try JSONValue.parse(text) != .null)
        let objects = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        #expect(try JSONValue.parse(objects) != .null)
    }

    @Test(arguments: [NestingLimit.maxDepth + 1, 50_000, 1_000_000])
    func nestingPastTheBudgetIsARejectNotACrash(_ depth: Int) {
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(reason(text) == "nesting deeper than \(NestingLimit.maxDepth) levels")
        let objects = String(repeating: #"{"a":"#, count: depth)
        #expect(reason(objects) == "nesting deeper than \(NestingLimit.maxDepth) levels")
    }

    @Test(arguments: [50_000, 1_000_000])
    func printedSDKObjectsShareTheBudget(_ depth: Int) {
        let line = "INFO Video(id=" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + ")"
        let error: RecordError? = Array(line.utf8).withUnsafeBytes { raw -> RecordError? in
            do { _ = try PythonRepr.printed(in: raw, before: raw.count); return nil } catch { return error as? RecordError }
        }
        #expect(error?.reason.contains("nesting deeper than \(NestingLimit.maxDepth) levels") == true)
        let shallow = "Video(id='video_1', tags=" + String(repeating: "[", count: 10) + String(repeating: "]", count: 10) + ")"
        let printed = Array(shallow.utf8).withUnsafeBytes { raw in try? PythonRepr.printed(in: raw, before: raw.count) }
        guard case .video(let value)? = printed else { Issue.record("expected one video, got \(String(describing: printed))"); return }
        #expect(value["id"] == .string("video_1"))
    }

    @Test func printedSDKObjectsRejectInvalidUTF8() {
        let line: [UInt8] = Array("Video(id='video_".utf8) + [0xFF] + Array("')".utf8)
        let error: RecordError? = line.withUnsafeBytes { raw -> RecordError? in
            do { _ = try PythonRepr.printed(in: raw, before: raw.count); return nil } catch { return error as? RecordError }
        }
        #expect(error?.reason == "printed SDK object: invalid UTF-8 at byte 17")
    }
}
