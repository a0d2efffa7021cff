extension ExplainDocument {
    /// What `soracost explain VIDEO_ID --raw` prints: every distinct raw record the ledger keeps
    /// for the jobs with this id (one per provider, in the ledger's order), oldest first, one per
    /// line, byte for byte as stored (prompt removed unless imported with `--keep-prompts`); nil
    /// when no job has this id.
    public static func rawRecords(videoID: String, ledger: Ledger) throws -> String? {
        let jobs = try ledger.jobs(videoID: videoID)
        guard !jobs.isEmpty else { return nil }
        var text = ""
        for job in jobs {
            for record in try ledger.rawRecords(of: job) {
                text += record
                text += "\n"
            }
        }
        return text
    }
}
