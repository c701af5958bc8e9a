/// Expressions of the Jinja subset chat templates use, and their parser.
indirect enum JinjaExpr {
    case literal(JinjaValue)
    case name(String)
    case list([JinjaExpr])
    case dict([(JinjaExpr, JinjaExpr)])
    case attribute(JinjaExpr, String)
    case index(JinjaExpr, JinjaExpr)
    case slice(JinjaExpr, JinjaExpr?, JinjaExpr?, JinjaExpr?)
    case call(JinjaExpr, [JinjaExpr], [(String, JinjaExpr)])
    case filter(JinjaExpr, String, [JinjaExpr], [(String, JinjaExpr)])
    case test(JinjaExpr, String, [JinjaExpr], negated: Bool)
    case unary(String, JinjaExpr)
    case binary(String, JinjaExpr, JinjaExpr)
    case conditional(JinjaExpr, JinjaExpr, JinjaExpr?)
}

/// Tokens of an expression.
enum JinjaToken: Equatable {
    case name(String)
    case string(String)
    case int(Int)
    case double(Double)
    case op(String)
}

struct JinjaExprParser {
    var tokens: [JinjaToken]
    var at = 0

    init(_ source: String) throws(ChatTemplateError) {
        tokens = try JinjaExprParser.tokenize(source)
    }

    static func tokenize(_ source: String) throws(ChatTemplateError) -> [JinjaToken] {
        let s = Array(source.unicodeScalars)
        var out: [JinjaToken] = []
        var i = 0
        while i < s.count {
            let c = s[i]
            if c.properties.isWhitespace { i += 1; continue }
            if c == "'" || c == "\"" {
                var v = ""
                var j = i + 1
                while j < s.count && s[j] != c {
                    if s[j] == "\\" && j + 1 < s.count {
                        j += 1
                        switch s[j] {
                        case "n": v += "\n"
                        case "t": v += "\t"
                        case "r": v += "\r"
                        case "\\": v += "\\"
                        case "'": v += "'"
                        case "\"": v += "\""
                        default: v += "\\"; v.unicodeScalars.append(s[j])
                        }
                    } else {
                        v.unicodeScalars.append(s[j])
                    }
                    j += 1
                }
                guard j < s.count else { throw ChatTemplateError("unterminated string in '\(source)'") }
                out.append(.string(v))
                i = j + 1
                continue
            }
            if c.properties.numericType != nil && ("0"..."9").contains(c) {
                var j = i
                while j < s.count && (("0"..."9").contains(s[j]) || s[j] == ".") { j += 1 }
                let text = String(String.UnicodeScalarView(s[i..<j]))
                if text.contains("."), let d = Double(text) { out.append(.double(d)) } else { out.append(.int(Int(text) ?? 0)) }
                i = j
                continue
            }
            if c == "_" || c.properties.isAlphabetic {
                var j = i
                while j < s.count && (s[j] == "_" || s[j].properties.isAlphabetic || ("0"..."9").contains(s[j])) { j += 1 }
                out.append(.name(String(String.UnicodeScalarView(s[i..<j]))))
                i = j
                continue
            }
            let two = i + 1 < s.count ? String(String.UnicodeScalarView([c, s[i + 1]])) : ""
            if ["==", "!=", "<=", ">=", "//", "**"].contains(two) {
                out.append(.op(two))
                i += 2
                continue
            }
            out.append(.op(String(c)))
            i += 1
        }
        return out
    }

    var peek: JinjaToken? { at < tokens.count ? tokens[at] : nil }
    mutating func next() -> JinjaToken? { defer { at += 1 }; return peek }
    mutating func accept(_ op: String) -> Bool {
        if peek == .op(op) || peek == .name(op) { at += 1; return true }
        return false
    }
    mutating func expect(_ op: String) throws(ChatTemplateError) {
        guard accept(op) else { throw ChatTemplateError("expected '\(op)', found \(peek.map { "\($0)" } ?? "the end")") }
    }
    mutating func name() throws(ChatTemplateError) -> String {
        guard case .name(let n)? = next() else { throw ChatTemplateError("expected a name") }
        return n
    }

    /// `a if c else b`
    mutating func expression() throws(ChatTemplateError) -> JinjaExpr {
        let value = try or()
        if accept("if") {
            let condition = try or()
            let otherwise = accept("else") ? try expression() : nil
            return .conditional(condition, value, otherwise)
        }
        return value
    }

    mutating func or() throws(ChatTemplateError) -> JinjaExpr {
        var e = try and()
        while accept("or") { e = .binary("or", e, try and()) }
        return e
    }

    mutating func and() throws(ChatTemplateError) -> JinjaExpr {
        var e = try not()
        while accept("and") { e = .binary("and", e, try not()) }
        return e
    }

    mutating func not() throws(ChatTemplateError) -> JinjaExpr {
        if accept("not") { return .unary("not", try not()) }
        return try comparison()
    }

