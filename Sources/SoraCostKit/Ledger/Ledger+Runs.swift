#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// An import or sync run the ledger holds as `running` whose process is still alive.
public struct LiveRun: Sendable, Equatable {
    public var id: Int64
    public var command: String
    public var target: String
    public var startedAt: Int64
    public var pid: Int64
}

/// A second `sync` of a source while one is still walking it: refused, so two runs never race
/// on one cursor.
public struct SyncAlreadyRunning: Error, LocalizedError, Equatable, Sendable {
    public var source: String
    public var run: LiveRun

    public var errorDescription: String? {
        let since = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(run.startedAt)))
        return "another sync of \(source) is running since \(since), pid \(run.pid) (run \(run.id)); "
            + "this one stopped without reading anything. Wait for it, or stop it and sync again"
    }
}

extension Ledger {
    /// The process id stored with each run (migration 4), so a run whose process died (killed,
    /// power cut) reads `interrupted` instead of `running` forever.
    static var currentPID: Int64 { Int64(getpid()) }

    /// This process's start time as `startTime(pid:)` reads it (migration 6), stored beside the
    /// pid so a pid the system has since given to another process is not taken for the run.
    static var currentStart: Int64? { startTime(pid: currentPID) }

    /// When process `pid` started, in clock ticks since boot (field 22, `starttime`, of
    /// `/proc/PID/stat`); nil where there is no procfs or the process is gone. Two processes
    /// that share a pid in turn never share this value within one boot.
    static func startTime(pid: Int64) -> Int64? {
        #if os(Linux)
        guard pid > 0, let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so split after the last ')'.
        let text = String(decoding: data, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state), so field 22 is fields[19].
        return fields.count > 19 ? Int64(fields[19]) : nil
        #else
        return nil
        #endif
    }

    /// True while process `pid` exists (also when it belongs to another user) and, when the run
    /// stored its start time, is still the process that started then (not a reused pid).
    static func isAlive(pid: Int64, start: Int64? = nil) -> Bool {
        guard pid > 0, pid <= Int64(Int32.max) else { return false }
        guard kill(pid_t(pid), 0) == 0 || errno == EPERM else { return false }
        if let start, let now = startTime(pid: pid), now != start { return false }
        return true
    }

    /// `status` as a reader should show it: `running` of a process that is gone is `interrupted`.
    static func shownStatus(_ status: String, pid: Int64?, start: Int64? = nil) -> String {
        guard status == "running", let pid, !isAlive(pid: pid, start: start) else { return status }
        return "interrupted"
    }

    /// Marks every `running` run whose process is gone as `interrupted`; call inside a write
    /// transaction (a writer does, before it begins its own run).
    func markInterruptedRuns() throws {
        let dead = try database.rows("SELECT id, pid, pid_start FROM imports WHERE status = 'running' AND pid IS NOT NULL" as SQL) {
            let row = NamedRow($0)
            return (row.int64("id"), row.int64("pid"), row.int64OrNil("pid_start"))
        }.filter { !Ledger.isAlive(pid: $0.1, start: $0.2) }
        for (id, _, _) in dead {
            try database.run("""
                UPDATE imports SET status = 'interrupted',
                    message = COALESCE(message, 'the process ended before the run finished (killed or crashed)')
                WHERE id = \(id)
                """)
        }
    }

    /// The run of `command` on `target` that is still alive in another process, if any.
    public func liveRun(command: String, target: String) throws -> LiveRun? {
        try database.rows("""
            SELECT id, started_at, pid, pid_start FROM imports
            WHERE status = 'running' AND command = \(command) AND target = \(target) AND pid IS NOT NULL
            ORDER BY id
            """) { statement in
                let row = NamedRow(statement)
                return (LiveRun(id: row.int64("id"), command: command, target: target,
                                startedAt: row.int64("started_at"), pid: row.int64("pid")), row.int64OrNil("pid_start"))
            }
            .first { $0.0.pid != Ledger.currentPID && Ledger.isAlive(pid: $0.0.pid, start: $0.1) }?.0
    }

    /// When the newest import or sync run that finished (completed, with or without errors) by
    /// `cut` ended, Unix seconds; nil when none had. A run that failed or is still running says
    /// nothing about how fresh the ledger is, nor does one that finished after the cut.
    public func newestCompletedRun(through cut: Int64 = .max) throws -> Int64? {
        try database.scalarInt("""
            SELECT MAX(COALESCE(finished_at, started_at)) FROM imports
            WHERE (status = 'completed' OR status LIKE 'completed %') AND COALESCE(finished_at, started_at) <= ?
            """, [.int(cut)])
    }
}
