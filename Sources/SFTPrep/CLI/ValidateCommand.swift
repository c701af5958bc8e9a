/// `sftprep validate`: every upload problem, with its line; exit 0 clean, 1 errors, 2 usage or I/O.
public enum ValidateCommand: Command {
    public static let spec = CommandSpec(
        name: "validate",
        abstract: "Check a dataset before upload to a target: every problem with its line and code.",
        discussion: "With --target, applies that service's or trainer's rules (roles, order, keys, limits, counts, encoding) and answers: would 'sftprep export --target' give a file it accepts? A file already in the target's own layout (Vertex, Bedrock) is checked as it is. Without --target, checks what OpenAI's fine-tuning service rejects — UTF-8, JSON per line, the messages structure, roles, content, weights, tool calls and tool definitions, special-token strings, the model's token limit, the minimum number of examples — and warns about what hurts training: duplicates, examples that train nothing, inconsistent system prompts, conversations ending on a user turn, blank lines, stray whitespace, unusually short or long replies. Reports all problems, not only the first, and streams, so large files need little memory. Exit code: 0 no errors, 1 errors found, 2 usage or I/O error.",
        arguments: [("<file>", "The chat JSONL file to check ('-' for standard input).")],
        options: [
            OptionSpec("--target", value: "NAME", help: "Whose rules apply: \(TargetProfile.all.map(\.name).joined(separator: ", ")) (default: openai)."),
            OptionSpec("--model", value: "ID", help: "Model whose tokenizer and limit apply (default: gpt-4o-mini)."),
            OptionSpec("--models", value: "FILE", help: "Extra or overriding models, in the shape of the built-in models.json."),
            OptionSpec("--max-tokens", value: "N", help: "Override the model's or target's maximum tokens per example."),
            OptionSpec("--max-length", value: "N", help: "trl/axolotl: the training sequence length (default: 1024 for trl, 2048 for axolotl)."),
            OptionSpec("--min-examples", value: "N", help: "Fewest examples accepted (default: the target's, 10 for openai)."),
            OptionSpec("--json", help: "Print {\"ok\", \"examples\", \"errors\", \"warnings\", \"stats\"} as JSON."),
            OptionSpec("--tokenizer", value: "PATH", help: "Count in an open model's own tokens through its chat template: \(StageOptions.tokenizerKinds). --max-tokens or --max-length is then the trainer's maximum length."),
            OptionSpec("--chat-template", value: "FILE", help: "With --tokenizer: the Jinja chat template to use instead of the one beside the tokenizer."),
            OptionSpec("--date", value: "YYYY-MM-DD", help: "With --tokenizer: the date templates print with strftime_now (default: today)."),
            OptionSpec("--quiet", short: "-q", help: "Print only the summary line (and nothing with --json)."),
        ],
        examples: [
            ("sftprep validate out/train.jsonl", "Check a dataset for OpenAI's default model."),
            ("sftprep validate data.jsonl --model gpt-3.5-turbo --json | jq .errors", "Errors as JSON, with cl100k_base and a 16,385-token limit."),
            ("sftprep validate train.jsonl --target mistral", "Check against Mistral's rules (roles, order, tool-call ids)."),
        ]
    )

    public static func execute(_ p: ParsedArguments, context: CommandContext) throws -> Int32 {
        guard p.positionals.count == 1, let path = p.positionals.first else {
            throw SFTPrepError.usage("validate takes exactly one file, e.g. 'sftprep validate train.jsonl'")
        }
        let registry = try ModelRegistry.load(p.value("--models"))
        let id = p.value("--model") ?? "gpt-4o-mini"
        let model = try registry.require(id)
        var options = UploadValidator.Options(model: model)
        options.accounting = registry.accounting
        options.profile = try TargetProfile.named(p.value("--target") ?? "openai")
        options.maxTokens = try StageOptions.positiveInt(p, "--max-tokens") ?? StageOptions.positiveInt(p, "--max-length")
        options.minExamples = try StageOptions.positiveInt(p, "--min-examples")
        if let spec = StageOptions.tokenizerSpec(p, model: p.value("--model") == nil ? nil : model) { options.templateCounter = try TokensCommand.templateCounter(spec, p) }
        let report = try UploadValidator(options: options).validate(path: path)
        if p.flag("--json") {
            var o = JSONObject()
            o["ok"] = .bool(report.ok)
            o["examples"] = .number(String(report.statistics.examples))
            o["errors"] = .array(report.errors.map(\.json))
            o["warnings"] = .array(report.warnings.map(\.json))
            o["stats"] = report.statistics.json(model: model, rule: registry.epochRule, epochs: nil)
            var w = JSONWriter()
            w.pretty(.object(o))
            w.byte(0x0A)
            try context.stdout.write(w.bytes)
        } else {
            if !p.flag("--quiet") {
                let shown = 100
                for issue in report.issues.prefix(shown) {
                    let location = issue.line.map { "\(path):\($0)" } ?? path
                    try context.stdout.write("\(location): \(issue.severity.rawValue): \(issue.code): \(issue.message)\n")
                }
                if report.issues.count > shown { try context.stdout.write("… and \(report.issues.count - shown) more (use --json for all)\n") }
            }
            let g = NumberFormatting.grouped
            let verdict = report.ok ? "OK" : "FAILED"
            try context.stdout.write("\(verdict): \(g(report.errors.count)) error\(report.errors.count == 1 ? "" : "s"), \(g(report.warnings.count)) warning\(report.warnings.count == 1 ? "" : "s") in \(g(report.statistics.examples)) example\(report.statistics.examples == 1 ? "" : "s") (\(path), \(options.profile.name == "openai" ? model.id : options.profile.name))\n")
        }
        return report.ok ? 0 : 1
    }
}
