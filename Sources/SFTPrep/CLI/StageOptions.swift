/// Options of the clean and dedup stages, shared by their filter commands and `run`.
enum StageOptions {
    static let clean: [OptionSpec] = [
        OptionSpec("--skip", value: "REPAIRS", help: "Comma-separated text repairs to turn off: \(TextRepair.allCases.map(\.rawValue).joined(separator: ", ")).", repeatable: true),
        OptionSpec("--no-merge", help: "Keep consecutive messages of the same role apart instead of merging them."),
        OptionSpec("--trailing-user", value: "MODE", help: "A final user turn with no answer: trim it (default), drop the conversation, or keep it."),
        OptionSpec("--mid-system", value: "MODE", help: "A system message after the start: drop the conversation (default) or keep it."),
        OptionSpec("--min-assistant-chars", value: "N", help: "Drop conversations whose assistant text is shorter than N characters (default: off)."),
        OptionSpec("--max-chars", value: "N", help: "Drop conversations longer than N characters in all (default: off)."),
        OptionSpec("--max-messages", value: "N", help: "Drop conversations with more than N messages (default: off)."),
        OptionSpec("--system", value: "TEXT", help: "Add this system prompt to conversations that have none."),
        OptionSpec("--replace-system", help: "With --system, also replace existing system prompts."),
    ]

    static let dedup: [OptionSpec] = [
        OptionSpec("--exact", help: "Remove exact copies only (no near-duplicate detection)."),
        OptionSpec("--scope", value: "SCOPE", help: "What must match: the whole conversation (default), the prompt (system and user turns) or the response (assistant turns)."),
        OptionSpec("--threshold", value: "J", help: "Near-duplicate threshold: estimated Jaccard similarity of word n-grams, 0.5 to 1 (default: 0.8)."),
        OptionSpec("--ngram", value: "N", help: "Words per shingle (default: 3; Chinese, Japanese and Thai count characters)."),
        OptionSpec("--permutations", value: "K", help: "MinHash permutations (default: 128); LSH bands × rows are chosen for the threshold."),
    ]

    static func positiveInt(_ p: ParsedArguments, _ name: String) throws(SFTPrepError) -> Int? {
        guard let v = p.value(name) else { return nil }
        guard let n = Int(v), n >= 0 else { throw SFTPrepError.usage("\(name) needs a whole number, got '\(v)'") }
        return n
    }

    static func cleanOptions(_ p: ParsedArguments) throws(SFTPrepError) -> CleanOptions {
        var o = CleanOptions()
        for list in p.all("--skip") {
            for name in list.split(separator: ",").map({ String($0).trimmingASCIIWhitespace() }) where !name.isEmpty {
                guard let r = TextRepair(rawValue: name) else {
                    var m = "unknown repair '\(name)' for --skip; expected: \(TextRepair.allCases.map(\.rawValue).joined(separator: ", "))"
                    if let s = Suggestion.closest(to: name, among: TextRepair.allCases.map(\.rawValue)) { m += ". Did you mean '\(s)'?" }
                    throw SFTPrepError.usage(m)
                }
                o.repairs.remove(r)
            }
        }
        o.mergeConsecutive = !p.flag("--no-merge")
        if let v = p.value("--trailing-user") {
            guard let m = CleanOptions.TrailingUser(rawValue: v) else { throw SFTPrepError.usage("--trailing-user takes trim, drop or keep, got '\(v)'") }
            o.trailingUser = m
        }
        if let v = p.value("--mid-system") {
            guard let m = CleanOptions.MidSystem(rawValue: v) else { throw SFTPrepError.usage("--mid-system takes drop or keep, got '\(v)'") }
            o.midSystem = m
        }
        o.minAssistantChars = try positiveInt(p, "--min-assistant-chars") ?? 0
        o.maxChars = try positiveInt(p, "--max-chars") ?? 0
        o.maxMessages = try positiveInt(p, "--max-messages") ?? 0
        o.systemPrompt = p.value("--system")
        o.replaceSystem = p.flag("--replace-system")
        if o.replaceSystem && o.systemPrompt == nil { throw SFTPrepError.usage("--replace-system needs --system TEXT") }
        return o
    }

    static func dedupOptions(_ p: ParsedArguments) throws(SFTPrepError) -> DedupOptions {
        var o = DedupOptions()
        o.near = !p.flag("--exact")
        if let v = p.value("--scope") {
            guard let s = DedupScope(rawValue: v) else { throw SFTPrepError.usage("--scope takes conversation, prompt or response, got '\(v)'") }
            o.scope = s
        }
        if let v = p.value("--threshold") {
            guard let t = Double(v), t >= 0.5, t <= 1 else { throw SFTPrepError.usage("--threshold must be a number from 0.5 to 1, got '\(v)'") }
            o.threshold = t
        }
        if let n = try positiveInt(p, "--ngram") {
            guard (1...10).contains(n) else { throw SFTPrepError.usage("--ngram must be from 1 to 10") }
            o.ngram = n
        }
        if let n = try positiveInt(p, "--permutations") {
            guard (16...1024).contains(n) else { throw SFTPrepError.usage("--permutations must be from 16 to 1024") }
            o.permutations = n
        }
        return o
    }
}
