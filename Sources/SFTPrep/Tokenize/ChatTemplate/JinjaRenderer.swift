import Foundation

/// Runs a parsed template: scopes (a loop's body has its own, as in Jinja),
/// the `loop` variable, filters, tests, and the few functions and methods chat
/// templates call.
struct JinjaRenderer {
    var output = ""
    var scopes: [[String: JinjaValue]]
    var macros: [String: (parameters: [(String, JinjaExpr?)], body: [JinjaTemplate.Node])] = [:]
    let date: Date

    init(globals: [String: JinjaValue], date: Date) {
        scopes = [globals]
        self.date = date
    }

    mutating func run(_ nodes: [JinjaTemplate.Node]) throws(ChatTemplateError) {
        for node in nodes {
            switch node {
            case .text(let t): output += t
            case .output(let e): output += try eval(e).printed
            case .group(let body): try run(body)
            case .conditional(let branches, let otherwise):
                var done = false
                for (condition, body) in branches where try eval(condition).truthy {
                    try run(body)
                    done = true
                    break
                }
                if !done { try run(otherwise) }
            case .loop(let targets, let iterable, let filter, let body, let otherwise):
                var items = try iterate(try eval(iterable))
                if let filter {
                    var kept: [JinjaValue] = []
                    for item in items {
                        scopes.append(bind(targets, item))
                        let keep = try eval(filter).truthy
                        scopes.removeLast()
                        if keep { kept.append(item) }
                    }
                    items = kept
                }
                if items.isEmpty { try run(otherwise) }
                for (i, item) in items.enumerated() {
                    var scope = bind(targets, item)
                    scope["loop"] = .dict([("index0", .int(i)), ("index", .int(i + 1)), ("first", .bool(i == 0)), ("last", .bool(i == items.count - 1)),
                                           ("length", .int(items.count)), ("revindex", .int(items.count - i)), ("revindex0", .int(items.count - i - 1)),
                                           ("previtem", i > 0 ? items[i - 1] : .undefined), ("nextitem", i + 1 < items.count ? items[i + 1] : .undefined)])
                    scopes.append(scope)
                    try run(body)
                    scopes.removeLast()
                }
            case .set(let name, let attribute, let e):
                let value = try eval(e)
                if let attribute {
                    guard case .namespace(let ns) = lookup(name) else { throw ChatTemplateError("set \(name).\(attribute): \(name) is not a namespace") }
                    ns.values[attribute] = value
                } else {
                    scopes[scopes.count - 1][name] = value
                }
            case .macro(let name, let parameters, let body):
                macros[name] = (parameters, body)
            }
        }
    }

    private func bind(_ targets: [String], _ item: JinjaValue) -> [String: JinjaValue] {
        if targets.count == 1 { return [targets[0]: item] }
        guard case .list(let parts) = item else { return [:] }
        return Dictionary(uniqueKeysWithValues: zip(targets, parts).map { ($0, $1) })
    }

    private func iterate(_ v: JinjaValue) throws(ChatTemplateError) -> [JinjaValue] {
        switch v {
        case .list(let l): return l
        case .dict(let d): return d.map { .string($0.0) }
        case .string(let s): return s.map { .string(String($0)) }
        case .undefined, .none: return []
        default: throw ChatTemplateError("\(v.printed) is not iterable")
        }
    }

    /// The functions a template may call without defining them, as transformers provides them.
    static let globalFunctions: Set<String> = ["raise_exception", "strftime_now", "namespace", "range"]

    func lookup(_ name: String) -> JinjaValue {
        for scope in scopes.reversed() { if let v = scope[name] { return v } }
        return .undefined
    }

