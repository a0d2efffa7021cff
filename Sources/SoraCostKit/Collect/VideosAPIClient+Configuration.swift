extension VideosAPIClient {
    /// How the key is presented.
    public enum Auth: Sendable {
        /// `Authorization: Bearer <key>` (OpenAI and most gateways).
        case bearer(Secret)
        /// `api-key: <key>` (Azure OpenAI).
        case apiKey(Secret)

        var secret: Secret {
            switch self {
            case .bearer(let s), .apiKey(let s): s
            }
        }
    }

    /// The list order; the API's default is not documented, so soracost always sends one.
    public enum Order: String, Sendable {
        case asc, desc
    }

    public struct Configuration: Sendable {
        public static let defaultBaseURL = "https://api.openai.com/v1"

        /// The API root including its version path (`…/v1`); trailing slashes are ignored.
        public var baseURL: String
        public var auth: Auth
        /// Sent as `OpenAI-Organization` when set.
        public var organization: String?
        /// Sent as `OpenAI-Project` when set. The list shows only this project's videos.
        public var project: String?
        public var userAgent: String
        /// Seconds to connect; seconds for a whole request.
        public var connectTimeout: Double
        public var totalTimeout: Double
        public var retry: RetryPolicy
        /// Allows `http://` to a host other than the loopback address. Off by default: the key
        /// would cross the network in clear text.
        public var allowInsecureHTTP: Bool

        public init(
            baseURL: String = Configuration.defaultBaseURL, auth: Auth, organization: String? = nil,
            project: String? = nil, userAgent: String = "soracost/\(SoraCostVersion.current)",
            connectTimeout: Double = 10, totalTimeout: Double = 60, retry: RetryPolicy = RetryPolicy(),
            allowInsecureHTTP: Bool = false
        ) {
            self.baseURL = baseURL
            self.auth = auth
            self.organization = organization
            self.project = project
            self.userAgent = userAgent
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.retry = retry
            self.allowInsecureHTTP = allowInsecureHTTP
        }
    }
}
