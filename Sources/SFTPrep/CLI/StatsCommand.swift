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
            OptionSpec("--target", value: "NAME", help: "Add the target's own cost accounting: together (processed tokens × size-bracket price), mistral (mistral-finetune's training-time estimate), others (tokens; price with --price)."),
            OptionSpec("--validation", value: "FILE", help: "together: the validation set, whose tokens count once per evaluation."),
            OptionSpec("--evals", value: "N", help: "together: evaluations over the validation set (default: 0)."),
            OptionSpec("--model-size", value: "B", help: "together: model size in billions of parameters, for the price bracket (default: 8)."),
            OptionSpec("--full", help: "together: full fine-tuning prices instead of LoRA."),
            OptionSpec("--json", help: "Print the statistics as JSON."),
            OptionSpec("--tokenizer", value: "PATH", help: "Count with a model's own tokenizer and chat template instead: \(StageOptions.tokenizerKinds). --max-tokens is then the trainer's maximum length and --price its price per 1M tokens."),
            OptionSpec("--chat-template", value: "FILE", help: "With --tokenizer: the Jinja chat template to use instead of the one beside the tokenizer."),
            OptionSpec("--date", value: "YYYY-MM-DD", help: "With --tokenizer: the date templates print with strftime_now (default: today)."),
        ],
        examples: [
            ("sftprep stats out/train.jsonl", "Statistics and cost for gpt-4o-mini."),
            ("sftprep stats out/train.jsonl --model gpt-4.1 --epochs 2", "Cost of two epochs on GPT-4.1."),
            ("sftprep stats out/train.jsonl --target together --model-size 70 --validation out/validation.jsonl --evals 4", "Together's cost for a 70B model."),
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
        let target = try p.value("--target").map { t throws(SFTPrepError) in try TargetProfile.named(t) }
        // Read the dataset once; count with each encoding the registry needs.
        var unreadable = 0
        guard let conversations = try read(p.positionals.isEmpty ? ["-"] : p.positionals, unreadable: &unreadable, context: context) else {
            context.warn("error: no input could be read (see the reasons above)")
            return 1
        }
        if conversations.isEmpty {
            context.warn("error: no conversation could be read" + (unreadable > 0 ? " (\(NumberFormatting.grouped(unreadable)) unreadable records; see above)" : ""))
            return 1
        }
        if let spec = StageOptions.tokenizerSpec(p, model: p.value("--model") == nil ? nil : model) {
            // A registry entry that names its tokenizer brings its maximum length and price.
            let fromModel = p.value("--tokenizer") == nil ? model : nil
            return try ownTokenizer(spec, conversations, p, context: context, unreadable: unreadable, epochs: epochs, target: target, model: fromModel)
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
        var targetLines: [TargetCost.Line]?
        if let target {
            var x = TargetCost.Inputs(trainTokens: s.total)
            x.epochs = epochs
            x.price = p.value("--price").flatMap(Double.init)
            if let v = p.value("--model-size") {
                guard let b = Double(v), b > 0 else { throw SFTPrepError.usage("--model-size must be a number of billions of parameters, got '\(v)'") }
                x.modelSizeB = b
            }
            x.fullFineTuning = p.flag("--full")
            x.evaluations = try StageOptions.positiveInt(p, "--evals") ?? 0
            if let path = p.value("--validation") {
                var bad = 0
                let validation = try read([path], unreadable: &bad, context: context) ?? []
                let counter = ChatTokenCounter(tokenizer: BPETokenizer.shared(model.encoding), accounting: registry.accounting)
                x.validationTokens = ParallelMap.map(validation.count) { counter.count(validation[$0]).total }.reduce(0, +)
            }
            targetLines = TargetCost.estimate(target, x)
        }
        if p.flag("--json") {
            var o = s.json(model: model, rule: registry.epochRule, epochs: epochs).objectValue!
            if let target, let lines = targetLines {
                var t = JSONObject([JSONMember("target", .string(target.name))])
                for l in lines { t[l.key] = l.value }
                o["target_cost"] = .object(t)
            }
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
        var out = text(s, model: model, registry: registry, byEncoding: byEncoding, epochs: epochs)
        if let target, let lines = targetLines {
            out += "\nCost on \(target.name)\n" + lines.map { "  \($0.text)\n" }.joined()
        }
        try context.stdout.write(out)
        return 0
    }

    /// The conversations of `paths`, or nil when none could be read; unreadable records are counted and the first shown.
    static func read(_ paths: [String], unreadable: inout Int, context: CommandContext) throws -> [Conversation]? {
        var conversations: [Conversation] = []
        var input = try InputLoop(Ingestor(), paths: paths, context: context)
        try input.run(conversation: { conversations.append($0) })
        unreadable += input.unreadable.total
        return input.nothingRead ? nil : conversations
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

    /// Statistics in a model's own tokens: each example rendered with its chat template and tokenized.
    static func ownTokenizer(_ spec: String, _ conversations: [Conversation], _ p: ParsedArguments, context: CommandContext,
                             unreadable: Int, epochs: Int?, target: TargetProfile?, model: FineTuneModel? = nil) throws -> Int32 {
        let g = NumberFormatting.grouped
        let counter = try TokensCommand.templateCounter(spec, p)
        let results = ParallelMap.map(conversations.count) { i -> Int? in try? counter.count(conversations[i]) }
        var failed = 0
        var tokens: [Int] = [], locations: [String] = [], messages = 0
        for (c, r) in zip(conversations, results) {
            guard let n = r else {
                failed += 1
                if failed <= 20 {
                    let why: String
                    do { _ = try counter.render(c); why = "" } catch { why = error.description }
                    context.warn("\(c.metadata.location): \(counter.failureName) failed: \(why)")
                }
                continue
            }
            tokens.append(n)
            locations.append(c.metadata.location)
            messages += c.messages.count
        }
        let s = DatasetStatistics(examples: tokens.count, messages: messages, tokens: tokens, trainedTokens: 0, locations: locations)
        let maxTokens = try StageOptions.positiveInt(p, "--max-tokens") ?? model?.maxExampleTokens
        let price = p.value("--price").flatMap(Double.init) ?? model?.trainingUSDPer1M
        let epochCount = epochs ?? 1
        func row(_ label: String, _ value: String) -> String { "  " + label.padding(toLength: 20, withPad: " ", startingAt: 0) + value + "\n" }
        var out = "Dataset (\(counter.tokenizer.tokenizerName) tokenizer and \(counter.mistral == nil ? "chat template" : counter.formatName), exact)\n"
        out += row("examples", g(s.examples) + (failed > 0 ? " (\(g(failed)) \(counter.failureName) refused)" : ""))
        out += row("tokens/example", "min \(g(s.tokens.min() ?? 0)), mean \(NumberFormatting.oneDecimal(s.mean)), p50 \(g(s.percentile(50))), p90 \(g(s.percentile(90))), p95 \(g(s.percentile(95))), max \(g(s.tokens.max() ?? 0))")
        out += row("tokens total", g(s.total))
        out += "\nExample lengths (tokens)\n" + s.histogramText(limit: maxTokens)
        if let maxTokens {
            let over = s.overLimit(maxTokens)
            out += "\n" + row("over --max-tokens", "\(g(over.count)) (\(g(maxTokens)) tokens: a trainer cuts the end of each, or drops it)")
            for o in over.prefix(10) { out += "    \(o.location): \(g(o.tokens)) tokens\n" }
        }
        out += row("epochs", "\(epochCount)" + (epochs == nil ? " (give --epochs)" : ""))
        out += row("training tokens", g(s.total * epochCount))
        if let price { out += row("estimated cost", "\(NumberFormatting.usd(Double(s.total * epochCount) * price / 1_000_000)) at \(NumberFormatting.usd(price)) per 1M tokens") }
        if let target {
            var x = TargetCost.Inputs(trainTokens: s.total)
            x.epochs = epochs
            x.price = price
            out += "\nCost on \(target.name)\n" + (TargetCost.estimate(target, x) ?? []).map { "  \($0.text)\n" }.joined()
        }
        try context.stdout.write(out)
        return failed > 0 ? 1 : 0
    }
}