    mutating func eval(_ e: JinjaExpr) throws(ChatTemplateError) -> JinjaValue {
        switch e {
        case .literal(let v): return v
        case .name(let n): return lookup(n)
        case .list(let items):
            var out: [JinjaValue] = []
            for i in items { out.append(try eval(i)) }
            return .list(out)
        case .dict(let pairs):
            var out: [(String, JinjaValue)] = []
            for (k, v) in pairs { out.append((try eval(k).printed, try eval(v))) }
            return .dict(out)
        case .attribute(let base, let name): return try eval(base).member(name)
        case .index(let base, let i): return subscriptValue(try eval(base), try eval(i))
        case .slice(let base, let a, let b, let c):
            let v = try eval(base)
            let start = try a.map { x throws(ChatTemplateError) in try eval(x) }, end = try b.map { x throws(ChatTemplateError) in try eval(x) }
            let step = try c.map { x throws(ChatTemplateError) in try eval(x) }
            return slice(v, start, end, step)
        case .conditional(let condition, let value, let otherwise):
            return try eval(condition).truthy ? try eval(value) : try otherwise.map { x throws(ChatTemplateError) in try eval(x) } ?? .undefined
        case .unary(let op, let x):
            let v = try eval(x)
            if op == "not" { return .bool(!v.truthy) }
            switch v {
            case .int(let i): return .int(-i)
            case .double(let d): return .double(-d)
            default: throw ChatTemplateError("cannot negate \(v.printed)")
            }
        case .binary(let op, let l, let r): return try binary(op, l, r)
        case .test(let x, let name, let args, let negated):
            // The global functions are defined (Llama 3.2: `{% if strftime_now is defined %}`).
            if case .name(let n) = x, lookup(n) == .undefined, JinjaRenderer.globalFunctions.contains(n), name == "defined" || name == "undefined" {
                return .bool((name == "defined") != negated)
            }
            let v = try eval(x)
            var values: [JinjaValue] = []
            for a in args { values.append(try eval(a)) }
            let result = try test(name, v, values)
            return .bool(negated ? !result : result)
        case .filter(let x, let name, let args, let kwargs):
            let v = try eval(x)
            var values: [JinjaValue] = []
            for a in args { values.append(try eval(a)) }
            var named: [String: JinjaValue] = [:]
            for (k, a) in kwargs { named[k] = try eval(a) }
            return try filter(name, v, values, named)
        case .call(let callee, let args, let kwargs):
            var values: [JinjaValue] = []
            for a in args { values.append(try eval(a)) }
            var named: [(String, JinjaValue)] = []
            for (k, a) in kwargs { named.append((k, try eval(a))) }
            return try call(callee, values, named)
        }
    }

    private func subscriptValue(_ v: JinjaValue, _ i: JinjaValue) -> JinjaValue {
        switch (v, i) {
        case let (.list(l), .int(n)):
            let k = n < 0 ? l.count + n : n
            return k >= 0 && k < l.count ? l[k] : .undefined
        case let (.string(s), .int(n)):
            let chars = Array(s)
            let k = n < 0 ? chars.count + n : n
            return k >= 0 && k < chars.count ? .string(String(chars[k])) : .undefined
        case (.dict, .string(let k)), (.namespace, .string(let k)): return v.member(k)
        default: return .undefined
        }
    }

    private func slice(_ v: JinjaValue, _ a: JinjaValue?, _ b: JinjaValue?, _ c: JinjaValue?) -> JinjaValue {
        func apply<T>(_ items: [T]) -> [T] {
            let n = items.count
            var step = 1
            if case .int(let s)? = c { step = s == 0 ? 1 : s }
            func clamp(_ x: JinjaValue?, _ dflt: Int) -> Int {
                guard case .int(var i)? = x else { return dflt }
                if i < 0 { i += n }
                return step > 0 ? min(max(i, 0), n) : min(max(i, -1), n - 1)
            }
            var out: [T] = []
            if step > 0 {
                var i = clamp(a, 0)
                let end = clamp(b, n)
                while i < end { out.append(items[i]); i += step }
            } else {
                var i = clamp(a, n - 1)
                let end = clamp(b, -1)
                while i > end { out.append(items[i]); i += step }
            }
            return out
        }
        switch v {
        case .list(let l): return .list(apply(l))
        case .string(let s): return .string(String(apply(Array(s))))
        default: return .undefined
        }
    }

