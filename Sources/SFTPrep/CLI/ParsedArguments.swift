/// A command line after parsing: positional arguments, option values and flags.
public struct ParsedArguments: Sendable, Equatable {
    public var positionals: [String] = []
    public var values: [String: [String]] = [:]
    public var flags: Set<String> = []
    /// The arguments as given (after the command name), for reports.
    public var arguments: [String] = []

    public func flag(_ name: String) -> Bool { flags.contains(name) }
    public func value(_ name: String) -> String? { values[name]?.last }
    public func all(_ name: String) -> [String] { values[name] ?? [] }

    /// Parses `args` (without the command name) against `spec`; unknown options get a "did you mean" hint.
    public static func parse(_ args: [String], spec: CommandSpec) throws(SFTPrepError) -> ParsedArguments {
        var parsed = ParsedArguments()
        parsed.arguments = args
        var i = 0
        var onlyPositionals = false
        while i < args.count {
            let arg = args[i]
            i += 1
            if onlyPositionals || arg == "-" || !arg.hasPrefix("-") {
                parsed.positionals.append(arg)
                continue
            }
            if arg == "--" { onlyPositionals = true; continue }
            var name = arg
            var inline: String?
            if let eq = arg.firstIndex(of: "="), arg.hasPrefix("--") {
                name = String(arg[..<eq])
                inline = String(arg[arg.index(after: eq)...])
            }
            guard let option = spec.options.first(where: { $0.name == name || $0.short == name }) else {
                throw SFTPrepError.usage(unknownOptionMessage(name, spec: spec))
            }
            if option.value == nil {
                if inline != nil { throw SFTPrepError.usage("\(option.name) takes no value") }
                parsed.flags.insert(option.name)
                continue
            }
            let value: String
            if let inline {
                value = inline
            } else {
                guard i < args.count else { throw SFTPrepError.usage("\(option.name) needs a value (\(option.value!))") }
                // `--max-tokens --fit drop` is a forgotten value, not the value "--fit" (a value may still start
                // with "-": `--seed -1`, `--system "- be brief"`).
                if spec.options.contains(where: { $0.name == args[i] || $0.short == args[i] }) {
                    throw SFTPrepError.usage("\(option.name) needs a value (\(option.value!)) before \(args[i])")
                }
                value = args[i]
                i += 1
            }
            if !option.repeatable, parsed.values[option.name] != nil {
                throw SFTPrepError.usage("\(option.name) was given more than once")
            }
            parsed.values[option.name, default: []].append(value)
        }
        return parsed
    }

    static func unknownOptionMessage(_ name: String, spec: CommandSpec) -> String {
        var message = "unknown option '\(name)' for '\(spec.name)'"
        if let close = Suggestion.closest(to: name, among: spec.options.map(\.name)) {
            message += ". Did you mean '\(close)'?"
        }
        return message + "\nSee 'sftprep \(spec.name) --help'."
    }
}

/// "Did you mean" suggestions by edit distance.
enum Suggestion {
    /// The candidate within edit distance 2 (or sharing a 3-letter prefix), nearest first.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(word, $0)) }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        if let best = scored.first, best.1 <= 2 { return best.0 }
        let stripped = word.drop { $0 == "-" }
        if stripped.count >= 3, let p = candidates.first(where: { $0.drop { $0 == "-" }.hasPrefix(stripped) }) { return p }
        return nil
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }
}
