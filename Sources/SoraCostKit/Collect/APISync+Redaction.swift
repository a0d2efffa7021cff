extension APISync {
    /// `observation` with the key cut out of every text it carries, not only the raw record:
    /// a server that echoes the key into `error.message` (or any other field) must not get it
    /// into `jobs.error_message`, `explain` or a report. Each field is redacted as the raw
    /// record is (`HTTPRedaction.scrub` with the key as the secret).
    func withoutKey(_ observation: Observation) -> Observation {
        guard !secret.isEmpty else { return observation }
        var clean = observation
        func scrub(_ text: String) -> String {
            text.contains(secret.exposedValue) ? HTTPRedaction.scrub(text, secrets: [secret]) : text
        }
        clean.raw = scrub(observation.raw)
        clean.prompt = observation.prompt.map(scrub)
        clean.job.provider = scrub(observation.job.provider)
        clean.job.videoID = scrub(observation.job.videoID)
        clean.job.account = observation.job.account.map(scrub)
        clean.job.model = scrub(observation.job.model)
        clean.job.remixedFrom = observation.job.remixedFrom.map(scrub)
        clean.job.errorCode = observation.job.errorCode.map(scrub)
        clean.job.errorMessage = observation.job.errorMessage.map(scrub)
        clean.job.project = observation.job.project.map(scrub)
        clean.job.user = observation.job.user.map(scrub)
        if observation.job.tags.contains(where: { $0.key.contains(secret.exposedValue) || $0.value.contains(secret.exposedValue) }) {
            clean.job.tags = Dictionary(observation.job.tags.map { (scrub($0.key), scrub($0.value)) },
                                        uniquingKeysWith: { first, _ in first })
            clean.tagsText = Tags.encode(clean.job.tags)
        }
        return clean
    }
}

extension APISync {
    /// Why `page` must not be followed, if it must not: it names a next cursor but holds nothing
    /// (asking again would get the same), or its next cursor was already visited in this walk
    /// (the pages form a loop). Nothing of such a page is stored; the sync state stays where the
    /// last committed page left it.
    static func loopProblem(_ page: VideosAPIClient.ListPage, visited: Set<String>) -> APIError? {
        func problem(_ reason: String) -> APIError {
            .malformedPage(APIError.Failure(operation: "listing videos", request: page.request, status: 200,
                                            requestID: page.requestID, detail: nil, attempts: 1, location: nil),
                           reason: reason)
        }
        if page.nextCursor != nil && page.data.isEmpty {
            return problem("\"has_more\" is true but the page holds no videos; stopped instead of asking for more")
        }
        if let next = page.nextCursor, visited.contains(next) {
            return problem("the next cursor \(next) was already visited in this walk: the pages loop; "
                + "stopped after \(visited.count) cursor\(visited.count == 1 ? "" : "s")")
        }
        return nil
    }
}