    private mutating func binary(_ op: String, _ le: JinjaExpr, _ re: JinjaExpr) throws(ChatTemplateError) -> JinjaValue {
        if op == "and" {
            let l = try eval(le)
            return l.truthy ? try eval(re) : l
        }
        if op == "or" {
            let l = try eval(le)
            return l.truthy ? l : try eval(re)
        }
        let l = try eval(le), r = try eval(re)
        switch op {
        case "==": return .bool(l == r)
        case "!=": return .bool(l != r)
        case "~": return .string(l.printed + r.printed)
        case "in":
            switch r {
            case .list(let items): return .bool(items.contains(l))
            case .string(let s): return .bool(s.contains(l.printed))
            case .dict(let d): return .bool(d.contains { $0.0 == l.printed })
            default: return .bool(false)
            }
        case "+":
            switch (l, r) {
            case let (.string(a), .string(b)): return .string(a + b)
            case let (.list(a), .list(b)): return .list(a + b)
            case let (.int(a), .int(b)): return .int(a + b)
            default:
                if let a = number(l), let b = number(r) { return .double(a + b) }
                throw ChatTemplateError("cannot add \(kind(l)) and \(kind(r)) (\(l.printed.prefix(40)) + \(r.printed.prefix(40)))")
            }
        case "-", "*", "/", "//", "%", "<", ">", "<=", ">=":
            if case let (.int(a), .int(b)) = (l, r) {
                switch op {
                case "-": return .int(a - b)
                case "*": return .int(a * b)
                case "//": return b == 0 ? .undefined : .int(Int((Double(a) / Double(b)).rounded(.down)))
                case "%": return b == 0 ? .undefined : .int(((a % b) + b) % b)
                case "<": return .bool(a < b)
                case ">": return .bool(a > b)
                case "<=": return .bool(a <= b)
                case ">=": return .bool(a >= b)
                default: break
                }
            }
            if case let (.string(a), .string(b)) = (l, r) {
                switch op {
                case "<": return .bool(a < b)
                case ">": return .bool(a > b)
                case "<=": return .bool(a <= b)
                case ">=": return .bool(a >= b)
                default: break
                }
            }
            if op == "*", case let (.string(s), .int(n)) = (l, r) { return .string(String(repeating: s, count: max(0, n))) }
            guard let a = number(l), let b = number(r) else { throw ChatTemplateError("cannot apply \(op) to \(kind(l)) and \(kind(r))") }
            switch op {
            case "-": return .double(a - b)
            case "*": return .double(a * b)
            case "/": return .double(a / b)
            case "<": return .bool(a < b)
            case ">": return .bool(a > b)
            case "<=": return .bool(a <= b)
            default: return .bool(a >= b)
            }
        default: throw ChatTemplateError("operator \(op) is not supported")
        }
    }

