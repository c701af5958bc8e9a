import Foundation

/// `sftprep tokens`: exact token counts (or ids) per record.
public enum TokensCommand: Command {
    public static let spec = CommandSpec(
        name: "tokens",
        abstract: "Count tokens exactly (or list token ids) per record, as OpenAI's tiktoken does.",
        discussion: "With --field F, reads JSON Lines and prints, per record, the token count (or with --ids the JSON array of token ids) of the string at F. Without --field, reads chat examples (any supported input) and prints each example's chat token count as fine-tuning services count it: 3 tokens per message plus its role and content (1 more and the name's tokens for a name), 3 to prime the reply, plus the tool definitions. Counting runs on all cores; output stays in input order.",
        arguments: [("<paths…>", "Files to read; '-' or nothing reads standard input.")],
        options: [
            OptionSpec("--encoding", value: "NAME", help: "o200k_base (GPT-4o, GPT-4.1; default) or cl100k_base (GPT-4, GPT-3.5)."),
            OptionSpec("--model", value: "ID", help: "Use this model's encoding (e.g. gpt-4o-mini, gpt-3.5-turbo)."),
            OptionSpec("--field", value: "F", help: "Count the string at this key of each JSON record (e.g. text)."),
            OptionSpec("--ids", help: "With --field, print the token ids instead of the count."),
            OptionSpec("--models", value: "FILE", help: "Extra or overriding models, in the shape of the built-in models.json."),
            OptionSpec("--tokenizer", value: "PATH", help: "A model's own tokenizer: \(StageOptions.tokenizerKinds). With --field, ids equal Hugging Face tokenizers' encode(text, add_special_tokens=False); without, each example is rendered with the model's chat template and counted, as apply_chat_template(messages, tools=tools, tokenize=True) counts it."),
            OptionSpec("--chat-template", value: "FILE", help: "With --tokenizer: the Jinja chat template to use instead of the one in tokenizer_config.json or chat_template.jinja beside the tokenizer."),
            OptionSpec("--render", help: "With --tokenizer and no --field: print each example as the chat template renders it (a JSON string per line), the text the trainer tokenizes."),
            OptionSpec("--date", value: "YYYY-MM-DD", help: "With --tokenizer: the date templates print with strftime_now (default: today)."),
        ],
        examples: [
            ("sftprep tokens --field text corpus.jsonl", "One count per line."),
            ("echo '{\"text\":\"Hello world\"}' | sftprep tokens --field text --ids", "Prints [13225,2375]."),
            ("sftprep tokens train.jsonl --model gpt-3.5-turbo", "Chat token counts with cl100k_base."),
            ("sftprep tokens --field text corpus.jsonl --tokenizer qwen2.5", "Counts with Qwen 2.5's own tokenizer."),
        ]
    )

