import Foundation
import SoraCostTestSupport
import Testing
@testable import SoraCostKit

/// A long import leaves the write lock free once a second (`LockTurns`), not at every commit,
/// and a writer waiting for the lock has its turn while the import goes on.
@Suite struct LockTurnsTests {
    @Test func aTurnIsOfferedOnlyOnceTheIntervalHasPassed() {
        var pauses = 0
        let turns = LockTurns(interval: .milliseconds(200)) { pauses += 1 }
        for _ in 0..<50 { turns.offerIfDue() }
        #expect(pauses == 0, "no turn before the interval has passed")
        Thread.sleep(forTimeInterval: 0.25)
        turns.offerIfDue()
        #expect(pauses == 1)
        for _ in 0..<50 { turns.offerIfDue() }
        #expect(pauses == 1, "the next turn waits a whole interval again")
    }

    @Test func aWaitingWriterHasItsTurnDuringALongImport() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("ledger.sqlite")
        let importer = try Ledger(path: path)
        let other = try Ledger(path: path)
        let started = DispatchSemaphore(value: 0)
        let clock = ContinuousClock()
        let origin = clock.now
        nonisolated(unsafe) var otherWrote: Duration?
        nonisolated(unsafe) var otherSource: Int64?
        nonisolated(unsafe) var otherError: (any Error)?
        let thread = Thread { [other = UncheckedBox(other)] in
            started.wait()
            do {
                // Waits for the lock (the busy handler asks every 2 ms), then writes.
                otherSource = try other.value.ensureSource(kind: "file", name: "written while the import runs").id
                otherWrote = clock.now - origin
            } catch {
                otherError = error
            }
        }
        thread.start()
        // An import that commits every 50 ms for 4 s, holding the lock in between.
        try importer.writeInBatches { batch in
            _ = try importer.ensureSource(kind: "file", name: "the import")
            started.signal()
            for _ in 0..<80 {
                usleep(50_000)
                try batch.commitAndContinue()
            }
        }
        let importEnded = clock.now - origin
        while thread.isExecuting || !thread.isFinished { usleep(10_000) }
        #expect(otherError == nil)
        let wrote = try #require(otherWrote)
        // Its turn came about a second into the import (the first turn offered), not by luck
        // in the moment between a commit and the next transaction, nor at the end.
        #expect(wrote < .milliseconds(2_500) && wrote < importEnded,
                "the other writer wrote after \(wrote), the import ended after \(importEnded)")
        #expect(try importer.ensureSource(kind: "file", name: "written while the import runs").id == otherSource)
    }
}
