import Testing
@testable import SoraCostKit

/// `--tz` takes IANA names: Foundation's own offset forms (`GMT+5` read as UTC+5, where IANA's
/// `Etc/GMT+5` is UTC−5) are refused, not guessed.
@Suite struct ReportZoneNameTests {
    @Test func offsetFormsAreRefusedAndIANANamesKept() {
        for name in ["GMT+5", "UTC+5", "GMT-03:00", "UTC-0330", "Mars/Olympus", ""] {
            #expect(ReportZone(identifier: name) == nil, "\(name)")
        }
        let etc = ReportZone(identifier: "Etc/GMT+5")
        #expect(etc?.offset(at: 1_788_000_000) == -5 * 3_600)
        for name in ["UTC", "GMT", "GMT+0", "Etc/UTC", "Europe/Paris", "America/Santiago", "Asia/Kolkata", "EST"] {
            #expect(ReportZone(identifier: name) != nil, "\(name)")
        }
    }
}
