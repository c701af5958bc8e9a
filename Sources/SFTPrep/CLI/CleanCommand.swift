/// `sftprep clean`: text and structure repairs as a filter.
public enum CleanCommand: Command {
    public static let spec = CommandSpec(
        name: "clean",
        abstract: "Repair text and structure; drop what cannot be trained on, with reasons.",
        discussion: "Text repairs (each on by default): line endings, help-desk HTML to text, mojibake (â€™ → ’), Unicode NFC, control characters, zero-width and bidi characters, odd spaces, runs of blank lines (never inside ``` code blocks), and trimming. Structure: consecutive turns of one role are merged, empty messages removed, an unanswered final user turn trimmed. Dropped, with a reason: no user or no assistant message, a system message after the start, and the optional length filters. Reads any supported input (standard input by default) and writes pipe-form JSONL.",
        arguments: [("<paths…>", "Files or directories to read; '-' or nothing reads standard input.")],
        options: StageOptions.clean + SharedOptions.ingest + FilterRunner.options,
        examples: [
            ("sftprep ingest tickets.csv | sftprep clean > clean.jsonl", "Clean a help-desk export."),
            ("sftprep clean chats.jsonl --skip html,mojibake --trailing-user drop", "Keep HTML as is and drop unanswered conversations."),
            ("sftprep clean data.jsonl --system \"You are Acme's support assistant.\"", "Add a system prompt where there is none."),
        ]
    )

    public static func execute(_ p: ParsedArguments, context: CommandContext) throws -> Int32 {
        try FilterRunner.run("clean", stages: [CleanStage(options: try StageOptions.cleanOptions(p))], p, context: context)
    }
}
