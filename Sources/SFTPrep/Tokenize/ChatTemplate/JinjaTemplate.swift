import Foundation

/// A chat template (the Jinja a model's `tokenizer_config.json` or
/// `chat_template.jinja` holds), parsed once and rendered per example as
/// `transformers`' `apply_chat_template` renders it: `trim_blocks` and
/// `lstrip_blocks` on, `raise_exception`, `strftime_now` and `namespace` given.
/// The subset is what the templates of the common open models use; anything
/// else is an error naming it.
public struct JinjaTemplate: @unchecked Sendable {
    indirect enum Node {
        case text(String)
        case output(JinjaExpr)
        case conditional([(JinjaExpr, [Node])], [Node])
        case loop(targets: [String], iterable: JinjaExpr, filter: JinjaExpr?, body: [Node], otherwise: [Node])
        case set(name: String, attribute: String?, JinjaExpr)
        case macro(name: String, parameters: [(String, JinjaExpr?)], body: [Node])
        case group([Node])
    }

    let nodes: [Node]

    public init(_ source: String) throws(ChatTemplateError) {
        var pieces = try JinjaLexer.pieces(source)[...]
        nodes = try JinjaTemplate.parse(&pieces, until: [])
        if !pieces.isEmpty { throw ChatTemplateError("unexpected {% \(pieces.first!) %}") }
    }

    private static func statement(_ s: String) -> (keyword: String, rest: String) {
        let trimmed = s.trimmingCharacters(in: .whitespaces)
        let keyword = trimmed.prefix { $0.isLetter || $0 == "_" }
        return (String(keyword), String(trimmed.dropFirst(keyword.count)).trimmingCharacters(in: .whitespaces))
    }

    /// Nodes up to one of `until` (left in `pieces`).
    private static func parse(_ pieces: inout ArraySlice<JinjaLexer.Piece>, until: Set<String>) throws(ChatTemplateError) -> [Node] {
        var out: [Node] = []
        while let piece = pieces.first {
            switch piece {
            case .text(let t):
                pieces.removeFirst()
                out.append(.text(t))
            case .output(let e):
                pieces.removeFirst()
                var p = try JinjaExprParser(e)
                out.append(.output(try p.expression()))
            case .block(let b):
                let (keyword, rest) = statement(b)
                if until.contains(keyword) { return out }
                pieces.removeFirst()
                switch keyword {
                case "if":
                    var branches: [(JinjaExpr, [Node])] = []
                    var condition = try expr(rest)
                    var otherwise: [Node] = []
                    while true {
                        let body = try parse(&pieces, until: ["elif", "else", "endif"])
                        guard case .block(let end)? = pieces.first else { throw ChatTemplateError("{% if %} without {% endif %}") }
                        pieces.removeFirst()
                        branches.append((condition, body))
                        let (k, r) = statement(end)
                        if k == "elif" { condition = try expr(r); continue }
                        if k == "else" {
                            otherwise = try parse(&pieces, until: ["endif"])
                            guard case .block? = pieces.first else { throw ChatTemplateError("{% else %} without {% endif %}") }
                            pieces.removeFirst()
                        }
                        break
                    }
                    out.append(.conditional(branches, otherwise))
                case "for":
                    guard let inRange = rest.range(of: " in ") ?? (rest.hasSuffix(" in") ? rest.range(of: " in", options: .backwards) : nil) else {
                        throw ChatTemplateError("{% for \(rest) %}: expected 'in'")
                    }
                    guard !rest[inRange.upperBound...].trimmingCharacters(in: .whitespaces).isEmpty else {
                        throw ChatTemplateError("{% for \(rest) %}: nothing to loop over after 'in'")
                    }
                    let targets = rest[..<inRange.lowerBound].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    var source = String(rest[inRange.upperBound...])
                    var filter: JinjaExpr?
                    if let ifRange = source.range(of: " if ", options: .backwards) {
                        filter = try expr(String(source[ifRange.upperBound...]))
                        source = String(source[..<ifRange.lowerBound])
                    }
                    let body = try parse(&pieces, until: ["else", "endfor"])
                    var otherwise: [Node] = []
                    guard case .block(let end)? = pieces.first else { throw ChatTemplateError("{% for %} without {% endfor %}") }
                    pieces.removeFirst()
                    if statement(end).keyword == "else" {
                        otherwise = try parse(&pieces, until: ["endfor"])
                        pieces.removeFirst()
                    }
                    out.append(.loop(targets: targets, iterable: try expr(source), filter: filter, body: body, otherwise: otherwise))
                case "set":
                    guard let eq = rest.firstIndex(of: "=") else { throw ChatTemplateError("{% set \(rest) %}: block set is not supported") }
                    let target = rest[..<eq].trimmingCharacters(in: .whitespaces)
                    let parts = target.split(separator: ".").map(String.init)
                    out.append(.set(name: parts[0], attribute: parts.count > 1 ? parts[1] : nil, try expr(String(rest[rest.index(after: eq)...]))))
                case "macro":
                    var p = try JinjaExprParser(rest)
                    let name = try p.name()
                    try p.expect("(")
                    var parameters: [(String, JinjaExpr?)] = []
                    while !p.accept(")") {
                        let n = try p.name()
                        parameters.append((n, p.accept("=") ? try p.expression() : nil))
                        _ = p.accept(",")
                    }
                    let body = try parse(&pieces, until: ["endmacro"])
                    pieces.removeFirst()
                    out.append(.macro(name: name, parameters: parameters, body: body))
                case "generation":
                    let body = try parse(&pieces, until: ["endgeneration"])
                    pieces.removeFirst()
                    out.append(.group(body))
                default:
                    throw ChatTemplateError("{% \(keyword) %} is not supported")
                }
            }
        }
        if !until.isEmpty { throw ChatTemplateError("missing {% \(until.sorted().joined(separator: " or ")) %}") }
        return out
    }

    private static func expr(_ s: String) throws(ChatTemplateError) -> JinjaExpr {
        var p = try JinjaExprParser(s)
        let e = try p.expression()
        if p.peek != nil { throw ChatTemplateError("unexpected \(p.peek!) in '\(s)'") }
        return e
    }

    /// The template rendered with `variables` (`messages`, `tools`, `add_generation_prompt`, `bos_token`, …).
    func render(_ variables: [String: JinjaValue], date: Date = Date()) throws(ChatTemplateError) -> String {
        var r = JinjaRenderer(globals: variables, date: date)
        try r.run(nodes)
        return r.output
    }
}
