/// Settings of a whole `sftprep run`.
public struct RunOptions: Sendable {
    public var inputs: [String]
    public var outputDirectory: String
    public var ingest = IngestOptions()
    /// Keep `metadata` (and extra message keys) in train/validation files.
    public var keepMetadata = false
    /// The trainer's maximum length in tokens and what to do with longer examples (`--max-tokens`, `--fit`).
    public var fit: (maxTokens: Int, mode: FitStage.Mode)?
    /// `--tokenizer`: the open model's tokenizer and chat template the fit stage counts with.
    public var templateCounter: ChatTemplateCounter?
    /// The command line that asked for this run, as the report shows it.
    public var commandLine: [String] = []
    /// How train and validation are made; in `run`, strata default to the source file.
    public var split: SplitOptions = {
        var o = SplitOptions()
        o.stratifyBy = "source"
        return o
    }()
    /// The fine-tuning target whose format and rules the outputs follow (nil: OpenAI's chat format, checked by `check` only).
    public var target: TargetProfile?
    /// The model whose tokenizer, limit and price the report uses.
    public var model = "gpt-4o-mini"
    /// Extra or overriding models (`--models FILE`).
    public var modelsFile: String?
    /// Replace a dataset already in the output directory.
    public var force = false
    /// The clean stage's settings, or nil to skip cleaning.
    public var clean: CleanOptions? = CleanOptions()
    /// The dedup stage's settings, or nil to skip deduplication.
    public var dedup: DedupOptions? = DedupOptions()
    /// The redactor, or nil to skip redaction.
    public var redact: Redactor? = Redactor()

    public init(inputs: [String], outputDirectory: String) {
        self.inputs = inputs
        self.outputDirectory = outputDirectory
    }
}
