import Foundation
import Testing
@testable import SoraCostKit

/// A `running` run is alive only while its process is: the pid exists and, where the system
/// tells (Linux), it is still the process that started then, not a later one given the same pid.
@Suite struct RunLivenessTests {
    let directory: TemporaryDirectory
    let ledger: Ledger

    init() throws {
        (directory, ledger) = try TemporaryDirectory.withLedger()
    }

    func insertRun(pid: Int64, start: Int64?) throws {
        try ledger.database.execute("""
            INSERT INTO imports (command, target, started_at, status, pid, pid_start)
            VALUES ('sync', 'api:test', 1800000000, 'running', \(pid), \(start.map(String.init) ?? "NULL"))
            """)
    }

    func shownStatus() throws -> String? { try ledger.figures(recentRuns: 1).recentRuns.first?.status }

    @Test func aRunKeepsItsProcessStartTime() throws {
        _ = try ledger.beginRun(command: "import", target: "x", at: 1_800_000_000)
        #expect(try ledger.database.scalarInt("SELECT pid FROM imports") == Ledger.currentPID)
        #expect(try ledger.database.scalarInt("SELECT pid_start FROM imports") == Ledger.currentStart)
        #expect(try ledger.database.scalarInt("PRAGMA user_version") == Int64(Migrations.latestVersion))
    }

    @Test(.enabled(if: Ledger.currentStart != nil))
    func aPidReusedByAnotherProcessReadsInterrupted() throws {
        let start = try #require(Ledger.currentStart)
        // This test process holds the pid, but it started at another time: another process's run.
        try insertRun(pid: Ledger.currentPID, start: start + 1)
        #expect(try shownStatus() == "interrupted")
        #expect(try ledger.liveRun(command: "sync", target: "api:test") == nil)
        // The next writer records it so.
        _ = try ledger.beginRun(command: "import", target: "x", at: 1_800_000_001)
        #expect(try ledger.database.scalarText("SELECT status FROM imports WHERE target = 'api:test'") == "interrupted")
    }

    @Test(.enabled(if: Ledger.currentStart != nil))
    func theSameProcessWithTheSameStartReadsRunning() throws {
        // pid 1 with its real start time is alive; without one (an older run) the pid alone decides.
        try insertRun(pid: 1, start: Ledger.startTime(pid: 1))
        #expect(try shownStatus() == "running")
        #expect(try ledger.liveRun(command: "sync", target: "api:test")?.pid == 1)
        try ledger.database.execute("UPDATE imports SET pid_start = NULL")
        #expect(try shownStatus() == "running")
    }

    @Test func aGonePidReadsInterruptedWhateverItsStart() throws {
        try insertRun(pid: 2_147_483_646, start: nil)
        #expect(try shownStatus() == "interrupted")
    }
}
