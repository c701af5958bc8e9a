/// `sftprep ingest`: any supported input → chat JSONL with metadata on standard output.
public enum IngestCommand: Command {
    public static let spec = CommandSpec(
        name: "ingest",
        abstract: "Read any supported input and write chat JSONL (with metadata) to standard output.",
        discussion: "Formats are detected per file from the extension and the content: OpenAI chat JSONL, ShareGPT, Alpaca, prompt/completion and question/answer pairs (JSON arrays or JSONL), CSV/TSV (one row per example or one row per message), 'Speaker: text' transcripts, and ChatGPT exports (conversations.json). Directories are read recursively in sorted order. Records that cannot be read are reported on standard error with file and line, and written to --rejects when given.",
        arguments: [("<paths…>", "Files or directories to read; '-' or nothing reads standard input.")],
        options: SharedOptions.ingest + FilterRunner.options,
        examples: [
            ("sftprep ingest tickets.csv > tickets.jsonl", "Turn a help-desk export into chat JSONL."),
            ("sftprep ingest data/ | head -3", "Peek at the first conversations of a whole folder."),
            ("cat sharegpt.json | sftprep ingest --format sharegpt -", "Read standard input as ShareGPT."),
        ]
    )

    public static func execute(_ p: ParsedArguments, context: CommandContext) throws -> Int32 {
        try FilterRunner.run("ingest", stages: [], p, context: context)
    }
}
