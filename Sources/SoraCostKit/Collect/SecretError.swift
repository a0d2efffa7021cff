import Foundation

/// What a secret is, for the messages about loading it.
public enum SecretKind: String, Sendable, Equatable {
    case apiKey = "API key"
    case webhookURL = "webhook URL"
}

/// Why a secret (an API key, a webhook URL) could not be loaded; each case names where the user
/// must look.
///
/// The messages name the environment variable or file, never any part of its content.
public enum SecretError: Error, LocalizedError, Equatable, Sendable {
    case missingEnvironment(name: String)
    case emptyEnvironment(name: String)
    case unreadableFile(path: String, reason: String, kind: SecretKind = .apiKey)
    case emptyFile(path: String, kind: SecretKind = .apiKey)
    case malformed(source: String, reason: String, kind: SecretKind = .apiKey)

    public var errorDescription: String? {
        switch self {
        case let .missingEnvironment(name):
            "no API key: the environment variable \(name) is not set"
        case let .emptyEnvironment(name):
            "no API key: the environment variable \(name) is empty"
        case let .unreadableFile(path, reason, kind):
            "\(path): cannot read the \(kind.rawValue) file (\(reason))"
        case let .emptyFile(path, kind):
            "\(path): the \(kind.rawValue) file is empty"
        case let .malformed(source, reason, kind):
            "\(source): the \(kind.rawValue) \(reason)"
        }
    }
}

extension SecretError: SettingAdvice {
    public var settings: [Setting] {
        switch self {
        case .unreadableFile(_, _, .webhookURL), .emptyFile(_, .webhookURL), .malformed(_, _, .webhookURL): []
        default: [.apiKey]
        }
    }
}