    mutating func comparison() throws(ChatTemplateError) -> JinjaExpr {
        var e = try additive()
        while true {
            if case .op(let o)? = peek, ["==", "!=", "<", ">", "<=", ">="].contains(o) {
                at += 1
                e = .binary(o, e, try additive())
            } else if accept("in") {
                e = .binary("in", e, try additive())
            } else if peek == .name("not"), at + 1 < tokens.count, tokens[at + 1] == .name("in") {
                at += 2
                e = .unary("not", .binary("in", e, try additive()))
            } else if accept("is") {
                let negated = accept("not")
                let test = try name()
                var args: [JinjaExpr] = []
                if accept("(") {
                    while !accept(")") { args.append(try expression()); _ = accept(",") }
                } else if case .string? = peek { args.append(try primary()) } else if case .int? = peek { args.append(try primary()) }
                e = .test(e, test, args, negated: negated)
            } else {
                return e
            }
        }
    }

    mutating func additive() throws(ChatTemplateError) -> JinjaExpr {
        var e = try multiplicative()
        while true {
            if accept("+") { e = .binary("+", e, try multiplicative()) }
            else if accept("-") { e = .binary("-", e, try multiplicative()) }
            else if accept("~") { e = .binary("~", e, try multiplicative()) }
            else { return e }
        }
    }

    mutating func multiplicative() throws(ChatTemplateError) -> JinjaExpr {
        var e = try unary()
        while true {
            if accept("*") { e = .binary("*", e, try unary()) }
            else if accept("//") { e = .binary("//", e, try unary()) }
            else if accept("/") { e = .binary("/", e, try unary()) }
            else if accept("%") { e = .binary("%", e, try unary()) }
            else { return e }
        }
    }

    mutating func unary() throws(ChatTemplateError) -> JinjaExpr {
        if accept("-") { return .unary("-", try unary()) }
        return try postfix()
    }

    mutating func arguments() throws(ChatTemplateError) -> ([JinjaExpr], [(String, JinjaExpr)]) {
        var args: [JinjaExpr] = [], kwargs: [(String, JinjaExpr)] = []
        while !accept(")") {
            if case .name(let n)? = peek, at + 1 < tokens.count, tokens[at + 1] == .op("=") {
                at += 2
                kwargs.append((n, try expression()))
            } else {
                args.append(try expression())
            }
            _ = accept(",")
        }
        return (args, kwargs)
    }

    mutating func postfix() throws(ChatTemplateError) -> JinjaExpr {
        var e = try primary()
        while true {
            if accept(".") {
                e = .attribute(e, try name())
            } else if accept("[") {
                var parts: [JinjaExpr?] = [nil]
                var colons = 0
                while !accept("]") {
                    if accept(":") { colons += 1; parts.append(nil); continue }
                    parts[parts.count - 1] = try expression()
                }
                if colons == 0 {
                    guard let i = parts[0] else { throw ChatTemplateError("empty index") }
                    e = .index(e, i)
                } else {
                    e = .slice(e, parts[0], parts.count > 1 ? parts[1] : nil, parts.count > 2 ? parts[2] : nil)
                }
            } else if accept("(") {
                let (a, k) = try arguments()
                e = .call(e, a, k)
            } else if accept("|") {
                let f = try name()
                var a: [JinjaExpr] = [], k: [(String, JinjaExpr)] = []
                if accept("(") { (a, k) = try arguments() }
                e = .filter(e, f, a, k)
            } else {
                return e
            }
        }
    }

    mutating func primary() throws(ChatTemplateError) -> JinjaExpr {
        switch next() {
        case .string(let s)?:
            var v = s
            while case .string(let more)? = peek { v += more; at += 1 }  // adjacent literals join
            return .literal(.string(v))
        case .int(let i)?: return .literal(.int(i))
        case .double(let d)?: return .literal(.double(d))
        case .name(let n)?:
            switch n {
            case "true", "True": return .literal(.bool(true))
            case "false", "False": return .literal(.bool(false))
            case "none", "None": return .literal(.none)
            default: return .name(n)
            }
        case .op("(")?:
            let e = try expression()
            if accept(",") {  // a tuple: read as a list
                var items = [e]
                while !accept(")") { items.append(try expression()); _ = accept(",") }
                return .list(items)
            }
            try expect(")")
            return e
        case .op("[")?:
            var items: [JinjaExpr] = []
            while !accept("]") { items.append(try expression()); _ = accept(",") }
            return .list(items)
        case .op("{")?:
            var pairs: [(JinjaExpr, JinjaExpr)] = []
            while !accept("}") {
                let k = try expression()
                try expect(":")
                pairs.append((k, try expression()))
                _ = accept(",")
            }
            return .dict(pairs)
        case let t: throw ChatTemplateError("unexpected \(t.map { "\($0)" } ?? "end of expression")")
        }
    }
}
