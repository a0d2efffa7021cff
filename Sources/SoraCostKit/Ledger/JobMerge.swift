/// How a new sighting of a job combines with what the ledger holds.
///
/// - Status only moves forward (queued < in_progress < completed | failed); with it come the
///   progress, completion time, expiry and error of the newer state. A terminal status never
///   regresses, and completed against failed is a conflict.
/// - Facts fixed at creation (model, seconds, size, creation time) never change: a different
///   value is a conflict, recorded and reported, and the stored value stays.
/// - Attribution (account, project, user, tags, batch, kind, segment) fills what is missing and
///   never overwrites what an earlier source said.
public enum JobMerge {
    public struct Conflict: Equatable, Sendable {
        public var field: String
        public var stored: String
        public var seen: String
    }

    public struct Result: Sendable {
        public var job: Job
        public var prompt: String?
        public var changed: Bool
        public var conflicts: [Conflict]
    }

    public static func merge(stored: Job, storedPrompt: String?, incoming: Observation) -> Result {
        var merged = stored
        let new = incoming.job
        var conflicts: [Conflict] = []

        func immutable(_ field: String, _ a: String, _ b: String) {
            if a != b { conflicts.append(Conflict(field: field, stored: a, seen: b)) }
        }
        immutable("model", stored.model, new.model)
        immutable("seconds", String(stored.seconds), String(new.seconds))
        immutable("size", stored.size, new.size)
        immutable("created_at", String(stored.createdAt), String(new.createdAt))

        if new.status.rank > stored.status.rank {
            merged.status = new.status
            merged.progress = new.progress ?? merged.progress
            merged.completedAt = new.completedAt ?? merged.completedAt
            merged.expiresAt = new.expiresAt ?? merged.expiresAt
            merged.errorCode = new.errorCode ?? merged.errorCode
            merged.errorMessage = new.errorMessage ?? merged.errorMessage
        } else if new.status == stored.status {
            if let p = new.progress, p > (stored.progress ?? -1) { merged.progress = p }
            merged.completedAt = merged.completedAt ?? new.completedAt
            merged.expiresAt = merged.expiresAt ?? new.expiresAt
            merged.errorCode = merged.errorCode ?? new.errorCode
            merged.errorMessage = merged.errorMessage ?? new.errorMessage
        } else if new.status.isTerminal && stored.status.isTerminal {
            conflicts.append(Conflict(field: "status", stored: stored.status.rawValue, seen: new.status.rawValue))
        }

        merged.remixedFrom = merged.remixedFrom ?? new.remixedFrom
        merged.account = merged.account ?? new.account
        merged.project = merged.project ?? new.project
        merged.user = merged.user ?? new.user
        for (key, value) in new.tags where merged.tags[key] == nil {
            merged.tags[key] = value
        }
        merged.isBatch = merged.isBatch || new.isBatch
        if merged.kind == .create || (merged.kind == .remix && new.kind != .create) {
            merged.kind = new.kind == .create ? merged.kind : new.kind
        }
        merged.segmentSeconds = merged.segmentSeconds ?? new.segmentSeconds
        let prompt = storedPrompt ?? incoming.prompt
        return Result(job: merged, prompt: prompt, changed: merged != stored || prompt != storedPrompt,
                      conflicts: conflicts)
    }
}
