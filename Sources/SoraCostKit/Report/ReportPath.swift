/// Paths as a report prints them: a Markdown report links its chart relative to its own folder,
/// so the pair can be moved or committed together.
public enum ReportPath {
    /// `target` as a path relative to the folder `directory`, e.g. `../charts/x.svg`.
    ///
    /// Both are made absolute against `base` (the current directory) and cleaned of `.` and `..`
    /// first; symbolic links are not followed, so the answer is what the user typed, rearranged.
    public static func relative(_ target: String, from directory: String, base: String) -> String {
        let to = components(of: target, base: base)
        let from = components(of: directory, base: base)
        var shared = 0
        while shared < min(to.count, from.count), to[shared] == from[shared] { shared += 1 }
        let parts = Array(repeating: "..", count: from.count - shared) + to[shared...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// The folder holding `file`, absolute against `base`.
    public static func folder(of file: String, base: String) -> String {
        "/" + components(of: file, base: base).dropLast().joined(separator: "/")
    }

    static func components(of path: String, base: String) -> [String] {
        let absolute = path.hasPrefix("/") ? path : base + "/" + path
        var out: [String] = []
        for part in absolute.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !out.isEmpty { out.removeLast() }
            default: out.append(String(part))
            }
        }
        return out
    }
}
