/// A value inside a chat template: what Jinja (in Python) sees when
/// `transformers` renders `apply_chat_template`.
indirect enum JinjaValue: Equatable {
    case undefined
    case none
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([JinjaValue])
    /// Keys in insertion order, as Python dicts keep them.
    case dict([(String, JinjaValue)])
    /// `namespace(...)`: attributes that `set ns.x = …` changes inside loops.
    case namespace(JinjaNamespace)

    static func == (a: JinjaValue, b: JinjaValue) -> Bool {
        switch (a, b) {
        case (.undefined, .undefined), (.none, .none): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.double(x), .double(y)): return x == y
        case let (.int(x), .double(y)), let (.double(y), .int(x)): return Double(x) == y
        case let (.string(x), .string(y)): return x == y
        case let (.list(x), .list(y)): return x == y
        case let (.dict(x), .dict(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case let (.namespace(x), .namespace(y)): return x === y
        default: return false
        }
    }

    /// Python truthiness.
    var truthy: Bool {
        switch self {
        case .undefined, .none: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .double(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .list(let l): return !l.isEmpty
        case .dict(let d): return !d.isEmpty
        case .namespace: return true
        }
    }

    /// `str(x)` as Jinja prints it (`{{ x }}`): None as "None", booleans as "True"/"False".
    var printed: String {
        switch self {
        case .undefined: return ""
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .double(let d): return PythonJSON.float(d)
        case .string(let s): return s
        case .list, .dict: return PythonJSON.repr(self)
        case .namespace: return "<Namespace>"
        }
    }

    /// The value of `key` in a dict (or namespace), undefined when absent.
    func member(_ key: String) -> JinjaValue {
        switch self {
        case .dict(let d): return d.first { $0.0 == key }?.1 ?? .undefined
        case .namespace(let n): return n.values[key] ?? .undefined
        default: return .undefined
        }
    }

    /// A sftprep JSON value as the template sees it.
    init(_ json: JSONValue) {
        switch json {
        case .null: self = .none
        case .bool(let b): self = .bool(b)
        case .number(let n): self = Int(n).map(JinjaValue.int) ?? .double(Double(n) ?? 0)
        case .string(let s): self = .string(s)
        case .array(let a): self = .list(a.map(JinjaValue.init))
        case .object(let o): self = .dict(o.members.map { ($0.key, JinjaValue($0.value)) })
        }
    }
}

/// The mutable attributes of a `namespace()`.
final class JinjaNamespace {
    var values: [String: JinjaValue] = [:]
}

/// Python's `json.dumps` (as transformers' `tojson` filter calls it: `ensure_ascii=False`,
/// separators `", "` and `": "`, or `indent`) and `repr` of lists and dicts.
enum PythonJSON {
    static func dumps(_ v: JinjaValue, indent: Int? = nil, level: Int = 0) -> String {
        switch v {
        case .undefined, .none: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return float(d)
        case .string(let s): return quoted(s)
        case .namespace: return "{}"
        case .list(let l):
            if l.isEmpty { return "[]" }
            guard let indent else { return "[" + l.map { dumps($0) }.joined(separator: ", ") + "]" }
            let pad = String(repeating: " ", count: indent * (level + 1))
            return "[\n" + l.map { pad + dumps($0, indent: indent, level: level + 1) }.joined(separator: ",\n") + "\n" + String(repeating: " ", count: indent * level) + "]"
        case .dict(let d):
            if d.isEmpty { return "{}" }
            guard let indent else { return "{" + d.map { quoted($0.0) + ": " + dumps($0.1) }.joined(separator: ", ") + "}" }
            let pad = String(repeating: " ", count: indent * (level + 1))
            return "{\n" + d.map { pad + quoted($0.0) + ": " + dumps($0.1, indent: indent, level: level + 1) }.joined(separator: ",\n") + "\n" + String(repeating: " ", count: indent * level) + "}"
        }
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// Python's `repr(float)`: shortest round trip, always with a dot or exponent.
    static func float(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
        var s = "\(d)"
        if s.hasSuffix(".0") == false && !s.contains(".") && !s.contains("e") { s += ".0" }
        return s
    }

    /// Python's `repr` of a list or dict (`['a', 1]`, `{'k': None}`).
    static func repr(_ v: JinjaValue) -> String {
        switch v {
        case .string(let s): return "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'").replacingOccurrences(of: "\n", with: "\\n") + "'"
        case .list(let l): return "[" + l.map(repr).joined(separator: ", ") + "]"
        case .dict(let d): return "{" + d.map { repr(.string($0.0)) + ": " + repr($0.1) }.joined(separator: ", ") + "}"
        default: return v.printed
        }
    }
}
