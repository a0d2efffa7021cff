/// The `error` object OpenAI-style APIs return with a failure:
/// `{"error": {"message": "...", "type": "...", "param": null, "code": "..."}}`.
///
/// Every field is optional: gateways and proxies return partial shapes or HTML.
public struct APIErrorBody: Sendable, Equatable {
    public var message: String?
    public var type: String?
    public var param: String?
    public var code: String?

    public init(message: String? = nil, type: String? = nil, param: String? = nil, code: String? = nil) {
        self.message = message
        self.type = type
        self.param = param
        self.code = code
    }

    /// `message "…", type …, code …, param …`, leaving out absent fields; nil when all are absent.
    public var summary: String? {
        var parts: [String] = []
        if let message, !message.isEmpty { parts.append("\"\(message)\"") }
        if let type, !type.isEmpty { parts.append("type \(type)") }
        if let code, !code.isEmpty { parts.append("code \(code)") }
        if let param, !param.isEmpty { parts.append("param \(param)") }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}

extension HTTPResponse {
    /// The parsed `error` object of the body, or nil when the body is not that shape.
    ///
    /// Some gateways send `"error": "text"`; that becomes the message. Numbers in `code` (Azure
    /// sometimes sends them) are kept as their text.
    public var apiError: APIErrorBody? {
        guard !body.isEmpty,
              let json = try? body.withUnsafeBytes({ bytes throws(JSONError) in try JSONValue.parse(bytes) }),
              let error = json["error"]
        else { return nil }
        func text(_ value: JSONValue?) -> String? {
            switch value {
            case .string(let s): s
            case .number(let n): n
            default: nil
            }
        }
        switch error {
        case .string(let message):
            return APIErrorBody(message: message)
        case .object:
            return APIErrorBody(message: text(error["message"]), type: text(error["type"]),
                                param: text(error["param"]), code: text(error["code"]))
        default:
            return nil
        }
    }
}
