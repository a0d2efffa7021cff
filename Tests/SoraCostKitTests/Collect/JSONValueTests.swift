import Testing
@testable import SoraCostKit

@Suite struct JSONValueTests {
    @Test func keepsNumberTextExact() throws {
        let value = try JSONValue.parse(#"{"amount": {"value": 0.06}, "n": -1.5e3, "s": "a\"b\u00e9\ud83d\ude00"}"#)
        #expect(value.value(atPath: "amount.value") == .number("0.06"))
        #expect(value["n"] == .number("-1.5e3"))
        #expect(value["s"] == .string("a\"bé😀"))
    }

    @Test(arguments: [#"{"a":}"#, #"{"a":1"#, "[1,]", #"{"a":"\x"}"#, "nul", "{} x", "\"\u{01}\""])
    func rejectsInvalidText(_ text: String) {
        #expect(throws: JSONError.self) { try JSONValue.parse(text) }
    }

    @Test func roundTripsCompactText() throws {
        let text = #"{"a":[1,true,null,"x\ny"],"b":{"c":"d"}}"#
        #expect(try JSONValue.parse(text).compactText == text)
    }

    @Test func parsesTimestampsInBothForms() {
        #expect(Timestamp.parseISO("2026-03-14T09:12:44Z") == 1_773_479_564)
        #expect(Timestamp.parseISO("2026-03-14 10:12:44.250+01:00") == 1_773_479_564)
        #expect(Timestamp.parseISO("2026-03-14") == 1_773_446_400)
        #expect(Timestamp.parseISO("2026-02-30T00:00:00Z") == nil)
        #expect(Timestamp.parseISO("yesterday") == nil)
        #expect(Timestamp.iso(1_773_479_564) == "2026-03-14T09:12:44Z")
    }
}
