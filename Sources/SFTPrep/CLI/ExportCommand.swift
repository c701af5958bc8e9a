#if canImport(Glibc)
import Glibc
#endif

/// `sftprep export --target NAME [--fix]`: the dataset in the file format a target reads.
public enum ExportCommand: Command {
    public static let spec = CommandSpec(
        name: "export",
        abstract: "Write a dataset in a fine-tuning target's format, checked against its rules.",
        discussion: "Converts the layout (Gemini's contents/parts for vertex, {\"system\", \"messages\"} for bedrock, the bedrock-conversation-2024 schema for bedrock-nova, chat JSONL for the rest), drops keys the target rejects, removes blank lines and any byte-order mark. Every example is checked exactly as 'sftprep validate --target' checks it; without --fix an example that breaks a rule is not written but reported with its line and code, and export exits 1. With --fix, the safe repairs come first, each counted: any readable record shape (ShareGPT, Alpaca, Gemini, Bedrock) to chat messages, unknown keys dropped, legacy functions/function_call/function role to tools/tool_calls/tool, object arguments to JSON strings, 9-character tool-call ids for mistral, a missing tool-call \"type\" added, \"content\": \"\" on tool-call turns for trl and axolotl, consecutive same-role turns merged where the target forbids them, trailing turns after the last answer trimmed, weight 0 kept as axolotl's \"training\": false (with the config line to enable it) or, where the target trains every turn, untrained turns at the end cut; what still breaks a rule is dropped into --rejects with its reasons. Reads JSON Lines or a JSON array of records. Exit code: 0 the output is one the target accepts, 1 examples were refused (without --fix) or the file breaks a whole-file rule, 2 usage or I/O error.",
        arguments: [("<file>", "The dataset to export ('-' for standard input).")],
        options: [
            OptionSpec("--target", value: "NAME", help: "Where the dataset goes: \(TargetProfile.all.map(\.name).joined(separator: ", ")). Required."),
            OptionSpec("--fix", help: "Apply the safe repairs; drop what cannot be repaired into --rejects."),
            OptionSpec("--output", short: "-o", value: "FILE", help: "Write here (atomically) instead of standard output."),
            OptionSpec("--rejects", value: "FILE", help: "Write refused examples, with reasons, to this JSONL file."),
            OptionSpec("--model", value: "ID", help: "Model whose tokenizer and limit apply (default: gpt-4o-mini)."),
            OptionSpec("--models", value: "FILE", help: "Extra or overriding models, in the shape of the built-in models.json."),
            OptionSpec("--max-tokens", value: "N", help: "Maximum tokens per example, instead of the target's or model's."),
            OptionSpec("--max-length", value: "N", help: "trl/axolotl: the training sequence length (default: 1024 for trl, 2048 for axolotl)."),
            OptionSpec("--min-examples", value: "N", help: "Fewest examples accepted (default: the target's)."),
            OptionSpec("--force", help: "Replace the --output file if it exists."),
            OptionSpec("--quiet", short: "-q", help: "Print nothing on standard error unless something fails."),
        ],
        examples: [
            ("sftprep export out/train.jsonl --target together -o together.jsonl", "Together's format, every rule checked."),
            ("sftprep export chats.json --target mistral --fix -o m.jsonl --rejects r.jsonl", "Convert, repair, and keep what cannot be repaired aside."),
            ("sftprep export out/train.jsonl --target vertex > gemini.jsonl", "Gemini's contents/parts layout for Vertex AI."),
        ]
    )

