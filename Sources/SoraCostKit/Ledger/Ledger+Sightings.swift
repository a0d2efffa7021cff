/// When and from where the ledger saw a job.
public struct JobSightings: Sendable, Equatable {
    /// Unix seconds, UTC.
    public var firstSeen: Int64
    public var lastSeen: Int64
    public var firstSource: String?
    public var lastSource: String?
    /// Every source that has seen the job, by name, sorted.
    public var sources: [String]

    public init(firstSeen: Int64, lastSeen: Int64, firstSource: String?, lastSource: String?, sources: [String]) {
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.firstSource = firstSource
        self.lastSource = lastSource
        self.sources = sources
    }
}

extension Ledger {
    /// Where `job` was seen: the sighting times and sources the importer records with each row.
    public func sightings(of job: Job) throws -> JobSightings {
        let rows = try database.rows("""
            SELECT j.first_seen, j.last_seen, f.name AS first_source, l.name AS last_source
            FROM jobs j LEFT JOIN sources f ON f.id = j.first_source LEFT JOIN sources l ON l.id = j.last_source
            WHERE j.id = \(job.rowID)
            """) { statement in
                let row = NamedRow(statement)
                return (row.int64("first_seen"), row.int64("last_seen"), row.text("first_source"), row.text("last_source"))
            }
        let sources = try database.rows("""
            SELECT s.name FROM jobs j JOIN sources s ON s.id = j.first_source WHERE j.id = \(job.rowID)
            UNION
            SELECT s.name FROM job_sources js JOIN sources s ON s.id = js.source_id WHERE js.job_id = \(job.rowID)
            ORDER BY 1
            """) { $0.text(0) ?? "" }
        let row = rows.first ?? (0, 0, nil, nil)
        return JobSightings(firstSeen: row.0, lastSeen: row.1, firstSource: row.2, lastSource: row.3, sources: sources)
    }
}
