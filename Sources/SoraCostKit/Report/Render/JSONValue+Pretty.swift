extension JSONValue {
    /// The value as indented JSON text: two spaces per level, `"key": value`, members in
    /// their stored order, a newline at the end.
    ///
    /// Empty arrays and objects print as `[]` and `{}`. Numbers are written as their stored
    /// text, so nothing passes through a binary double; the same value always gives the same
    /// bytes.
    public var prettyText: String {
        var out = ""
        writePretty(to: &out, indent: 0)
        out += "\n"
        return out
    }

    func writePretty(to out: inout String, indent: Int) {
        switch self {
        case .array(let items) where !items.isEmpty:
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                item.writePretty(to: &out, indent: indent + 1)
                out += index == items.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "]"
        case .object(let members) where !members.isEmpty:
            out += "{\n"
            for (index, (key, value)) in members.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                out += JSONText.quote(key) + ": "
                value.writePretty(to: &out, indent: indent + 1)
                out += index == members.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "}"
        default:
            write(to: &out)
        }
    }
}
