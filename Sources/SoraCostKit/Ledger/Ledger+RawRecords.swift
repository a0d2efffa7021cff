/// Reading raw records back out of the raw-record store (`RawStore`).
extension Ledger {
    /// Every distinct raw record stored for `job`, oldest first: the exact text read (JSON Lines
    /// record, API object or CSV row as JSON), prompt removed unless it was kept.
    public func rawRecords(of job: Job) throws -> [String] {
        var records: [String] = []
        try forEachRawRecord(jobID: job.rowID) { _, record in records.append(record) }
        return records
    }

    /// Calls `body` with every raw record in the store and its job's row id (`Job.rowID`), in
    /// storage order (each block read once), or only those of the job `jobID`.
    public func forEachRawRecord(jobID: Int64? = nil, _ body: (Int64, String) throws -> Void) throws {
        // A job's first record is pointed to from its row, later ones from job_raws.
        var first: SQL = "SELECT id, raw_block, raw_offset, raw_length FROM jobs WHERE raw_block IS NOT NULL"
        var later: SQL = "SELECT job_id, block, offset, length FROM job_raws"
        if let jobID {
            first += " AND id = \(jobID)"
            later += " WHERE job_id = \(jobID)"
        }
        let sql: SQL = "\(first) UNION ALL \(later) ORDER BY 2, 3"
        let statement = try database.prepare(sql)
        var cache: (id: Int64, bytes: [UInt8])?
        while try statement.step() {
            let bytes = try rawStore.read(block: statement.int64(1), offset: statement.int64(2),
                                          length: statement.int64(3), cache: &cache)
            try body(statement.int64(0), String(decoding: bytes, as: UTF8.self))
        }
        statement.reset()
    }

    /// Calls `body` with the provider, video id and exact stored bytes of every raw record of
    /// the jobs created in `createdFrom..<createdTo` (Unix seconds, UTC), in storage order:
    /// each compressed block is inflated once and only one is held, so memory stays flat
    /// however large the store (`export raw`).
    public func forEachRawRecord(createdFrom from: Int64, to: Int64,
                                 _ body: (_ provider: String, _ videoID: String, _ record: [UInt8]) throws -> Void) throws {
        let created = BillingSQL.column(of: .createdAt).name
        let sql: SQL = """
            SELECT provider, video_id, raw_block, raw_offset, raw_length FROM jobs
            WHERE \(raw: created) >= \(from) AND \(raw: created) < \(to) AND raw_block IS NOT NULL
            UNION ALL
            SELECT j.provider, j.video_id, r.block, r.offset, r.length FROM job_raws r JOIN jobs j ON j.id = r.job_id
            WHERE j.\(raw: created) >= \(from) AND j.\(raw: created) < \(to) ORDER BY 3, 4
            """
        let statement = try database.prepare(sql)
        var cache: (id: Int64, bytes: [UInt8])?
        try database.withCacheSize(kibibytes: 2048) {
            while try statement.step() {
                let bytes = try rawStore.read(block: statement.int64(2), offset: statement.int64(3),
                                              length: statement.int64(4), cache: &cache)
                try body(statement.text(0) ?? "", VideoIDCodec.read(statement, 1) ?? "", bytes)
            }
        }
        statement.reset()
    }

    /// How many raw records the store holds and how many compressed bytes their blocks take.
    public func rawStoreSize() throws -> (records: Int, blocks: Int, compressedBytes: Int, bytes: Int) {
        let records = try database.scalarInt(
            "SELECT (SELECT COUNT(*) FROM job_raws) + (SELECT COUNT(*) FROM jobs WHERE raw_block IS NOT NULL)") ?? 0
        let statement = try database.prepare("SELECT COUNT(*), COALESCE(SUM(length(data)), 0), COALESCE(SUM(size), 0) FROM raw_blocks")
        _ = try statement.step()
        defer { statement.reset() }
        return (Int(records), statement.int(0), statement.int(1), statement.int(2))
    }
}
