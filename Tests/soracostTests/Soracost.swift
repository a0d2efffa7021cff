import Foundation

/// Runs the built `soracost` binary, as a user or cron would.
enum Soracost {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The binary: `$SORACOST_BIN`, else the one built next to this test bundle.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["SORACOST_BIN"], !path.isEmpty { return path }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("soracost").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/soracost").path
    }

    /// Starts the binary without waiting; its output goes to files the caller may read later.
    static func start(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
                      directory: String? = nil) throws -> (Process, URL, URL) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for key in ["SORACOST_DB", "SORACOST_RATES", "SORACOST_BUDGETS", "SORACOST_NOTIFY_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL"] {
            env[key] = nil
        }
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("soracost-run-\(UUID().uuidString)")
        let outURL = base.appendingPathExtension("out")
        let errURL = base.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        if let stdin {
            let input = Pipe()
            process.standardInput = input
            try process.run()
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        return (process, outURL, errURL)
    }

    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
                    directory: String? = nil) throws -> Result {
        let (process, out, err) = try start(arguments, environment: environment, stdin: stdin, directory: directory)
        process.waitUntilExit()
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}

/// A fresh directory for one test.
typealias Scratch = TemporaryDirectory

/// Wrapped log lines in soracost's documented envelope.
func logLine(_ id: String, status: String = "completed", project: String = "marketing", created: Int64 = 1_773_479_564) -> String {
    #"{"ts":"2026-03-14T09:12:44Z","project":"\#(project)","user":"ana@example.com","kind":"create","video":{"id":"\#(id)","object":"video","model":"sora-2","status":"\#(status)","progress":100,"created_at":\#(created),"completed_at":\#(created + 60),"expires_at":null,"size":"1280x720","seconds":"8","remixed_from_video_id":null,"error":null}}"#
}
