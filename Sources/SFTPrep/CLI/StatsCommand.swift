/// `sftprep stats`: token statistics, limits and the training-cost estimate.
public enum StatsCommand: Command {
    public static let spec = CommandSpec(
        name: "stats",
        abstract: "Token statistics, examples over the limit, epochs and training cost for a dataset.",
        discussion: "Counts every example exactly (o200k_base or cl100k_base, as the model uses), then reports examples, messages per example, tokens per example (min, mean, p50, p90, p95, max, total), trained-on tokens, a histogram of example lengths, examples over the model's limit with their line, and OpenAI's billing: epochs (3; more for small sets, fewer for large ones, or --epochs), billing tokens = Σ min(tokens, limit) × epochs, cost = billing tokens × price. Prices come from the built-in registry with the date they were seen; override with --price or --models FILE.",
        arguments: [("<paths…>", "Files to read (any supported input); '-' or nothing reads standard input.")],
        options: [
            OptionSpec("--model", value: "ID", help: "Model for limits and price (default: gpt-4o-mini)."),
            OptionSpec("--models", value: "FILE", help: "Extra or overriding models, in the shape of the built-in models.json."),
            OptionSpec("--price", value: "USD", help: "Training price per 1M tokens, instead of the registry's."),
            OptionSpec("--max-tokens", value: "N", help: "Maximum tokens per example, instead of the registry's."),
            OptionSpec("--epochs", value: "N", help: "Epochs to bill, instead of OpenAI's default rule."),
            OptionSpec("--json", help: "Print the statistics as JSON."),
        ],
        examples: [
            ("sftprep stats out/train.jsonl", "Statistics and cost for gpt-4o-mini."),
            ("sftprep stats out/train.jsonl --model gpt-4.1 --epochs 2", "Cost of two epochs on GPT-4.1."),
        ]
    )

    public static func execute(_ p: ParsedArguments, context: CommandContext) throws -> Int32 {
        let registry = try ModelRegistry.load(p.value("--models"))
        let id = p.value("--model") ?? "gpt-4o-mini"
        var model = try registry.require(id)
        if let v = p.value("--price") {
            guard let price = Double(v), price >= 0 else { throw SFTPrepError.usage("--price must be a number of USD per 1M tokens, got '\(v)'") }
            model.trainingUSDPer1M = price
            model.seen = "given with --price"
        }
        if let n = try StageOptions.positiveInt(p, "--max-tokens") { model.maxExampleTokens = n }
        let epochs = try StageOptions.positiveInt(p, "--epochs")
        // Read the dataset once; count with each encoding the registry needs.
        var conversations: [Conversation] = []
        let ingestor = Ingestor()
        var unreadable = 0
        var skipped = 0
        let paths = try ingestor.expand(p.positionals.isEmpty ? ["-"] : p.positionals)
        for path in paths {
            let report = try ingestor.ingest(path: path) { item in
                switch item {
                case .conversation(let c): conversations.append(c)
                case .reject(let r):
                    unreadable += 1
                    if unreadable <= 20 { context.warn("rejected: \(r.diagnostic)") }
                }
            }
            if let reason = report.skippedReason {
                skipped += 1
                context.warn("skipped \(path): \(reason)")
            }
        }
        if skipped == paths.count {
            context.warn("error: no input could be read (see the reasons above)")
            return 1
        }
        var byEncoding: [BPETokenizer.Encoding: DatasetStatistics] = [:]
        for enc in Set(registry.models.map(\.encoding) + [model.encoding]) {
            let counter = ChatTokenCounter(tokenizer: BPETokenizer.shared(enc), accounting: registry.accounting)
            let counts = ParallelMap.map(conversations.count) { counter.count(conversations[$0]) }
            byEncoding[enc] = DatasetStatistics(examples: conversations.count, messages: conversations.reduce(0) { $0 + $1.messages.count },
                                                tokens: counts.map(\.total), trainedTokens: counts.reduce(0) { $0 + $1.trained },
                                                locations: conversations.map(\.metadata.location))
        }
        let s = byEncoding[model.encoding]!
        if p.flag("--json") {
            var o = s.json(model: model, rule: registry.epochRule, epochs: epochs).objectValue!
            o["unreadable"] = .number(String(unreadable))
            o["comparison"] = .array(registry.models.map { m in
                let c = byEncoding[m.encoding]!.cost(m, rule: registry.epochRule, epochs: epochs)
                return .object(JSONObject([JSONMember("model", .string(m.id)), JSONMember("encoding", .string(m.encoding.rawValue)),
                                           JSONMember("max_example_tokens", .number(String(m.maxExampleTokens))), JSONMember("over_limit", .number(String(c.overLimit))),
                                           JSONMember("epochs", .number(String(c.epochs))), JSONMember("billing_tokens", .number(String(c.billingTokens))),
                                           JSONMember("estimated_cost_usd", .number(String((c.usd * 100).rounded() / 100))), JSONMember("price_seen", .string(m.seen))]))
            })
            var w = JSONWriter()
            w.pretty(.object(o))
            w.byte(0x0A)
            try context.stdout.write(w.bytes)
            return 0
        }
        try context.stdout.write(text(s, model: model, registry: registry, byEncoding: byEncoding, epochs: epochs))
        return 0
    }

