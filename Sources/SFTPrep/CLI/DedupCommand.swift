/// `sftprep dedup`: exact and near-duplicate removal as a filter.
public enum DedupCommand: Command {
    public static let spec = CommandSpec(
        name: "dedup",
        abstract: "Remove exact and near-duplicate conversations, keeping the first copy.",
        discussion: "Exact copies are found by a 128-bit hash of the normalised text (case, whitespace and punctuation ignored). Near copies by MinHash over word 3-grams (characters for Chinese, Japanese and Thai; numbers are words, so \"What is 3 times 4?\" and \"What is 3 times 5?\" are different examples unless --ignore-digits) with banded LSH, each candidate confirmed by estimated Jaccard similarity ≥ --threshold. In the default conversation scope both the prompt side and the response side must be near-identical, so conversations that share a system prompt and question but answer differently are kept. Every drop names the copy that was kept.",
        arguments: [("<paths…>", "Files or directories to read; '-' or nothing reads standard input.")],
        options: StageOptions.dedup + SharedOptions.ingest + FilterRunner.options,
        examples: [
            ("sftprep ingest data/ | sftprep clean | sftprep dedup > unique.jsonl", "The usual chain."),
            ("sftprep dedup --exact --scope prompt questions.jsonl", "Drop questions asked twice, word for word."),
            ("sftprep dedup --threshold 0.9 --rejects dups.jsonl chats.jsonl", "Stricter matching; see what was removed and why."),
        ]
    )

    public static func execute(_ p: ParsedArguments, context: CommandContext) throws -> Int32 {
        try FilterRunner.run("dedup", stages: [DedupStage(options: try StageOptions.dedupOptions(p, indexMemory: DedupOptions.filterIndexMemory))], p, context: context)
    }
}