    public static func execute(_ p: ParsedArguments, context: CommandContext) throws -> Int32 {
        guard p.positionals.count == 1, let path = p.positionals.first else {
            throw SFTPrepError.usage("export takes exactly one file, e.g. 'sftprep export train.jsonl --target together -o together.jsonl'")
        }
        guard let targetName = p.value("--target") else {
            throw SFTPrepError.usage("export needs --target NAME (one of \(TargetProfile.all.map(\.name).joined(separator: ", ")))")
        }
        let registry = try ModelRegistry.load(p.value("--models"))
        var options = Exporter.Options(profile: try TargetProfile.named(targetName), model: try registry.require(p.value("--model") ?? "gpt-4o-mini"))
        options.accounting = registry.accounting
        options.fix = p.flag("--fix")
        options.maxTokens = try StageOptions.positiveInt(p, "--max-tokens") ?? StageOptions.positiveInt(p, "--max-length")
        options.minExamples = try StageOptions.positiveInt(p, "--min-examples")

        let outputPath = p.value("--output")
        var file: AtomicFile?
        var device: OutputStream?
        if let out = outputPath {
            if path != "-", Ingestor.canonicalPath(out) == Ingestor.canonicalPath(path) {
                throw SFTPrepError.usage("--output \(out) is the input file; write to another file")
            }
            var info = stat()
            let exists = stat(out, &info) == 0
            let kind = info.st_mode & S_IFMT
            if exists && kind == S_IFDIR { throw SFTPrepError.usage("--output \(out) is a directory; name a file") }
            if exists && kind != S_IFREG {
                device = try OutputStream(creating: out)  // /dev/null, a named pipe: written as it is
            } else {
                if exists && !p.flag("--force") { throw SFTPrepError.usage("\(out) already exists; pass --force to replace it") }
                file = try AtomicFile(path: out)
            }
        }
        let rejects = try p.value("--rejects").map { r throws(SFTPrepError) in try AtomicFile(path: r) }
        let report = try Exporter(options: options).export(path: path, to: file?.stream ?? device ?? context.stdout, rejects: rejects?.stream)
        try device?.flush()
        try file?.commit()
        try rejects?.commit()

        let quiet = p.flag("--quiet")
        let shown = 20
        let refused = report.errors.filter { $0.line != nil }
        // Failing is what exit code 1 says: refusals without --fix, or a whole-file rule broken.
        let failed = report.errors.contains { $0.line == nil } || (!options.fix && report.rejected.total > 0)
        if !quiet || failed {
            for issue in refused.prefix(shown) {
                context.warn("\(path):\(issue.line!): \(options.fix ? "dropped" : "error"): \(issue.code): \(issue.message)")
            }
            if refused.count > shown { context.warn("… and \(refused.count - shown) more (see --rejects)") }
            for issue in report.errors where issue.line == nil { context.warn("\(path): error: \(issue.code): \(issue.message)") }
        }
        if !quiet { context.warn(summary(report, options: options, output: outputPath ?? "standard output")) }
        if report.repairs["training_flag_written"] > 0, let line = options.profile.trainingFieldConfig {
            // Not quieted: without this line axolotl trains on the turns the flag excludes.
            context.warn("export: \(options.profile.name) reads the \"\(options.profile.trainingField!)\": false flags only with '\(line)' in the dataset's config")
        }
        return failed ? 1 : 0
    }

    /// `export: 12 read, 10 written for together (out.jsonl); 2 refused (…); repaired: merged_turns 3`
    static func summary(_ r: Exporter.Report, options: Exporter.Options, output: String) -> String {
        let g = NumberFormatting.grouped
        func list(_ c: ReasonCounts) -> String { c.sorted.map { "\($0.reason) \(g($0.count))" }.joined(separator: ", ") }
        var s = "export: \(g(r.read)) read, \(g(r.written)) written for \(options.profile.name) (\(output))"
        if r.rejected.total > 0 { s += "; \(g(r.rejected.total)) \(options.fix ? "dropped as unrepairable" : "refused") (\(list(r.rejected)))" }
        if r.blankLines > 0 { s += "; \(g(r.blankLines)) blank line\(r.blankLines == 1 ? "" : "s") removed" }
        if r.repairs.total > 0 { s += "; repaired: \(list(r.repairs))" }
        if !options.fix && r.rejected.total > 0 { s += "; rerun with --fix to repair what is safe to repair" }
        return s
    }
}
