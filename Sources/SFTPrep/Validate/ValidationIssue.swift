/// One problem `validate` found: where (no line for whole-file problems), a stable code, and what to do.
public struct ValidationIssue: Equatable, Sendable {
    public enum Severity: String, Sendable { case error, warning }
    public var severity: Severity
    public var line: Int?
    public var code: String
    public var message: String

    public static func error(_ line: Int?, _ code: String, _ message: String) -> ValidationIssue {
        ValidationIssue(severity: .error, line: line, code: code, message: message)
    }

    public static func warning(_ line: Int?, _ code: String, _ message: String) -> ValidationIssue {
        ValidationIssue(severity: .warning, line: line, code: code, message: message)
    }

    var json: JSONValue {
        var o = JSONObject()
        if let line { o["line"] = .number(String(line)) }
        o["code"] = .string(code)
        o["message"] = .string(message)
        return .object(o)
    }
}
