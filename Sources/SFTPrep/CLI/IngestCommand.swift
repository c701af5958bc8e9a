/// `sftprep ingest`: any supported input → chat JSONL with metadata on standard output.
public enum IngestCommand: Command {
    public static let spec = CommandSpec(
        name: "ingest",
        abstract: "Read any supported input and write chat JSONL (with metadata) to standard output.",
        discussion: "Formats are detected per file from the extension and the content: OpenAI chat JSONL, ShareGPT, Alpaca, prompt/completion and question/answer pairs (JSON arrays or JSONL), CSV/TSV (one row per example or one row per message), 'Speaker: text' transcripts, and ChatGPT exports (conversations.json). Directories are read recursively in sorted order. Records that cannot be read are reported on standard error with file and line, and written to --rejects when given.",
        arguments: [("<paths…>", "Files or directories to read; '-' or nothing reads standard input.")],
        options: SharedOptions.ingest + [
            OptionSpec("--rejects", value: "FILE", help: "Also write unreadable records, with reasons, to this JSONL file."),
            OptionSpec("--strict", help: "Exit with code 1 when any record was rejected or any file was not recognised (without it, only when no input could be read at all)."),
            OptionSpec("--quiet", short: "-q", help: "Do not print per-record problems, only the final count."),
        ],
        examples: [
            ("sftprep ingest tickets.csv > tickets.jsonl", "Turn a help-desk export into chat JSONL."),
            ("sftprep ingest data/ | head -3", "Peek at the first conversations of a whole folder."),
            ("cat sharegpt.json | sftprep ingest --format sharegpt -", "Read standard input as ShareGPT."),
        ]
    )

    public static func execute(_ p: ParsedArguments, context: CommandContext) throws -> Int32 {
        let ingestor = Ingestor(options: try SharedOptions.ingestOptions(p))
        let files = try ingestor.expand(p.positionals.isEmpty ? ["-"] : p.positionals)
        let rejectsFile = try p.value("--rejects").map { path throws(SFTPrepError) in try AtomicFile(path: path) }
        let quiet = p.flag("--quiet")
        var rejected = 0
        var skipped = 0
        var shown = 0
        let writer = ChatRecordWriter.pipe
        var w = JSONWriter(capacity: 1 << 16)
        for path in files {
            let report = try ingestor.ingest(path: path) { item in
                switch item {
                case .conversation(let c):
                    writer.write(c, to: &w)
                    if w.bytes.count >= 1 << 16 {
                        try context.stdout.write(w.bytes)
                        w.bytes.removeAll(keepingCapacity: true)
                    }
                case .reject(let r):
                    rejected += 1
                    if !quiet && shown < 20 { context.warn("rejected: \(r.diagnostic)") }
                    shown += 1
                    try rejectsFile?.stream.write(r.jsonLine())
                }
            }
            if let reason = report.skippedReason {
                skipped += 1
                context.warn("skipped \(path): \(reason)")
            }
        }
        try context.stdout.write(w.bytes)
        try rejectsFile?.commit()
        if rejected > 0 {
            let more = !quiet && shown > 20 ? " (\(shown - 20) not shown)" : ""
            context.warn("\(NumberFormatting.grouped(rejected)) record\(rejected == 1 ? "" : "s") rejected\(more)")
        }
        if skipped == files.count {
            context.warn("error: no input could be read as a supported format")
            return 1
        }
        return p.flag("--strict") && (rejected > 0 || skipped > 0) ? 1 : 0
    }
}
