import Foundation

/// Why an API key could not be loaded; each case names where the user must look.
///
/// The messages name the environment variable or file, never any part of its content.
public enum SecretError: Error, LocalizedError, Equatable, Sendable {
    case missingEnvironment(name: String)
    case emptyEnvironment(name: String)
    case unreadableFile(path: String, reason: String)
    case emptyFile(path: String)
    case malformed(source: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case let .missingEnvironment(name):
            "no API key: the environment variable \(name) is not set"
        case let .emptyEnvironment(name):
            "no API key: the environment variable \(name) is empty"
        case let .unreadableFile(path, reason):
            "\(path): cannot read the API key file (\(reason))"
        case let .emptyFile(path):
            "\(path): the API key file is empty"
        case let .malformed(source, reason):
            "\(source): the API key \(reason)"
        }
    }
}

extension SecretError: SettingAdvice {
    public var settings: [Setting] { [.apiKey] }
}
