/// A setting the user can change to fix a failure. Kit errors name settings, never the options
/// that set them: the command line (`ErrorMapping`) adds the option names, so the kit reads the
/// same whichever front end drives it.
public enum Setting: String, Sendable, CaseIterable {
    /// The API key: its environment variable or file.
    case apiKey
    /// How the key is sent: `Authorization: Bearer` (OpenAI) or `api-key` (Azure).
    case authHeader
    case organization
    case project
    /// The endpoint's base URL.
    case baseURL
    /// Where the logs keep each field (`FIELD=PATH`).
    case fieldMapping
}

/// An error that can say which settings would fix it.
public protocol SettingAdvice {
    /// The settings to check, most likely first; empty when changing a setting cannot help.
    var settings: [Setting] { get }
}