    private func number(_ v: JinjaValue) -> Double? {
        switch v {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    private func kind(_ v: JinjaValue) -> String {
        switch v {
        case .undefined: return "undefined"
        case .none: return "None"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float"
        case .string: return "str"
        case .list: return "list"
        case .dict: return "dict"
        case .namespace: return "namespace"
        }
    }

    private func test(_ name: String, _ v: JinjaValue, _ args: [JinjaValue]) throws(ChatTemplateError) -> Bool {
        switch name {
        case "defined": return v != .undefined
        case "undefined": return v == .undefined
        case "none": return v == .none
        case "string": if case .string = v { return true } else { return false }
        case "mapping": if case .dict = v { return true } else { return false }
        case "sequence", "iterable":
            switch v { case .list, .string, .dict: return true; default: return false }
        case "number": switch v { case .int, .double: return true; default: return false }
        case "integer": if case .int = v { return true } else { return false }
        case "boolean": if case .bool = v { return true } else { return false }
        case "true": return v == .bool(true)
        case "false": return v == .bool(false)
        case "equalto", "eq", "sameas": return v == (args.first ?? .undefined)
        case "ne": return v != (args.first ?? .undefined)
        case "odd": if case .int(let i) = v { return i % 2 != 0 } else { return false }
        case "even": if case .int(let i) = v { return i % 2 == 0 } else { return false }
        case "in": return try binaryIn(v, args.first ?? .undefined)
        default: throw ChatTemplateError("test '\(name)' is not supported")
        }
    }

    private func binaryIn(_ l: JinjaValue, _ r: JinjaValue) throws(ChatTemplateError) -> Bool {
        switch r {
        case .list(let items): return items.contains(l)
        case .string(let s): return s.contains(l.printed)
        case .dict(let d): return d.contains { $0.0 == l.printed }
        default: return false
        }
    }

    private mutating func filter(_ name: String, _ v: JinjaValue, _ args: [JinjaValue], _ named: [String: JinjaValue]) throws(ChatTemplateError) -> JinjaValue {
        switch name {
        case "tojson":
            var indent: Int?
            if case .int(let i)? = named["indent"] ?? args.first { indent = i }
            return .string(PythonJSON.dumps(v, indent: indent))
        case "trim": return .string(v.printed.trimmingCharacters(in: .whitespacesAndNewlines))
        case "length", "count":
            switch v {
            case .list(let l): return .int(l.count)
            case .string(let s): return .int(s.count)
            case .dict(let d): return .int(d.count)
            default: return .int(0)
            }
        case "string": return .string(v.printed)
        case "upper": return .string(v.printed.uppercased())
        case "lower": return .string(v.printed.lowercased())
        case "capitalize": let s = v.printed; return .string(s.prefix(1).uppercased() + s.dropFirst().lowercased())
        case "safe", "e", "escape": return v
        case "first": return (try iterate(v)).first ?? .undefined
        case "last": return (try iterate(v)).last ?? .undefined
        case "list": return .list(try iterate(v))
        case "reverse": return .list((try iterate(v)).reversed())
        case "join":
            let sep = args.first?.printed ?? named["d"]?.printed ?? ""
            return .string((try iterate(v)).map(\.printed).joined(separator: sep))
        case "default", "d":
            let fallback = args.first ?? .string("")
            let boolean = (args.count > 1 ? args[1] : named["boolean"] ?? .bool(false)).truthy
            return v == .undefined || (boolean && !v.truthy) ? fallback : v
        case "items":
            guard case .dict(let d) = v else { return .list([]) }
            return .list(d.map { .list([.string($0.0), $0.1]) })
        case "dictsort":
            // Jinja's dictsort: (key, value) pairs by key, case-insensitive unless case_sensitive=true.
            guard case .dict(let d) = v else { throw ChatTemplateError("dictsort needs a mapping") }
            let caseSensitive = (named["case_sensitive"] ?? args.first)?.truthy ?? false
            let byValue = (named["by"] ?? (args.count > 1 ? args[1] : nil))?.printed == "value"
            let reverse = (named["reverse"] ?? (args.count > 2 ? args[2] : nil))?.truthy ?? false
            func key(_ p: (String, JinjaValue)) -> String {
                let k = byValue ? p.1.printed : p.0
                return caseSensitive ? k : k.lowercased()
            }
            var sorted = d.enumerated().sorted { a, b in
                let (ka, kb) = (key(a.element), key(b.element))
                return ka != kb ? Array(ka.unicodeScalars.map(\.value)).lexicographicallyPrecedes(kb.unicodeScalars.map(\.value)) : a.offset < b.offset
            }.map(\.element)
            if reverse { sorted.reverse() }
            return .list(sorted.map { .list([.string($0.0), $0.1]) })
        case "replace":
            guard args.count >= 2 else { return v }
            return .string(v.printed.replacingOccurrences(of: args[0].printed, with: args[1].printed))
        case "int": return .int(Int(v.printed) ?? Int(number(v) ?? 0))
        case "map":
            let items = try iterate(v)
            if let attribute = named["attribute"]?.printed { return .list(items.map { $0.member(attribute) }) }
            if let f = args.first?.printed {
                var out: [JinjaValue] = []
                for i in items { out.append(try filter(f, i, Array(args.dropFirst()), [:])) }
                return .list(out)
            }
            return .list(items)
        case "selectattr", "rejectattr":
            let items = try iterate(v)
            guard let attribute = args.first?.printed else { return .list(items) }
            var out: [JinjaValue] = []
            for item in items {
                let value = item.member(attribute)
                let ok = args.count > 1 ? try test(args[1].printed, value, Array(args.dropFirst(2))) : value.truthy
                if ok == (name == "selectattr") { out.append(item) }
            }
            return .list(out)
        case "select", "reject":
            let items = try iterate(v)
            var out: [JinjaValue] = []
            for item in items {
                let ok = args.isEmpty ? item.truthy : try test(args[0].printed, item, Array(args.dropFirst()))
                if ok == (name == "select") { out.append(item) }
            }
            return .list(out)
        default: throw ChatTemplateError("filter '\(name)' is not supported")
        }
    }

    private mutating func call(_ callee: JinjaExpr, _ args: [JinjaValue], _ named: [(String, JinjaValue)]) throws(ChatTemplateError) -> JinjaValue {
        if case .attribute(let base, let method) = callee {
            let v = try eval(base)
            return try self.method(v, method, args)
        }
        guard case .name(let name) = callee else { throw ChatTemplateError("only functions and methods can be called") }
        switch name {
        case "raise_exception": throw ChatTemplateError("the template refused the example: \(args.first?.printed ?? "")")
        case "namespace":
            let ns = JinjaNamespace()
            for (k, v) in named { ns.values[k] = v }
            return .namespace(ns)
        case "range":
            let ints = args.compactMap { if case .int(let i) = $0 { return i } else { return nil } }
            // Python's range(stop), range(start, stop) and range(start, stop, step), a negative step included.
            let (start, end) = ints.count >= 2 ? (ints[0], ints[1]) : (0, ints.first ?? 0)
            let step = ints.count >= 3 ? ints[2] : 1
            guard step != 0 else { throw ChatTemplateError("range() step must not be zero") }
            return .list(Array(stride(from: start, to: end, by: step)).map(JinjaValue.int))
        case "strftime_now":
            return .string(JinjaRenderer.strftime(args.first?.printed ?? "%Y-%m-%d", date))
        default:
            guard let m = macros[name] else { throw ChatTemplateError("function '\(name)' is not supported") }
            var scope: [String: JinjaValue] = [:]
            for (k, p) in m.parameters.enumerated() {
                if k < args.count { scope[p.0] = args[k] } else if let v = named.first(where: { $0.0 == p.0 })?.1 { scope[p.0] = v } else if let d = p.1 { scope[p.0] = try eval(d) } else { scope[p.0] = .undefined }
            }
            let saved = output
            output = ""
            scopes.append(scope)
            try run(m.body)
            scopes.removeLast()
            let produced = output
            output = saved
            return .string(produced)
        }
    }

    private func method(_ v: JinjaValue, _ name: String, _ args: [JinjaValue]) throws(ChatTemplateError) -> JinjaValue {
        switch (v, name) {
        case (.string(let s), "strip"): return .string(args.isEmpty ? s.trimmingCharacters(in: .whitespacesAndNewlines) : s.trimmingCharacters(in: CharacterSet(charactersIn: args[0].printed)))
        case (.string(let s), "lstrip"): return .string(String(s.drop { args.isEmpty ? $0.isWhitespace : args[0].printed.contains($0) }))
        case (.string(let s), "rstrip"):
            var t = Substring(s)
            while let last = t.last, args.isEmpty ? last.isWhitespace : args[0].printed.contains(last) { t = t.dropLast() }
            return .string(String(t))
        case (.string(let s), "split"):
            if let sep = args.first?.printed, !sep.isEmpty { return .list(s.components(separatedBy: sep).map(JinjaValue.string)) }
            return .list(s.split(whereSeparator: \.isWhitespace).map { .string(String($0)) })
        case (.string(let s), "startswith"): return .bool(s.hasPrefix(args.first?.printed ?? ""))
        case (.string(let s), "endswith"): return .bool(s.hasSuffix(args.first?.printed ?? ""))
        case (.string(let s), "replace"): return .string(args.count >= 2 ? s.replacingOccurrences(of: args[0].printed, with: args[1].printed) : s)
        case (.string(let s), "upper"): return .string(s.uppercased())
        case (.string(let s), "lower"): return .string(s.lowercased())
        case (.string(let s), "title"): return .string(s.capitalized)
        case (.dict(let d), "items"): return .list(d.map { .list([.string($0.0), $0.1]) })
        case (.dict(let d), "keys"): return .list(d.map { .string($0.0) })
        case (.dict(let d), "values"): return .list(d.map { $0.1 })
        case (.dict, "get"):
            let value = v.member(args.first?.printed ?? "")
            return value == .undefined ? (args.count > 1 ? args[1] : .none) : value
        default: throw ChatTemplateError("method '\(name)' on \(kind(v)) is not supported")
        }
    }

    /// The `strftime` formats templates use (`%d %b %Y`, `%Y-%m-%d`, `%B`), in UTC.
    static func strftime(_ format: String, _ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        func two(_ n: Int?) -> String { let v = n ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        var out = ""
        var it = format.makeIterator()
        while let ch = it.next() {
            guard ch == "%", let f = it.next() else { out.append(ch); continue }
            switch f {
            case "d": out += two(c.day)
            case "m": out += two(c.month)
            case "Y": out += String(c.year ?? 0)
            case "y": out += two((c.year ?? 0) % 100)
            case "b": out += String(months[(c.month ?? 1) - 1].prefix(3))
            case "B": out += months[(c.month ?? 1) - 1]
            case "H": out += two(c.hour)
            case "M": out += two(c.minute)
            case "S": out += two(c.second)
            case "%": out += "%"
            default: out += "%" + String(f)
            }
        }
        return out
    }
}
