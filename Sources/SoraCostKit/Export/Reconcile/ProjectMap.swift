/// Which ledger project each provider project id stands for, read with the config-file kit:
///
/// ```json
/// {"version": 1, "projects": [{"project_id": "proj_abc", "project": "marketing"}]}
/// ```
public struct ProjectMap: Sendable, Equatable {
    public var projects: [String: String]

    public init(projects: [String: String] = [:]) {
        self.projects = projects
    }

    static let format = ConfigFormat(name: "project map", version: 1, members: ["version", "projects"],
                                     list: "projects", listNoun: "project mappings", itemNoun: "mapping")

    public static func load(path: String) throws(ConfigError) -> ProjectMap {
        try format.load(path: path, parse)
    }

    public static func parse(text: String, source: String) throws(ConfigError) -> ProjectMap {
        try format.parse(text: text, source: source, parse)
    }

    private static func parse(_ root: ConfigReader) -> ProjectMap {
        var map = ProjectMap()
        format.forEachItem(of: root) { _, reader in
            reader.checkMembers(["project_id", "project"])
            let id = reader.string("project_id", missing: "missing; the provider's project id, such as proj_abc", nullable: false)
            let project = reader.string("project", missing: "missing; the project name the ledger records", nullable: false)
            guard let id, let project else { return }
            if map.projects[id] != nil {
                reader.issue("project_id", "\(JSONText.quote(id)) is mapped twice")
                return
            }
            map.projects[id] = project
        }
        return map
    }
}
