import Foundation

extension Secret {
    /// The key held in the environment variable `name` (`OPENAI_API_KEY` unless the user chose
    /// another with `--api-key-env`), trimmed of surrounding white space.
    ///
    /// `environment` is injectable so tests need not touch the process environment.
    public static func fromEnvironment(
        _ name: String = "OPENAI_API_KEY",
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SecretError) -> Secret {
        guard let raw = environment[name] else { throw .missingEnvironment(name: name) }
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { throw .emptyEnvironment(name: name) }
        try check(value, source: "environment variable \(name)")
        return Secret(value)
    }

    /// The secret stored in the file at `path` (`--api-key-file`, `--notify-file`): its first
    /// non-empty line, trimmed.
    ///
    /// A key file is what secret managers mount (Kubernetes secrets, Docker secrets, systemd
    /// credentials); it keeps the key out of `ps` output and shell history. `kind` only words
    /// the messages.
    public static func fromFile(path: String, kind: SecretKind = .apiKey) throws(SecretError) -> Secret {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let reason = !exists ? "no such file" : isDirectory.boolValue ? "it is a directory"
                : FileManager.default.isReadableFile(atPath: path) ? "not readable as UTF-8 text" : "permission denied"
            throw .unreadableFile(path: path, reason: reason, kind: kind)
        }
        let line = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first(where: { !$0.isEmpty })
        guard let value = line else { throw .emptyFile(path: path, kind: kind) }
        try check(value, source: path, kind: kind)
        return Secret(value)
    }

    /// Rejects values that would corrupt an HTTP header (a line break could inject headers).
    static func check(_ value: String, source: String, kind: SecretKind = .apiKey) throws(SecretError) {
        if value.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) {
            throw .malformed(source: source, reason: "contains spaces or control characters", kind: kind)
        }
    }
}
