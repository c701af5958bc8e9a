/// `sftprep split`: balanced, leak-free, deterministic train and validation files.
public enum SplitCommand: Command {
    public static let spec = CommandSpec(
        name: "split",
        abstract: "Split a dataset into train.jsonl and validation.jsonl: stratified, group-aware, balanced, deterministic.",
        discussion: "Records wait in a spool file in the output directory; memory holds a few keys per record. The validation size is exact for a count and within one record of F × total for a fraction (as far as groups allow). Each stratum keeps its share (largest remainder; a stratum of two or more gets at least one validation record); every group lands on one side. Per-stratum counts are printed on standard error.",
        arguments: [("<paths…>", "Files to read (any supported input); '-' or nothing reads standard input.")],
        options: [
            OptionSpec("--out", short: "-o", value: "DIR", help: "Output directory (created if missing). Required."),
            OptionSpec("--keep-metadata", help: "Keep each example's metadata in the output files."),
            OptionSpec("--force", help: "Replace train.jsonl and validation.jsonl already in the output directory."),
        ] + StageOptions.split + SharedOptions.ingest,
        examples: [
            ("sftprep split data.jsonl --out out --validation 500 --stratify-by category", "500 validation examples, each category in proportion."),
            ("sftprep ingest tickets.csv | sftprep split --out out --group-by customer_id", "No customer in both train and validation."),
            ("sftprep split data.jsonl --out out --stratify-by intent --balance cap:200 --seed 7", "At most 200 per intent, chosen by seed 7."),
        ]
    )

    public static func execute(_ p: ParsedArguments, context: CommandContext) throws -> Int32 {
        guard let out = p.value("--out") else { throw SFTPrepError.usage("missing --out DIR\nSee 'sftprep split --help'.") }
        let options = try StageOptions.splitOptions(p, defaultStratum: nil)
        let ingestor = Ingestor(options: try SharedOptions.ingestOptions(p))
        let outputs = try OutputSet(directory: out, names: ["train.jsonl", "validation.jsonl"], force: p.flag("--force"))
        let writer = p.flag("--keep-metadata") ? ChatRecordWriter.pipe : ChatRecordWriter.upload
        let spool = try SpoolFile(directory: outputs.stagingDirectory)
        defer { spool.discard() }
        var records: [SplitPlanner.Record] = []
        var input = try InputLoop(ingestor, paths: p.positionals, context: context)
        try input.run(conversation: { c in
            try spool.append(writer.line(c))
            records.append(SplitPlanner.Record(id: c.id, stratum: options.stratifyBy.flatMap { c.metadata.label($0) } ?? "",
                                               group: options.groupBy.flatMap { c.metadata.label($0) }))
        })
        let unreadable = input.unreadable.total
        let planner = SplitPlanner(options: options)
        let plan = planner.plan(records)
        for warning in try planner.check(records, plan) { context.warn(warning) }
        let train = try outputs.file("train.jsonl")
        let validation = try outputs.file("validation.jsonl")
        for i in plan.trainOrder { try train.stream.write(try spool.record(i)) }
        for i in plan.validationOrder { try validation.stream.write(try spool.record(i)) }
        spool.discard()  // gone before the staging folder becomes the output folder
        try outputs.commit([train, validation])
        let g = NumberFormatting.grouped
        var s = "sftprep split: \(g(records.count)) read, train \(g(plan.trainOrder.count)), validation \(g(plan.validationOrder.count))"
        let leftOut = plan.strata.reduce(0) { $0 + $1.leftOut }
        if leftOut > 0 { s += ", left out by --balance \(g(leftOut))" }
        if unreadable > 0 { s += ", unreadable \(g(unreadable))" }
        s += "\n" + SplitCommand.strataTable(plan.strata, key: options.stratifyBy)
        try? context.stderr.write(s)
        return 0
    }

    static func strataTable(_ strata: [(name: String, records: Int, leftOut: Int, train: Int, validation: Int)], key: String?) -> String {
        guard let key, !strata.isEmpty else { return "" }
        let g = NumberFormatting.grouped
        let width = min(40, max(key.count, strata.map(\.name.count).max() ?? 0))
        func right(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
        var s = "  " + key.padding(toLength: width, withPad: " ", startingAt: 0) + "   records  left out     train  validation\n"
        for t in strata.prefix(50) {
            s += "  " + String(t.name.prefix(width)).padding(toLength: width, withPad: " ", startingAt: 0) + right(g(t.records), 10) + right(g(t.leftOut), 10)
                + right(g(t.train), 10) + right(g(t.validation), 12) + "\n"
        }
        if strata.count > 50 { s += "  … \(strata.count - 50) more strata (see report.json)\n" }
        return s
    }
}
