import Foundation

/// A client for an OpenAI-compatible Videos API (`GET /videos`, `GET /videos/{id}`): OpenAI
/// until its shutdown on 2026-09-24, Azure OpenAI, or a gateway.
///
/// Blocking; one libcurl handle (kept-alive connection) per client; not `Sendable`. Every call
/// retries per `Configuration.retry` and throws `APIError`.
public final class VideosAPIClient {
    public let configuration: Configuration
    /// `configuration.baseURL` trimmed, without trailing slashes or query.
    public let baseURL: String
    /// The base URL's query (`api-version=preview`), sent with every request; nil if none.
    public let baseQuery: String?
    let http: HTTPClient

    /// Checks the configuration and creates the HTTP handle; sends nothing.
    public init(configuration: Configuration) throws(APIError) {
        self.configuration = configuration
        (baseURL, baseQuery) = try VideosAPIClient.validatedBaseURL(configuration.baseURL,
                                                                     allowInsecureHTTP: configuration.allowInsecureHTTP)
        let secret = configuration.auth.secret
        guard !secret.isEmpty else { throw .invalidConfiguration("the API key is empty") }
        do {
            try Secret.check(secret.exposedValue, source: "key")
        } catch {
            throw .invalidConfiguration("the API key contains spaces or control characters")
        }
        for (setting, value) in [(Setting.organization, configuration.organization), (.project, configuration.project)] {
            if let value, value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                throw .invalidConfiguration("\(SettingAdviceText.subject(setting)) contains a control character")
            }
        }
        do {
            http = try HTTPClient(configuration: HTTPClient.Configuration(
                connectTimeout: configuration.connectTimeout, totalTimeout: configuration.totalTimeout,
                userAgent: configuration.userAgent))
        } catch {
            throw .transport(error, operation: "starting the HTTP client")
        }
    }

    /// New connections opened so far; 1 after any number of pages when keep-alive works.
    public var connectionsOpened: Int { http.connectionsOpened }
}
