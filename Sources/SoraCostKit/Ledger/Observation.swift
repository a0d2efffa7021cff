/// One sighting of a job, ready to merge: the ledger's own input type.
///
/// Collect produces it from whatever it read (a log line, a CSV row, an API page); the ledger
/// takes nothing else, so it knows no input format.
public struct Observation: Sendable {
    /// The normalized job. Attribution fields are nil (tags empty) where the input said nothing.
    public var job: Job {
        didSet { packedVideoID = job.videoID.withUTF8Bytes(VideoIDCodec.packed) }
    }
    /// The prompt, kept only when the user opts in (`--keep-prompts`).
    public var prompt: String?
    /// The record as read, for the ledger's raw-record store (prompt removed unless kept).
    public var raw: String {
        get { rawBytes.string }
        set {
            rawBytes = .text(newValue)
            rawHash = RawStore.hash(newValue)
        }
    }
    /// `raw` as it is kept until the ledger stores it: on the import's path, a range of the
    /// parser's tape (`RawTape`), which the ledger writer stores without reading.
    private(set) var rawBytes: RawBytes
    /// `raw`'s hash in the raw-record store, worked out where the record is parsed (on the
    /// parser thread of an import) so the ledger writer does not have to.
    public private(set) var rawHash: Int64
    /// `job.tags` as stored (see `Tags.encode`), computed where the record is parsed so the
    /// ledger writer does not have to.
    public var tagsText: String?
    /// The video id as `VideoIDCodec` stores it (nil for an id it keeps as text), also worked
    /// out where the record is parsed: the writer reads these 16 bytes from the record itself,
    /// not the id's string, a heap object the parser thread made, not in the writer core's cache.
    private(set) var packedVideoID: (UInt64, UInt64)?

    public init(job: Job, prompt: String?, raw: String) {
        self.init(job: job, prompt: prompt, raw: .text(raw), tagsText: Tags.encode(job.tags))
    }

    /// The same, with `job.tags` already encoded (`Tags.encode`) as `tagsText`.
    init(job: Job, prompt: String?, raw: RawBytes, tagsText: String?) {
        // What is derived first, then the values moved in: used after being stored, each would
        // be copied (its strings retained) on the import's hot path.
        rawHash = raw.withBytes { RawStore.hash($0) }
        self.tagsText = tagsText
        packedVideoID = job.videoID.withUTF8Bytes(VideoIDCodec.packed)
        self.job = job
        self.prompt = prompt
        rawBytes = raw
    }
}
