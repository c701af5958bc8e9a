/// Options of the clean and dedup stages, shared by their filter commands and `run`.
enum StageOptions {
    /// The built-in tokenizers' names, for help texts.
    static var builtInTokenizers: String { HFTokenizer.builtIn.keys.sorted().joined(separator: ", ") }

    /// What `--tokenizer` takes, said once for every command's help.
    static var tokenizerKinds: String {
        "a tokenizer.json (byte-level BPE: Llama 3, Qwen, DeepSeek; SentencePiece-style: Mistral v1–v3, Phi-3, Gemma), a folder holding one with its tokenizer_config.json, a Mistral tekken file (chats encoded as mistral-common does), or a built-in name: \(StageOptions.builtInTokenizers); default: the tokenizer the --model registry entry names"
    }

    /// The model's own tokenizer: `--tokenizer`, else the one the `--model` registry entry names.
    static func tokenizerSpec(_ p: ParsedArguments, model: FineTuneModel?) -> String? {
        p.value("--tokenizer") ?? model?.tokenizer
    }

    static let clean: [OptionSpec] = [
        OptionSpec("--skip", value: "REPAIRS", help: "Comma-separated text repairs to turn off: \(TextRepair.allCases.map(\.rawValue).joined(separator: ", ")); 'email' turns off the five e-mail repairs.", repeatable: true),
        OptionSpec("--no-merge", help: "Keep consecutive messages of the same role apart instead of merging them."),
        OptionSpec("--trailing-user", value: "MODE", help: "A final user turn with no answer: trim it (default), drop the conversation, or keep it."),
        OptionSpec("--mid-system", value: "MODE", help: "A system message after the start: drop the conversation (default) or keep it."),
        OptionSpec("--min-assistant-chars", value: "N", help: "Drop conversations whose assistant text is shorter than N characters (default: off)."),
        OptionSpec("--max-chars", value: "N", help: "Drop conversations longer than N characters in all (default: off)."),
        OptionSpec("--max-messages", value: "N", help: "Drop conversations with more than N messages (default: off)."),
        OptionSpec("--system", value: "TEXT", help: "Add this system prompt to conversations that have none."),
        OptionSpec("--replace-system", help: "With --system, also replace existing system prompts."),
    ]

    /// The trainer's maximum length, for `run` and `clean`.
    static let fit: [OptionSpec] = [
        OptionSpec("--max-tokens", value: "N", help: "The trainer's maximum length in tokens of --model's tokenizer (chat accounting included); longer examples are handled as --fit says (default: no limit)."),
        OptionSpec("--fit", value: "MODE", help: "With --max-tokens: drop (default) puts a longer example in the rejects (too_long); trim-oldest removes whole exchanges from the start, after the system prompt, until it fits, never cutting a message or removing the last answer."),
    ]

    /// `--tokenizer` for fitting: the open model's own count.
    static let ownTokenizer: [OptionSpec] = [
        OptionSpec("--tokenizer", value: "PATH", help: "With --max-tokens: count with a model's own tokenizer and chat template instead of --model's encoding: \(StageOptions.tokenizerKinds)."),
        OptionSpec("--chat-template", value: "FILE", help: "With --tokenizer: the Jinja chat template to use instead of the one beside the tokenizer."),
        OptionSpec("--date", value: "YYYY-MM-DD", help: "With --tokenizer: the date templates print with strftime_now (default: today)."),
    ]

    static func fitOptions(_ p: ParsedArguments) throws(SFTPrepError) -> (maxTokens: Int, mode: FitStage.Mode)? {
        let mode = try p.value("--fit").map { v throws(SFTPrepError) -> FitStage.Mode in
            guard let m = FitStage.Mode(rawValue: v) else { throw SFTPrepError.usage("--fit takes drop or trim-oldest, got '\(v)'") }
            return m
        }
        guard let n = try positiveInt(p, "--max-tokens") else {
            if mode != nil { throw SFTPrepError.usage("--fit needs --max-tokens N (the trainer's maximum length)") }
            return nil
        }
        guard n >= 1 else { throw SFTPrepError.usage("--max-tokens must be at least 1") }
        return (n, mode ?? .drop)
    }

    static let dedup: [OptionSpec] = [
        OptionSpec("--exact", help: "Remove exact copies only (no near-duplicate detection)."),
        OptionSpec("--scope", value: "SCOPE", help: "What must match: the whole conversation (default), the prompt (system and user turns) or the response (assistant turns)."),
        OptionSpec("--ignore-digits", help: "Near-duplicate detection reads every digit as 0, as web-text pipelines do (then \"3 times 4 is 12\" and \"7 times 8 is 56\" are near-duplicates). Default: numbers count, so examples that differ in their numbers are kept."),
        OptionSpec("--threshold", value: "J", help: "Near-duplicate threshold: estimated Jaccard similarity of word n-grams, 0.5 to 1 (default: 0.8)."),
        OptionSpec("--ngram", value: "N", help: "Words per shingle (default: 3; Chinese, Japanese and Thai count characters)."),
        OptionSpec("--permutations", value: "K", help: "MinHash permutations (default: 128); LSH bands × rows are chosen for the threshold."),
        OptionSpec("--index-memory", value: "SIZE", help: "Memory for what dedup remembers of kept conversations (about 600 bytes each); past it the rest moves to a temporary file in $TMPDIR and the decisions stay the same (default: 128MB for dedup, 1GB for run)."),
    ]

