import Foundation
import Testing
@testable import SoraCostKit

/// The parts every config file shares, through both kinds that use them: reading from disk,
/// the JSON prologue, and how an issue names where it is.
@Suite struct ConfigFormatTests {
    static let card = #"{"version": 1, "entries": [{"provider": "p", "model": "m", "unit": "second", "rate": "0.10"}]}"#
    static let budgets = #"{"version": 1, "budgets": [{"name": "a", "period": "day", "amount": "5"}]}"#

    @Test func aByteOrderMarkIsNotPartOfTheJSON() throws {
        let directory = try TemporaryDirectory()
        let cardPath = try directory.write("rates.json", "\u{FEFF}" + Self.card)
        let budgetsPath = try directory.write("budgets.json", "\u{FEFF}" + Self.budgets)

        #expect(try RateCard.load(path: cardPath).entries.count == 1)
        #expect(try BudgetFile.load(path: budgetsPath).budgets.map(\.name) == ["a"])
        #expect(try RateCard.parse(text: "\u{FEFF}" + Self.card, sourceName: "rates.json").entries.count == 1)
    }

    @Test func aFileOverTheSizeLimitIsRefusedUnread() throws {
        let directory = try TemporaryDirectory()
        let padding = String(repeating: " ", count: ConfigFormat.maxBytes)
        let path = try directory.write("huge.json", Self.budgets + padding)

        let error = try #require(throws: BudgetFileError.self) { try BudgetFile.load(path: path) }
        #expect(error.issues.map(\.description) == [
            "\(path): the budgets file is \(Self.budgets.utf8.count + padding.utf8.count) bytes; "
                + "soracost reads config files of at most \(ConfigFormat.maxBytes) bytes",
        ])
    }

    @Test func textThatIsNotUTF8IsNamedAsSuch() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("latin1.json")
        try Data([0x7B, 0xE9, 0x7D]).write(to: URL(fileURLWithPath: path))

        let error = try #require(throws: RateCardError.self) { try RateCard.load(path: path) }
        #expect(error.issues.map(\.description) == ["\(path): the rate card is not UTF-8 text"])
    }

    @Test func bothKindsShareTheTopLevelChecksWithTheirOwnNames() throws {
        let card = try #require(throws: RateCardError.self) { try RateCard.parse(text: "[]", sourceName: "c.json") }
        let budgets = try #require(throws: BudgetFileError.self) { try BudgetFile.parse(text: "[]", sourceName: "b.json") }
        #expect(card.issues.map(\.description)
            == [#"c.json: a rate card must be a JSON object with "version" and "entries", not an array"#])
        #expect(budgets.issues.map(\.description)
            == [#"b.json: a budgets file must be a JSON object with "version" and "budgets", not an array"#])

        let versions = try #require(throws: BudgetFileError.self) {
            try BudgetFile.parse(text: #"{"version": 2, "_note": "x", "budgets": 3}"#, sourceName: "b.json")
        }
        #expect(versions.issues.map(\.description) == [
            "b.json: version: unsupported version 2; this soracost reads version 1",
            "b.json: budgets: must be an array of budgets, not a number",
        ])
    }

    @Test(arguments: [
        (ConfigIssue(source: "f.json", line: 4, column: 17, message: "invalid JSON: x"), "f.json:4:17: invalid JSON: x"),
        (ConfigIssue(source: "f.json", field: "version", message: "m"), "f.json: version: m"),
        (ConfigIssue(source: "f.json", item: .entry(3), field: "rate", message: "m"), "f.json: entries[3].rate: m"),
        (ConfigIssue(source: "f.json", item: .entry(3), message: "m"), "f.json: entries[3]: m"),
        (ConfigIssue(source: "f.json", item: ConfigItem(list: "budgets", index: 1, isNamed: true, name: "t"),
                     field: "scope.team", message: "m"), #"f.json: budgets[1] "t": scope.team: m"#),
        (ConfigIssue(source: "f.json", item: ConfigItem(list: "budgets", index: 1, isNamed: true), field: "name",
                     message: "m"), "f.json: budgets[1]: name: m"),
    ])
    func anIssueNamesFileLocationItemAndField(issue: ConfigIssue, text: String) {
        #expect(issue.description == text)
    }
}