    static func text(_ s: DatasetStatistics, model: FineTuneModel, registry: ModelRegistry, byEncoding: [BPETokenizer.Encoding: DatasetStatistics], epochs: Int?) -> String {
        let g = NumberFormatting.grouped
        func row(_ label: String, _ value: String) -> String { "  " + label.padding(toLength: 20, withPad: " ", startingAt: 0) + value + "\n" }
        let c = s.cost(model, rule: registry.epochRule, epochs: epochs)
        var out = "Dataset (\(model.encoding.rawValue), exact)\n"
        out += row("examples", g(s.examples))
        let perExample = s.examples > 0 ? Double(s.messages) / Double(s.examples) : 0
        out += row("messages/example", "mean \(NumberFormatting.oneDecimal(perExample))")
        out += row("tokens/example", "min \(g(s.tokens.min() ?? 0)), mean \(NumberFormatting.oneDecimal(s.mean)), p50 \(g(s.percentile(50))), p90 \(g(s.percentile(90))), p95 \(g(s.percentile(95))), max \(g(s.tokens.max() ?? 0))")
        out += row("tokens total", "\(g(s.total)) (trained on: \(g(s.trainedTokens)))")
        out += "\nExample lengths (tokens)\n" + s.histogramText(limit: model.maxExampleTokens)
        let over = s.overLimit(model.maxExampleTokens)
        out += "\n" + row("over the limit", "\(g(over.count)) (\(model.id): \(g(model.maxExampleTokens)) tokens; the end of each would be cut off)")
        for o in over.prefix(10) { out += "    \(o.location): \(g(o.tokens)) tokens\n" }
        out += row("epochs", "\(c.epochs)" + (epochs == nil ? " (default rule for \(g(s.examples)) examples)" : " (--epochs)"))
        out += row("billing tokens", g(c.billingTokens))
        out += row("estimated cost", "\(NumberFormatting.usd(c.usd)) at \(NumberFormatting.usd(model.trainingUSDPer1M)) per 1M training tokens (\(model.id), price seen \(model.seen))")
        out += "\nAll models\n"
        out += "  " + "model".padding(toLength: 26, withPad: " ", startingAt: 0) + "encoding      limit    over  epochs  billing tokens        cost\n"
        for m in registry.models {
            let mc = byEncoding[m.encoding]!.cost(m, rule: registry.epochRule, epochs: epochs)
            func right(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
            out += "  " + m.id.padding(toLength: 26, withPad: " ", startingAt: 0) + m.encoding.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
                + right(g(m.maxExampleTokens), 7) + right(g(mc.overLimit), 8) + right(String(mc.epochs), 8) + right(g(mc.billingTokens), 16) + right(NumberFormatting.usd(mc.usd), 12) + "\n"
        }
        out += "\nPrices as published and seen on the dates in the registry; OpenAI is winding down self-serve fine-tuning (2026-05-07). Override with --price or --models.\n"
        return out
    }
}
