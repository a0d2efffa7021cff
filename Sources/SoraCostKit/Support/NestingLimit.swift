/// How deeply the readers of structured text (the JSON parser and the Python-repr reader) let
/// arrays, objects and printed SDK objects nest. Both recurse once per level, so the budget keeps
/// the stack small whatever the input: a line of 50,000 or 1,000,000 opening brackets is rejected
/// at level `maxDepth + 1` with `reason`, never by a stack overflow. Real records nest 4 deep at
/// most (a list page, its `data` array, a video object, its `error` object).
public enum NestingLimit {
    public static let maxDepth = 64
    public static var reason: String { "nesting deeper than \(maxDepth) levels" }
}
