/// `sftprep run`: the whole pipeline over files and folders into an output directory.
public enum RunCommand: Command {
    public static let spec = CommandSpec(
        name: "run",
        abstract: "Run the whole pipeline: inputs → train.jsonl, validation.jsonl, rejects.jsonl, report.json.",
        discussion: "Reads every input (files, folders, '-'), cleans and deduplicates the conversations (see 'sftprep help clean' and 'sftprep help dedup' for their options, all accepted here), checks that each is a valid chat training example, splits the survivors deterministically into train and validation, and writes upload-ready chat JSONL. Every input record ends in an output or in rejects.jsonl with a reason; report.json accounts for all of them. Outputs appear only when complete.",
        arguments: [("<paths…>", "Files or directories to read ('-' for standard input).")],
        options: [
            OptionSpec("--out", short: "-o", value: "DIR", help: "Output directory (created if missing). Required."),
        ] + SharedOptions.ingest + [
            OptionSpec("--target", value: "NAME", help: "Write for this target and apply its rules and safe repairs (as 'export --fix'): \(TargetProfile.all.map(\.name).joined(separator: ", ")) (default: openai's chat format)."),
            OptionSpec("--model", value: "ID", help: "Model whose tokenizer, limit and price the report uses (default: gpt-4o-mini)."),
            OptionSpec("--models", value: "FILE", help: "Extra or overriding models, in the shape of the built-in models.json."),
            OptionSpec("--keep-metadata", help: "Keep each example's metadata (source, line, labels, extra columns) in train/validation files, redacted like the messages; not with targets that refuse extra keys."),
            OptionSpec("--force", help: "Replace a dataset already present in the output directory."),
            OptionSpec("--quiet", short: "-q", help: "Print no summary on standard error."),
            OptionSpec("--no-clean", help: "Skip the clean stage."),
            OptionSpec("--no-dedup", help: "Skip the dedup stage."),
            OptionSpec("--no-redact", help: "Skip the redact stage (keep personal data and secrets as they are)."),
            OptionSpec("--threads", value: "N", help: "Worker threads (default: all cores). Output is identical for any N."),
        ] + StageOptions.split + StageOptions.clean + StageOptions.fit + StageOptions.ownTokenizer + StageOptions.dedup + StageOptions.redact,
        examples: [
            ("sftprep run SampleData --out out", "Prepare a dataset from the bundled samples."),
            ("sftprep run exports/ --out out --validation 0.2 --seed 7", "An 80/20 split with another seed."),
            ("sftprep run chats.txt --assistant Dana --out out", "A transcript where Dana is the assistant."),
            ("sftprep run data/ --out out-mistral --target mistral", "Train and validation files Mistral accepts."),
        ]
    )

    public static func execute(_ p: ParsedArguments, context: CommandContext) throws -> Int32 {
        guard let out = p.value("--out") else {
            throw SFTPrepError.usage("missing --out DIR (where train.jsonl, validation.jsonl, rejects.jsonl and report.json go)\nSee 'sftprep run --help'.")
        }
        guard !p.positionals.isEmpty else {
            throw SFTPrepError.usage("no inputs: name files or folders to read, e.g. 'sftprep run data/ --out out'")
        }
        var options = RunOptions(inputs: p.positionals, outputDirectory: out)
        options.ingest = try SharedOptions.ingestOptions(p)
        options.keepMetadata = p.flag("--keep-metadata")
        options.fit = try StageOptions.fitOptions(p)
        let model = try p.value("--model").flatMap { id throws(SFTPrepError) in try ModelRegistry.load(p.value("--models")).model(id) }
        if let spec = StageOptions.tokenizerSpec(p, model: model) {
            if options.fit == nil {
                // A --model whose registry entry names its tokenizer fits to that entry's maximum length.
                guard p.value("--tokenizer") == nil, let model else {
                    throw SFTPrepError.usage("--tokenizer counts for --max-tokens: give the trainer's maximum length too")
                }
                options.fit = (model.maxExampleTokens, .drop)
            }
            options.templateCounter = try TokensCommand.templateCounter(spec, p)
        }
        options.commandLine = ["sftprep", "run"] + p.arguments
        if let t = p.value("--target") {
            let target = try TargetProfile.named(t)
            options.target = target
            if options.keepMetadata && (target.format != .chat || target.extraKeysAreErrors) {
                throw SFTPrepError.usage("--keep-metadata adds a metadata key that --target \(target.name) refuses; use one or the other")
            }
        }
        options.force = p.flag("--force")
        options.split = try StageOptions.splitOptions(p, defaultStratum: "source")
        if let m = p.value("--model") { options.model = m }
        options.modelsFile = p.value("--models")
        options.clean = p.flag("--no-clean") ? nil : try StageOptions.cleanOptions(p)
        options.dedup = p.flag("--no-dedup") ? nil : try StageOptions.dedupOptions(p, indexMemory: DedupOptions.runIndexMemory)
        options.redact = p.flag("--no-redact") ? nil : try StageOptions.redactor(p)
        if let n = try StageOptions.positiveInt(p, "--threads") {
            guard n >= 1 else { throw SFTPrepError.usage("--threads must be at least 1") }
            ParallelMap.threads = n
        }
        let quiet = p.flag("--quiet")
        var progress: ProgressLine?
        if context.stderrIsTerminal && !quiet {
            let total = (try? Ingestor().expand(options.inputs).reduce(0) { $0 + ((try? InputFile(path: $1).size) ?? nil ?? 0) }) ?? 0
            progress = ProgressLine(stream: context.stderr, totalBytes: total)
        }
        let report = try RunPipeline(options: options).run(progress: progress) { message in
            progress?.finish()
            if !quiet { context.warn(message) }
        }
        if !quiet {
            try? context.stderr.write(RunSummary.text(report))
            try? context.stderr.flush()
        }
        if report.written == 0 {
            context.warn("error: no training examples were written (see \(report.outputs["rejects"] ?? "rejects.jsonl") and report.json)")
            return 1
        }
        return 0
    }
}
