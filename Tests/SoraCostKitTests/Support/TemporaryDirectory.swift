import Foundation

/// A fresh directory under the system temporary folder, removed when the value is released.
final class TemporaryDirectory {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("soracost-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes `text` to `name` (subfolders created) and returns the full path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    func append(_ name: String, _ text: String) throws {
        let handle = try FileHandle(forWritingTo: url.appendingPathComponent(name))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    func file(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// Builds video objects and log lines as the API and applications write them.
enum Sample {
    static func video(_ id: String, model: String = "sora-2", status: String = "completed", seconds: String = "8",
                      size: String = "1280x720", created: Int64 = 1_760_627_796, extra: String = "") -> String {
        let completed = status == "completed" || status == "failed" ? "\(created + 67)" : "null"
        return """
            {"id":"\(id)","object":"video","model":"\(model)","status":"\(status)","progress":\(status == "completed" ? 100 : 0),\
            "created_at":\(created),"completed_at":\(completed),"expires_at":null,"prompt":"a secret prompt",\
            "size":"\(size)","seconds":"\(seconds)","remixed_from_video_id":null,"error":null\(extra)}
            """
    }

    static func envelope(_ video: String, project: String = "marketing", user: String = "ana@example.com",
                         extra: String = "") -> String {
        """
        {"ts":"2026-03-14T09:12:44Z","project":"\(project)","user":"\(user)","tags":{"team":"brand"}\(extra),"video":\(video)}
        """
    }
}
