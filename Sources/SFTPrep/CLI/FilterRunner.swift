/// Runs stages as a Unix filter: inputs (any supported format, `-` for standard
/// input) → pipe-form JSONL on standard output; drops and unreadable records
/// to `--rejects FILE`; a one-line account on standard error.
enum FilterRunner {
    static let options: [OptionSpec] = [
        OptionSpec("--rejects", value: "FILE", help: "Write dropped and unreadable records, with reasons, to this JSONL file."),
        OptionSpec("--strict", help: "Exit with code 1 when any record was unreadable or any file was not recognised (without it, only when no input could be read at all)."),
        OptionSpec("--quiet", short: "-q", help: "Print nothing on standard error unless something fails."),
    ]

    static func run(_ name: String, stages: [any Stage], _ p: ParsedArguments, context: CommandContext) throws -> Int32 {
        let quiet = p.flag("--quiet")
        var input = try InputLoop(Ingestor(options: try SharedOptions.ingestOptions(p)), paths: p.positionals, context: context, quiet: quiet)
        let rejectsFile = try p.value("--rejects").map { path throws(SFTPrepError) in try AtomicFile(path: path) }
        var chain = StageChain(stages)
        var read = 0
        var batch: [Conversation] = []
        var w = JSONWriter(capacity: 1 << 16)

        func flush() throws {
            guard !batch.isEmpty else { return }
            let (kept, dropped) = try chain.run(batch)
            for (_, c) in kept { ChatRecordWriter.pipe.write(c, to: &w) }
            try context.stdout.write(w.bytes)
            // Hand each batch to the reader at once: a closed pipe (`| head`) is noticed now, not at the end.
            try context.stdout.flush()
            w.bytes.removeAll(keepingCapacity: true)
            for (_, r) in dropped { try rejectsFile?.stream.write(r.jsonLine()) }
            batch.removeAll(keepingCapacity: true)
        }

        try input.run(conversation: { c in
            read += 1
            batch.append(c)
            if batch.count >= StageChain.batchSize { try flush() }
        }, reject: { r in
            read += 1
            try rejectsFile?.stream.write(r.jsonLine())
        })
        try flush()
        try rejectsFile?.commit()
        let unreadable = input.unreadable
        if !quiet && !input.nothingRead {
            context.warn(summary(name, read: read, chain: chain, unreadable: unreadable))
        }
        if input.nothingRead {
            context.warn("error: no input could be read (see the reasons above)")
            return 1
        }
        if read > 0 && (chain.tallies.last?.output ?? (read - unreadable.total)) == 0 {
            context.warn("error: nothing was written: \(NumberFormatting.grouped(read)) records read, none kept (see the reasons above\(p.value("--rejects") == nil ? "; --rejects FILE keeps them" : ""))")
            return 1
        }
        return p.flag("--strict") && (unreadable.total > 0 || input.skipped > 0) ? 1 : 0
    }

    /// `clean: 61 read, 50 written, 8 dropped (no_assistant_message 3, …), 3 unreadable; changed: trim 12, html 2`
    static func summary(_ name: String, read: Int, chain: StageChain, unreadable: ReasonCounts) -> String {
        let g = NumberFormatting.grouped
        let written = chain.tallies.last?.output ?? (read - unreadable.total)
        let dropped = chain.tallies.reduce(into: ReasonCounts()) { $0.merge($1.dropped) }
        let changes = chain.tallies.reduce(into: ReasonCounts()) { $0.merge($1.changes) }
        func list(_ c: ReasonCounts) -> String { c.sorted.map { "\($0.reason) \(g($0.count))" }.joined(separator: ", ") }
        var s = "\(name): \(g(read)) read, \(g(written)) written"
        if !chain.stages.isEmpty { s += ", \(g(dropped.total)) dropped" }
        if dropped.total > 0 { s += " (\(list(dropped)))" }
        if unreadable.total > 0 { s += ", \(g(unreadable.total)) unreadable (\(list(unreadable)))" }
        if changes.total > 0 { s += "; changed: \(list(changes))" }
        return s
    }
}
