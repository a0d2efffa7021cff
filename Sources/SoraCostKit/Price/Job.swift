/// The lifecycle state of a video job. Status only moves forward: queued < in_progress <
/// completed | failed, and a terminal status never regresses.
public enum JobStatus: String, Sendable, CaseIterable, Codable {
    case queued
    case inProgress = "in_progress"
    case completed
    case failed

    /// Position in the lifecycle; the two terminal states share the last rank.
    public var rank: Int {
        switch self {
        case .queued: 0
        case .inProgress: 1
        case .completed, .failed: 2
        }
    }

    public var isTerminal: Bool { rank == 2 }
}

/// What kind of request produced a job, as the application logged it.
public enum RequestKind: String, Sendable, CaseIterable, Codable {
    case create
    case remix
    case edit
    case `extension`
}

/// One video generation job as the ledger holds it: the normalized video object plus the
/// attribution that application logs add.
///
/// Times are Unix seconds, UTC. `seconds` is the length of the output video; for an extension it
/// is the stitched total, and `segmentSeconds` is the newly generated part when a log recorded it.
public struct Job: Sendable, Equatable {
    /// Ledger row id (0 until stored).
    public var rowID: Int64
    /// Who served the job (`openai`, `azure`, a gateway name). Video ids are unique per provider.
    public var provider: String
    public var videoID: String
    /// The project or key label the job belongs to, if known.
    public var account: String?
    public var model: String
    public var status: JobStatus
    public var progress: Int?
    public var seconds: Int
    public var width: Int
    public var height: Int
    public var createdAt: Int64
    public var completedAt: Int64?
    public var expiresAt: Int64?
    public var remixedFrom: String?
    public var errorCode: String?
    public var errorMessage: String?
    // Attribution from application logs.
    public var project: String?
    public var user: String?
    public var tags: [String: String]
    public var isBatch: Bool
    public var kind: RequestKind
    public var segmentSeconds: Int?

    public init(
        rowID: Int64 = 0, provider: String = "openai", videoID: String, account: String? = nil,
        model: String, status: JobStatus, progress: Int? = nil, seconds: Int, width: Int, height: Int,
        createdAt: Int64, completedAt: Int64? = nil, expiresAt: Int64? = nil, remixedFrom: String? = nil,
        errorCode: String? = nil, errorMessage: String? = nil, project: String? = nil, user: String? = nil,
        tags: [String: String] = [:], isBatch: Bool = false, kind: RequestKind = .create,
        segmentSeconds: Int? = nil
    ) {
        self.rowID = rowID
        self.provider = provider
        self.videoID = videoID
        self.account = account
        self.model = model
        self.status = status
        self.progress = progress
        self.seconds = seconds
        self.width = width
        self.height = height
        self.createdAt = createdAt
        self.completedAt = completedAt
        self.expiresAt = expiresAt
        self.remixedFrom = remixedFrom
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.project = project
        self.user = user
        self.tags = tags
        self.isBatch = isBatch
        self.kind = kind
        self.segmentSeconds = segmentSeconds
    }

    /// The size as the API writes it, `WIDTHxHEIGHT`.
    public var size: String { "\(width)x\(height)" }

    /// The resolution class regardless of orientation: `720p`, `1024p` (1024x1792) or `1080p`,
    /// else the short side followed by `p`.
    public var resolution: String { "\(min(width, height))p" }
}