    static let split: [OptionSpec] = [
        OptionSpec("--validation", value: "F|N", help: "Validation size: a fraction (0.1, the default) or an exact count (500)."),
        OptionSpec("--stratify-by", value: "KEY", help: "Metadata key whose values each keep their share in validation (category, intent, source…; run's default: source, the input file)."),
        OptionSpec("--group-by", value: "KEY", help: "Metadata key whose records always land on the same side (customer_id, thread, chat…), so validation shares nothing with training."),
        OptionSpec("--balance", value: "MODE", help: "none (default), equal (downsample every stratum to the smallest) or cap:N (at most N per stratum); the records kept are chosen by the seed."),
        OptionSpec("--seed", value: "N", help: "Seed for choices and order: the same input and seed give byte-identical files (default: 0)."),
        OptionSpec("--keep-order", help: "Keep input order inside train and validation instead of a seeded shuffle."),
    ]

    static func splitOptions(_ p: ParsedArguments, defaultStratum: String?) throws(SFTPrepError) -> SplitOptions {
        var o = SplitOptions()
        o.stratifyBy = p.value("--stratify-by") ?? defaultStratum
        if o.stratifyBy == "none" { o.stratifyBy = nil }
        o.groupBy = p.value("--group-by")
        if let v = p.value("--validation") {
            guard let size = SplitOptions.size(v) else { throw SFTPrepError.usage("--validation takes a fraction below 1 (0.1) or a count (500), got '\(v)'") }
            o.validation = size
        }
        if let v = p.value("--balance") {
            guard let b = SplitOptions.balance(v) else { throw SFTPrepError.usage("--balance takes none, equal or cap:N, got '\(v)'") }
            o.balance = b
        }
        if let v = p.value("--seed") {
            guard let seed = UInt64(v) else { throw SFTPrepError.usage("--seed must be a non-negative integer, got '\(v)'") }
            o.seed = seed
        }
        o.keepOrder = p.flag("--keep-order")
        return o
    }

    static let redact: [OptionSpec] = [
        OptionSpec("--mode", value: "MODE", help: "placeholder ([EMAIL], the default), numbered ([EMAIL_1], consistent within a conversation), mask (****-****-****-1234) or hash (salted stable pseudonyms)."),
        OptionSpec("--salt", value: "TEXT", help: "Salt for --mode hash (default: none; set one to keep pseudonyms unguessable)."),
        OptionSpec("--types", value: "TYPES", help: "Comma-separated types to redact (default: all): \(PIIType.allCases.map(\.rawValue).joined(separator: ", "))."),
        OptionSpec("--pattern", value: "LABEL=REGEX", help: "Also redact matches of this regular expression as [LABEL] (repeatable), e.g. ORDER_ID=A-[0-9]{5}.", repeatable: true),
        OptionSpec("--words", value: "FILE", help: "Also redact these words and phrases (one per line, case-insensitive, whole words) as [CUSTOM]."),
    ]

    static func redactor(_ p: ParsedArguments) throws(SFTPrepError) -> Redactor {
        var types = Set(PIIType.allCases)
        if let list = p.value("--types") {
            types = []
            for name in list.split(separator: ",").map({ String($0).trimmingASCIIWhitespace().uppercased() }) where !name.isEmpty {
                guard let t = PIIType(named: name) else {
                    throw SFTPrepError.usage("unknown type '\(name)' for --types; expected: \(PIIType.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                types.insert(t)
            }
        }
        let mode: RedactionMode
        switch p.value("--mode") ?? "placeholder" {
        case "placeholder": mode = .placeholder
        case "numbered": mode = .numbered
        case "mask": mode = .mask
        case "hash": mode = .hash(salt: p.value("--salt") ?? "")
        case let other: throw SFTPrepError.usage("--mode takes placeholder, numbered, mask or hash, got '\(other)'")
        }
        var terms = CustomTerms()
        for spec in p.all("--pattern") { try terms.addPattern(spec) }
        if let path = p.value("--words") {
            let text = String(decoding: try InputFile(path: path).readAll(), as: UTF8.self)
            terms.words = text.split(whereSeparator: \.isNewline).map { String($0).trimmingASCIIWhitespace() }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
        return Redactor(scanner: PIIScanner(types: types), mode: mode, terms: terms)
    }

    static func positiveInt(_ p: ParsedArguments, _ name: String) throws(SFTPrepError) -> Int? {
        guard let v = p.value(name) else { return nil }
        guard let n = Int(v), n >= 0 else { throw SFTPrepError.usage("\(name) needs a whole number, got '\(v)'") }
        return n
    }

    static func cleanOptions(_ p: ParsedArguments) throws(SFTPrepError) -> CleanOptions {
        var o = CleanOptions()
        for list in p.all("--skip") {
            for name in list.split(separator: ",").map({ String($0).trimmingASCIIWhitespace() }) where !name.isEmpty {
                if name == "email" {
                    for r in TextRepair.email { o.repairs.remove(r) }
                    continue
                }
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

    /// - Parameter indexMemory: the default of `--index-memory` (the filter's is smaller than run's).
    static func dedupOptions(_ p: ParsedArguments, indexMemory: Int) throws(SFTPrepError) -> DedupOptions {
        var o = DedupOptions()
        o.indexMemory = indexMemory
        if let v = p.value("--index-memory") {
            guard let size = ByteSize.parse(v), size >= 1_000_000 else { throw SFTPrepError.usage("--index-memory takes a size of at least 1MB (256MB, 2GB), got '\(v)'") }
            o.indexMemory = size
        }
        o.near = !p.flag("--exact")
        o.ignoreDigits = p.flag("--ignore-digits")
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
