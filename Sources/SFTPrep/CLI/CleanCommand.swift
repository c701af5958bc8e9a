/// `sftprep clean`: text and structure repairs as a filter.
public enum CleanCommand: Command {
    public static let spec = CommandSpec(
        name: "clean",
        abstract: "Repair text and structure; drop what cannot be trained on, with reasons.",
        discussion: "Text repairs (each on by default): line endings, help-desk HTML to text, mojibake (â€™ → ’), Unicode NFC, control characters, zero-width and bidi characters, odd spaces, runs of blank lines (never inside ``` code blocks), and trimming. Structure: consecutive turns of one role are merged, empty messages removed, an unanswered final user turn trimmed. Dropped, with a reason: no user or no assistant message, a system message after the start, and the optional length filters. Reads any supported input (standard input by default) and writes pipe-form JSONL.",
        arguments: [("<paths…>", "Files or directories to read; '-' or nothing reads standard input.")],
        options: StageOptions.clean + StageOptions.fit
            + [OptionSpec("--model", value: "ID", help: "Model whose tokenizer --max-tokens counts with (default: gpt-4o-mini)."),
               OptionSpec("--models", value: "FILE", help: "Extra or overriding models, in the shape of the built-in models.json.")]
            + SharedOptions.ingest + FilterRunner.options,
        examples: [
            ("sftprep ingest tickets.csv | sftprep clean > clean.jsonl", "Clean a help-desk export."),
            ("sftprep clean chats.jsonl --skip html,mojibake --trailing-user drop", "Keep HTML as is and drop unanswered conversations."),
            ("sftprep clean data.jsonl --system \"You are Acme's support assistant.\"", "Add a system prompt where there is none."),
            ("sftprep clean chats.jsonl --max-tokens 2048 --fit trim-oldest", "Fit long conversations into a 2,048-token training window."),
        ]
    )

    public static func execute(_ p: ParsedArguments, context: CommandContext) throws -> Int32 {
        var stages: [any Stage] = [CleanStage(options: try StageOptions.cleanOptions(p))]
        if let fit = try StageOptions.fitOptions(p) {
            let registry = try ModelRegistry.load(p.value("--models"))
            let model = try registry.require(p.value("--model") ?? "gpt-4o-mini")
            stages.append(FitStage(maxTokens: fit.maxTokens, mode: fit.mode,
                                   counter: ChatTokenCounter(tokenizer: BPETokenizer.shared(model.encoding), accounting: registry.accounting)))
        }
        return try FilterRunner.run("clean", stages: stages, p, context: context)
    }
}
