/// Reading the instants that logs and API records carry.
public enum Timestamp {
    /// Parses ISO 8601 / RFC 3339 date-times into Unix seconds: `2026-03-14T09:12:44Z`,
    /// `2026-03-14 09:12:44.123+01:00`, `2026-03-14T09:12:44` (no zone means UTC). Fractions of
    /// a second are dropped (the API counts whole seconds). A bare date means its midnight UTC.
    public static func parseISO(_ text: some StringProtocol) -> Int64? {
        let b = Array(text.utf8)
        func num(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for i in from..<(from + count) {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              let year = num(0, 4), let month = num(5, 2), let day = num(8, 2),
              (1...12).contains(month), day >= 1, day <= Day.daysIn(year: year, month: month)
        else { return nil }
        let date = Day(year: year, month: month, day: day)
        if b.count == 10 { return date.unixStart }
        guard b.count >= 19, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let hour = num(11, 2), let minute = num(14, 2), let second = num(17, 2),
              hour < 24, minute < 60, second <= 60
        else { return nil }
        var i = 19
        if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
            i += 1
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
            guard i > start else { return nil }
        }
        var offset = 0
        if i < b.count {
            switch b[i] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                i += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                guard let oh = num(i + 1, 2) else { return nil }
                var j = i + 3
                if j < b.count, b[j] == UInt8(ascii: ":") { j += 1 }
                guard let om = num(j, 2), oh < 24, om < 60 else { return nil }
                offset = sign * (oh * 3600 + om * 60)
                i = j + 2
            default:
                return nil
            }
        }
        guard i == b.count else { return nil }
        return date.unixStart + Int64(hour * 3600 + minute * 60 + min(second, 59) - offset)
    }

    /// An instant as the API writes it (Unix seconds) or as logs often do (ISO 8601).
    /// Integral JSON numbers such as `1760627796.0` are accepted; anything else is an error.
    /// Instants outside 2020-01-01 … 2099-12-31 (UTC) are rejected: Sora launched in 2024, and a
    /// 0, a negative number or milliseconds passed off as seconds is an error, not a job.
    static let earliest: Int64 = 1_577_836_800   // 2020-01-01T00:00:00Z
    static let latest: Int64 = 4_102_444_799     // 2099-12-31T23:59:59Z

    /// A missing value is null.
    static func decode<Node: JSONNode>(_ value: Node?, field: String) throws(RecordError) -> Int64? {
        guard let instant = try decodeUnbounded(value, field: field) else { return nil }
        guard instant >= earliest && instant <= latest else {
            throw RecordError(field: field, "\(instant) is outside 2020-01-01 to 2099-12-31 (Unix seconds \(earliest) to \(latest))")
        }
        return instant
    }

    private static func decodeUnbounded<Node: JSONNode>(_ value: Node?, field: String) throws(RecordError) -> Int64? {
        guard let value else { return nil }
        switch value.kind {
        case .null:
            return nil
        case .number:
            let text = value.text ?? ""
            if let v = Int64(text) { return v }
            if let dot = text.firstIndex(of: "."), text[text.index(after: dot)...].allSatisfy({ $0 == "0" }),
               let v = Int64(text[..<dot]) {
                return v
            }
            throw RecordError(field: field, "'\(text)' is not a whole number of Unix seconds")
        case .string:
            let text = value.text ?? ""
            if let v = Int64(text) { return v }
            if let v = parseISO(text) { return v }
            throw RecordError(field: field, "'\(text.prefix(40))' is neither Unix seconds nor an ISO 8601 date-time")
        default:
            throw RecordError(field: field, "expected Unix seconds or an ISO 8601 string, found \(value.typeName)")
        }
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` in UTC.
    public static func iso(_ unix: Int64) -> String {
        let day = Day(unix: unix)
        let rest = Int(unix - day.unixStart)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(day.iso)T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }
}
