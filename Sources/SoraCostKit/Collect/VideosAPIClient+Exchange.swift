extension VideosAPIClient {
    /// The headers every call sends: credentials, organization and project, JSON accept.
    func headers() -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        switch configuration.auth {
        case .bearer(let secret): fields.append((name: "Authorization", value: "Bearer \(secret.exposedValue)"))
        case .apiKey(let secret): fields.append((name: "api-key", value: secret.exposedValue))
        }
        if let organization = configuration.organization, !organization.isEmpty {
            fields.append((name: "OpenAI-Organization", value: organization))
        }
        if let project = configuration.project, !project.isEmpty {
            fields.append((name: "OpenAI-Project", value: project))
        }
        fields.append((name: "Accept", value: "application/json"))
        return fields
    }

    /// Sends with retries and maps a final error status to the matching `APIError`.
    func perform(
        _ request: HTTPRequest, operation: String, isList: Bool
    ) throws(APIError) -> (response: HTTPResponse, attempts: Int) {
        let outcome: (response: HTTPResponse, attempts: Int)
        do {
            outcome = try configuration.retry.run { () throws(CurlError) -> HTTPResponse in try http.send(request) }
        } catch {
            var scrubbed = error
            scrubbed.message = HTTPRedaction.scrub(error.message, secrets: [configuration.auth.secret])
            throw .transport(scrubbed, operation: operation)
        }
        let response = outcome.response
        if response.isSuccess { return outcome }
        let failure = failure(response, request: request, operation: operation, attempts: outcome.attempts)
        switch response.status {
        case 401, 403: throw .unauthorized(failure)
        case 429 where failure.detail?.code == "insufficient_quota": throw .quotaExhausted(failure)
        case 404 where isList: throw .endpointGone(failure)
        default: throw .http(failure)
        }
    }

    /// The facts of one exchange for an error, with the key scrubbed from server-sent text.
    func failure(_ response: HTTPResponse, request: HTTPRequest, operation: String, attempts: Int) -> APIError.Failure {
        let secrets = [configuration.auth.secret]
        func clean(_ text: String?) -> String? { text.map { HTTPRedaction.scrub($0, secrets: secrets) } }
        let detail = response.apiError.map {
            APIErrorBody(message: clean($0.message), type: clean($0.type), param: clean($0.param), code: clean($0.code))
        }
        return APIError.Failure(
            operation: operation, request: clean(request.description) ?? "", status: response.status,
            requestID: clean(response.requestID), detail: detail, attempts: attempts,
            location: clean(response.header("location").map { HTTPRedaction.url($0) }))
    }

    /// Parses a 2xx body as JSON, explaining an empty, truncated or invalid one.
    func parseBody(_ body: [UInt8], malformed: (String) -> APIError) throws(APIError) -> JSONValue {
        guard !body.isEmpty else { throw malformed("the body is empty") }
        let parsed: Result<JSONValue, JSONError> = body.withUnsafeBytes { bytes in
            Result { () throws(JSONError) -> JSONValue in try JSONValue.parse(bytes) }
        }
        switch parsed {
        case .success(let json):
            return json
        case .failure(let error):
            if error.offset >= body.count - 1 || error.reason.contains("end of text") || error.reason == "unterminated string" {
                throw malformed("the body ends early after \(body.count) bytes (truncated JSON: \(error.description))")
            }
            throw malformed("the body is not valid JSON (\(error.description))")
        }
    }
}
