/// Builds video objects and log lines as the API and applications write them.
public enum Sample {
    public static func video(_ id: String, model: String = "sora-2", status: String = "completed", seconds: String = "8",
                             size: String = "1280x720", created: Int64 = 1_760_627_796, extra: String = "") -> String {
        let completed = status == "completed" || status == "failed" ? "\(created + 67)" : "null"
        return """
            {"id":"\(id)","object":"video","model":"\(model)","status":"\(status)","progress":\(status == "completed" ? 100 : 0),\
            "created_at":\(created),"completed_at":\(completed),"expires_at":null,"prompt":"a secret prompt",\
            "size":"\(size)","seconds":"\(seconds)","remixed_from_video_id":null,"error":null\(extra)}
            """
    }

    public static func envelope(_ video: String, project: String = "marketing", user: String = "ana@example.com",
                                extra: String = "") -> String {
        """
        {"ts":"2026-03-14T09:12:44Z","project":"\(project)","user":"\(user)","tags":{"team":"brand"}\(extra),"video":\(video)}
        """
    }
}