    public static func execute(_ p: ParsedArguments, context: CommandContext) throws -> Int32 {
        var encoding = BPETokenizer.Encoding.o200kBase
        let registry = try ModelRegistry.load(p.value("--models"))
        let model = try p.value("--model").map { id throws(SFTPrepError) in try registry.require(id) }
        if let model { encoding = model.encoding }
        if let e = p.value("--encoding") {
            guard let enc = BPETokenizer.Encoding(rawValue: e) else {
                throw SFTPrepError.usage("unknown encoding '\(e)'; expected o200k_base or cl100k_base")
            }
            encoding = enc
        }
        let tokenizer = BPETokenizer.shared(encoding)
        let ownSpec = p.value("--encoding") == nil ? StageOptions.tokenizerSpec(p, model: model) : nil
        let hf = try ownSpec.map { spec throws(SFTPrepError) in try HFTokenizer.resolve(spec) }
        let textTokenizer: any TextTokenizer = hf ?? tokenizer
        var templateCounter: ChatTemplateCounter?
        if let hf, let spec = ownSpec, p.value("--field") == nil {
            templateCounter = try TokensCommand.templateCounter(spec, p, tokenizer: hf)
        }
        let paths = p.positionals.isEmpty ? ["-"] : p.positionals
        var w = JSONWriter(capacity: 1 << 16)
        var problems = 0
        if let field = p.value("--field") {
            let ids = p.flag("--ids")
            for path in paths {
                var batch: [(line: Int, text: String?)] = []
                func flush() throws {
                    let results = ParallelMap.map(batch.count) { i in batch[i].text.map { textTokenizer.encode($0) } }
                    for (item, result) in zip(batch, results) {
                        if let r = result {
                            if ids {
                                w.byte(UInt8(ascii: "["))
                                for (k, id) in r.enumerated() { if k > 0 { w.byte(UInt8(ascii: ",")) }; w.int(Int(id)) }
                                w.byte(UInt8(ascii: "]"))
                            } else {
                                w.int(r.count)
                            }
                        } else {
                            w.raw("null")
                        }
                        w.byte(0x0A)
                        _ = item
                    }
                    try context.stdout.write(w.bytes)
                    try context.stdout.flush()
                    w.bytes.removeAll(keepingCapacity: true)
                    batch.removeAll(keepingCapacity: true)
                }
                try LineReader(try InputFile(path: path)).forEachLine({ line, bytes in
                    if JSONRecordReader.isBlank(bytes) { return }
                    let value = UTF8Validator.isValid(bytes) ? try? JSONParser.parse(bytes) : nil
                    let text = value?.objectValue?[field]?.stringValue
                    if text == nil {
                        problems += 1
                        if problems <= 20 { context.warn("\(path):\(line): no string at \"\(field)\"; printing null") }
                    }
                    batch.append((line, text))
                    if batch.count >= 4096 { try flush() }
                }, oversized: { line, length in
                    problems += 1
                    if problems <= 20 { context.warn("\(path):\(line): \(JSONRecordReader.tooLarge(length)); printing null") }
                    batch.append((line, nil))
                })
                try flush()
            }
            if problems > 20 { context.warn("… and \(NumberFormatting.grouped(problems - 20)) more lines with no string at \"\(field)\" (\(NumberFormatting.grouped(problems)) in all)") }
            return problems > 0 ? 1 : 0
        }
        // Chat examples.
        let render = p.flag("--render")
        if render && templateCounter == nil { throw SFTPrepError.usage("--render shows the chat template's text: give --tokenizer, and no --field") }
        let counter = ChatTokenCounter(tokenizer: tokenizer, accounting: registry.accounting)
        let ingestor = Ingestor()
        var input = try InputLoop(ingestor, paths: paths, context: context)
        var batch: [Conversation] = []
        do {
            func flush() throws {
                if let templateCounter, render {
                    for c in batch {
                        do throws(ChatTemplateError) { w.string(try templateCounter.render(c)) } catch {
                            w.raw("null")
                            problems += 1
                            if problems <= 20 { context.warn("\(c.metadata.location): \(templateCounter.failureName) failed: \(error.description); printing null") }
                        }
                        w.byte(0x0A)
                    }
                } else if let templateCounter {
                    let counts = ParallelMap.map(batch.count) { i -> Result<Int, ChatTemplateError> in
                        do throws(ChatTemplateError) { return .success(try templateCounter.count(batch[i])) } catch { return .failure(error) }
                    }
                    for (c, result) in zip(batch, counts) {
                        switch result {
                        case .success(let n): w.int(n)
                        case .failure(let e):
                            w.raw("null")
                            problems += 1
                            if problems <= 20 { context.warn("\(c.metadata.location): \(templateCounter.failureName) failed: \(e.description); printing null") }
                        }
                        w.byte(0x0A)
                    }
                } else {
                    let counts = ParallelMap.map(batch.count) { counter.count(batch[$0]) }
                    for c in counts { w.int(c.total); w.byte(0x0A) }
                }
                try context.stdout.write(w.bytes)
                try context.stdout.flush()
                w.bytes.removeAll(keepingCapacity: true)
                batch.removeAll(keepingCapacity: true)
            }
            try input.run(conversation: { c in
                batch.append(c)
                if batch.count >= 1024 { try flush() }
            }, reject: { _ in
                try flush()
                w.raw("null\n")
            }, fileDone: { _ in try flush() })
        }
        return problems + input.unreadable.total + input.skipped > 0 ? 1 : 0
    }

    /// The chat-template counter `--tokenizer`, `--chat-template` and `--date` ask for (tokens, stats, run).
    static func templateCounter(_ spec: String, _ p: ParsedArguments, tokenizer: HFTokenizer? = nil) throws(SFTPrepError) -> ChatTemplateCounter {
        var date = Date()
        if let d = p.value("--date") {
            let f = DateFormatter()
            f.dateFormat = "yyyy-MM-dd"
            f.timeZone = TimeZone(identifier: "UTC")
            guard let parsed = f.date(from: d) else { throw SFTPrepError.usage("--date takes YYYY-MM-DD, got '\(d)'") }
            date = parsed
        }
        let hf: HFTokenizer
        if let tokenizer { hf = tokenizer } else { hf = try HFTokenizer.resolve(spec) }
        return try ChatTemplateCounter.load(tokenizerSpec: spec, tokenizer: hf, chatTemplate: p.value("--chat-template"), date: date)
    }
}
