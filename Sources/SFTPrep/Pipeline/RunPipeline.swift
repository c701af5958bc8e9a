import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `sftprep run`: reads every input, passes each conversation through the
/// stages, splits what survives, and writes the dataset, the rejects and the
/// report into the output directory.
///
/// The stages run in a ``BatchEngine`` on all cores; rejects and the spool
/// are written in input order. Outputs appear only when complete (temporary
/// files renamed at the end). Conversations wait in a spool file until the
/// split is decided, so memory holds a few numbers per record (split keys,
/// token counts, location), never the conversation.
public struct RunPipeline {
    public static let outputNames = ["train.jsonl", "validation.jsonl", "rejects.jsonl", "report.json", "report.html"]

    public let options: RunOptions

    public init(options: RunOptions) { self.options = options }

    /// Runs the pipeline. `diagnostic` receives warnings (skipped files, the first rejects) for standard error.
    public func run(diagnostic: (String) -> Void) throws -> RunReport {
        try run(progress: nil, diagnostic: diagnostic)
    }

    /// Runs the pipeline, drawing `progress` (when given) while inputs are read.
    public func run(progress: ProgressLine?, diagnostic: (String) -> Void) throws -> RunReport {
        let started = ContinuousClock.now
        let out = try OutputSet(directory: options.outputDirectory, names: RunPipeline.outputNames, force: options.force)
        var succeeded = false
        var opened: [AtomicFile] = []
        var spoolFile: SpoolFile?
        // A failed run leaves nothing: its temporary files go, and so does a directory it created.
        defer {
            if !succeeded {
                for f in opened { f.abort() }
                spoolFile?.discard()
                out.abort()
            }
        }
        func create(_ name: String) throws(SFTPrepError) -> AtomicFile {
            let f = try out.file(name)
            opened.append(f)
            return f
        }
        var ingestor = Ingestor(options: options.ingest)
        if let progress { ingestor.onRead = { progress.update(bytesInFile: $0) } }
        let inputList = try ingestor.inputs(options.inputs, excluding: out.canonical)
        for folder in inputList.skippedFolders { diagnostic("skipped \(folder.path): \(folder.reason)") }
        let files = inputList.files
        if files.isEmpty {
            var message = "no input files found in \(options.inputs.joined(separator: ", "))"
            if !inputList.skippedFolders.isEmpty { message += " (\(inputList.skippedFolders.count) folder(s) holding sftprep datasets were left out; name them to read them)" }
            throw SFTPrepError.usage(message)
        }

        let rejects = try create("rejects.jsonl")
        let spool = try SpoolFile(directory: out.stagingDirectory)
        spoolFile = spool
        let upload = ChatRecordWriter(includeMetadata: options.keepMetadata, trainingField: options.target?.trainingField)
        // Chat-format targets are written as the chat format is (with metadata when asked); the others in their own layout.
        let targetWriter = options.target.flatMap { $0.format == .chat ? nil : TargetRecordWriter(profile: $0) }
        let stages = try RunPipeline.stages(options)
        var report = RunReport()
        report.commandLine = options.commandLine
        if let own = options.templateCounter {
            report.ownTokenizer = "\(own.tokenizer.tokenizerName) with \(own.formatName)"
            report.lengthLimit = options.fit?.maxTokens
        }
        report.startedAt = RunPipeline.utcNow()
        report.settings = RunPipeline.settings(options)
        report.skippedFolders = inputList.skippedFolders
        report.split = options.split
        report.target = options.target?.name
        let registry = try ModelRegistry.load(options.modelsFile)
        let model = try registry.require(options.model)
        report.model = model
        report.registry = registry
        let counter = ChatTokenCounter(tokenizer: BPETokenizer.shared(model.encoding), accounting: registry.accounting)
        var splitRecords: [SplitPlanner.Record] = []
        var owners: [Int32] = []
        var tokenCounts: [Int32] = []
        var trainedCounts: [Int32] = []
        var toolUsages: [ToolUsage] = []
        var spooledLocations: [String] = []
        var shownRejects = 0
        let maxShown = 5

        // Per kept conversation, on any core: its output line, split keys, token counts and location.
        let split = options.split
        // With --tokenizer the statistics are the open model's: the example through its chat template, and
        // the assistant turns' text as trained tokens (the template's own markers aside).
        let own = options.templateCounter
        let finish: @Sendable (Conversation) -> Spooled = { c in
            let count: ChatTokenCounter.Count
            if let own, let total = try? own.count(c) {
                count = .init(total: total, trained: c.messages.reduce(0) { $0 + ($1.role == .assistant ? own.tokenizer.count($1.content ?? "") : 0) })
            } else {
                count = counter.count(c)
            }
            return Spooled(line: targetWriter?.line(c) ?? upload.line(c), record: RunPipeline.splitRecord(c.metadata, split),
                           tokens: Int32(clamping: count.total), trained: Int32(clamping: count.trained),
                           location: c.metadata.location, toolUsage: ToolUsage(c))
        }
        // When metadata is written it is redacted, labels and ids included: the split then keys on the
        // values as read (a --group-by customer_email must not group every customer under [EMAIL]).
        let labelsAsRead = options.keepMetadata && options.redact != nil
        // rejects.jsonl is an output too: with redaction on, what it keeps of a record is redacted as the dataset is.
        var redactDropped: (@Sendable (Conversation) -> Conversation)?
        if let redactor = options.redact {
            redactDropped = { c in RedactStage.redact(c, with: redactor).0 }
        }
        let engine = BatchEngine<ReadAhead.Event, Spooled>(stages: stages, redactDropped: redactDropped, finish: finish)

        var fileDone: (@Sendable (InputReport) -> Void)?
        if let progress { fileDone = { progress.fileDone($0.bytes) } }
        let reader = ReadAhead(files: files, ingestor: ingestor, fileDone: fileDone)
        defer { reader.cancel() }
        // Batches of about `StageChain.batchSize` conversations, with the events around them.
        func intake() throws -> BatchEngine<ReadAhead.Event, Spooled>.Intake? {
            var events: [ReadAhead.Event] = []
            var conversations: [Conversation] = []
            while conversations.count < StageChain.batchSize, let event = try reader.next() {
                switch consume event {
                case .items(var items):
                    // Conversations move to the engine; `commit` only needs to know where each one was, so
                    // the event keeps an empty stand-in (the stages then change conversations in place,
                    // not copies still shared with the event).
                    for i in items.indices {
                        guard case .conversation(let c) = items[i] else { continue }
                        conversations.append(c)
                        items[i] = .conversation(labelsAsRead ? RunPipeline.labels(of: c, split) : RunPipeline.movedOut)
                    }
                    events.append(.items(items))
                case let other:
                    events.append(other)
                }
            }
            return events.isEmpty ? nil : .init(events: events, conversations: conversations)
        }
        // Batches in input order, on one thread at a time: the books, the rejects and the spool.
        func commit(_ batch: BatchEngine<ReadAhead.Event, Spooled>.Finished) throws {
            var outcomes = batch.outcomes.makeIterator()
            var changes = batch.changes.makeIterator()
            for event in batch.events {
                switch event {
                case .fileStarted(let fileIndex):
                    report.inputs.append(RunReport.Input(read: InputReport(path: files[fileIndex], format: "unrecognized")))
                case .fileFinished(let fileIndex, let read):
                    report.inputs[fileIndex].read = read
                    if let reason = read.skippedReason { diagnostic("skipped \(files[fileIndex]): \(reason)") }
                    for warning in read.warnings { diagnostic("\(files[fileIndex]): \(warning)") }
                case .items(let items):
                    let fileIndex = report.inputs.count - 1
                    for item in items {
                        switch item {
                        case .reject(var r):
                            report.inputs[fileIndex].rejected.add(r.reason)
                            if let redactor = options.redact, let record = r.record {
                                var numbering = Redactor.Numbering()
                                var found: [PIISpan] = []
                                r.record = redactor.redact(record, names: [], numbering: &numbering, found: &found)
                            }
                            let line = r.jsonLine()
                            try rejects.stream.write(line)
                            report.addSample(kind: r.kind.rawValue, reason: r.reason, line)
                            if shownRejects < maxShown { diagnostic("rejected: \(r.diagnostic)") }
                            shownRejects += 1
                        case .conversation(let asRead):
                            let changed = changes.next()!
                            if !changed.isEmpty { report.inputs[fileIndex].changes.merge(changed) }
                            switch outcomes.next()! {
                            case .dropped(_, let reason, let line):
                                report.inputs[fileIndex].dropped.add(reason)
                                try rejects.stream.write(line)
                                report.addSample(kind: "dropped", reason: reason, line)
                            case .kept(var s):
                                if labelsAsRead {
                                    s.record = RunPipeline.splitRecord(asRead.metadata, split)
                                    s.location = asRead.metadata.location
                                }
                                try spool.append(s.line)
                                splitRecords.append(s.record)
                                owners.append(Int32(fileIndex))
                                tokenCounts.append(s.tokens)
                                trainedCounts.append(s.trained)
                                toolUsages.append(s.toolUsage)
                                spooledLocations.append(s.location)
                            }
                        }
                    }
                }
            }
            progress?.update(records: owners.count)
        }
        try engine.run(source: intake, commit: commit)
        progress?.finish()
        report.stages = engine.stageTallies
        report.redactions = report.stages.first { $0.name == "redact" }?.changes ?? ReasonCounts()
        if shownRejects > maxShown { diagnostic("… and \(shownRejects - maxShown) more rejected records (see \(out.path)rejects.jsonl)") }

        var plan: SplitPlanner.Plan
        var planner = SplitPlanner(options: options.split)
        if let target = options.target {
            let sized = try TargetSplitSizing(target: target).plan(splitRecords, options: options.split)
            plan = sized.plan
            planner = SplitPlanner(options: sized.options)
            if let note = sized.note {
                diagnostic(note)
                report.splitNote = note
            }
        } else {
            plan = planner.plan(splitRecords)
        }
        for warning in try planner.check(splitRecords, plan) { diagnostic(warning) }
        if let target = options.target, target.toolUseInAllOrNone {
            // Nova 2 checks each file on its own: train and validation must each be all tool use or none.
            for (name, order) in [("train.jsonl", plan.trainOrder), ("validation.jsonl", plan.validationOrder)] {
                var tally = ToolUsageTally()
                for i in order { tally.add(toolUsages[i], line: nil) }
                if let issue = tally.issue(target, subject: name) { throw SFTPrepError.data(issue.message + "; nothing was written") }
            }
        }
        report.strata = plan.strata
        let train = try create("train.jsonl")
        let validation = try create("validation.jsonl")
        try spool.copy(plan.trainOrder, to: train.stream)
        try spool.copy(plan.validationOrder, to: validation.stream)
        // The dataset goes to disk while the books and reports are made.
        let syncing = BackgroundSync([train, validation])
        for i in plan.trainOrder {
            report.inputs[Int(owners[i])].train += 1
            report.trainTokens.tokens.append(Int(tokenCounts[i]))
            report.trainTokens.trainedTokens += Int(trainedCounts[i])
            report.trainTokens.locations.append(spooledLocations[i])
        }
        for i in plan.validationOrder {
            report.inputs[Int(owners[i])].validation += 1
            report.validationTokens.tokens.append(Int(tokenCounts[i]))
            report.validationTokens.trainedTokens += Int(trainedCounts[i])
        }
        if options.templateCounter == nil {
            report.otherEncodingTrainTokens = try RunPipeline.otherEncodings(plan.trainOrder, spool: spool, registry: registry, model: model)
        }
        report.trainTokens.examples = plan.trainOrder.count
        report.validationTokens.examples = plan.validationOrder.count
        for (i, side) in plan.sides.enumerated() where side == .leftOut {
            report.inputs[Int(owners[i])].dropped.add("balance_left_out")
            let record = try? JSONParser.parse(try spool.record(i))
            let r = Reject(kind: .dropped, stage: "split", reason: .balanceLeftOut,
                           message: "left out to balance the strata (--balance)", source: files[Int(owners[i])], line: nil, record: record)
            try rejects.stream.write(r.jsonLine())
        }
        report.outputs = Dictionary(uniqueKeysWithValues: RunPipeline.outputNames.map {
            ($0.replacingOccurrences(of: ".jsonl", with: "").replacingOccurrences(of: ".", with: "_"), out.path + $0)
        })
        report.elapsedSeconds = RunPipeline.seconds(since: started)
        if let redactor = options.redact {
            // Cleaning's excerpts were taken before redaction: they go through it now, as the dataset did.
            let types = Set(PIIType.allCases.map(\.rawValue))
            for i in report.inputs.indices {
                report.inputs[i].changes = report.inputs[i].changes.mapExamples { reason, e in
                    guard !types.contains(reason) else { return e }
                    var numbering = Redactor.Numbering()
                    return .init(before: redactor.redact(e.before, numbering: &numbering).0, after: redactor.redact(e.after, numbering: &numbering).0)
                }
            }
        }
        let reportFile = try create("report.json")
        var w = JSONWriter(capacity: 4096)
        w.pretty(report.json)
        w.byte(0x0A)
        try reportFile.stream.write(w.bytes)
        let html = try create("report.html")
        try html.stream.write(HTMLReport.render(report))
        // Everything on disk first, then the renames: a full disk fails the run before any output appears.
        try syncing.wait()
        for f in [rejects, reportFile, html] { try f.stream.flushAndSync() }
        spool.discard()  // gone before the staging folder becomes the output folder
        try out.commit([train, validation, rejects, reportFile, html])
        succeeded = true
        return report
    }

    /// Stands in the input's events for a conversation handed to the stages.
    static let movedOut = Conversation(messages: [])

    /// Stands in for a conversation handed to the stages, keeping the metadata the split and the report key on.
    static func labels(of c: Conversation, _ split: SplitOptions) -> Conversation {
        var kept = JSONObject()
        for key in ["id", "source", "line"] + [split.stratifyBy, split.groupBy].compactMap({ $0 }) {
            if let v = c.metadata[key] { kept[key] = v }
        }
        return Conversation(messages: [], metadata: Metadata(kept))
    }

    /// What the split needs of a conversation: its id (its location when it has none of its own), stratum and group.
    static func splitRecord(_ m: Metadata, _ split: SplitOptions) -> SplitPlanner.Record {
        SplitPlanner.Record(id: m.id ?? m.location, stratum: split.stratifyBy.flatMap { m.label($0) } ?? "",
                            group: split.groupBy.flatMap { m.label($0) })
    }

    /// What the spool keeps of a conversation that survived the stages.
    struct Spooled {
        var line: [UInt8]
        var record: SplitPlanner.Record
        var tokens: Int32
        var trained: Int32
        var location: String
        var toolUsage: ToolUsage
    }

    /// The stages of a run, in order: clean, dedup, redact (each unless turned off), fit with `--max-tokens`,
    /// the final check, and the target's rules with `--target`.
    public static func stages(_ options: RunOptions) throws -> [any Stage] {
        var stages: [any Stage] = []
        if let clean = options.clean { stages.append(CleanStage(options: clean)) }
        if let dedup = options.dedup { stages.append(DedupStage(options: dedup)) }
        if let redactor = options.redact { stages.append(RedactStage(redactor: redactor, includeMetadata: options.keepMetadata)) }
        if options.fit != nil || options.target != nil {
            let registry = try ModelRegistry.load(options.modelsFile)
            let model = try registry.require(options.model)
            if let fit = options.fit {
                let counter = ChatTokenCounter(tokenizer: BPETokenizer.shared(model.encoding), accounting: registry.accounting)
                stages.append(FitStage(maxTokens: fit.maxTokens, mode: fit.mode,
                                       counting: options.templateCounter.map(FitStage.Counter.template) ?? .openAI(counter)))
            }
            stages.append(ExampleCheck())
            if let target = options.target {
                stages.append(TargetStage(profile: target, model: model, accounting: registry.accounting, maxTokens: options.fit?.maxTokens))
            }
        } else {
            stages.append(ExampleCheck())
        }
        return stages
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double { seconds(ContinuousClock.now - start) }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Now, UTC, as `2026-12-06T16:40:12Z`.
    static func utcNow() -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date())
    }

    /// The settings a reader of the report wants to see, in words.
    static func settings(_ o: RunOptions) -> [(name: String, value: String)] {
        var out: [(name: String, value: String)] = [("model", o.model), ("target", o.target?.name ?? "none (OpenAI chat format)")]
        switch o.split.validation {
        case .fraction(let f): out.append(("validation", "\(NumberFormatting.oneDecimal(f * 100))%"))
        case .count(let c): out.append(("validation", "\(c) examples"))
        }
        out.append(("stratify by", o.split.stratifyBy ?? "nothing"))
        out.append(("group by", o.split.groupBy ?? "nothing"))
        switch o.split.balance {
        case .none: out.append(("balance", "none"))
        case .equal: out.append(("balance", "equal"))
        case .cap(let c): out.append(("balance", "at most \(c) per stratum"))
        }
        out.append(("seed", String(o.split.seed)))
        out.append(("clean", o.clean == nil ? "off" : "on"))
        if let d = o.dedup {
            out.append(("dedup", d.near ? "exact and near (threshold \(d.threshold), \(d.ngram)-grams, \(d.permutations) permutations\(d.ignoreDigits ? ", digits ignored" : ""))" : "exact only"))
        } else {
            out.append(("dedup", "off"))
        }
        if let r = o.redact {
            let mode: String
            switch r.mode {
            case .placeholder: mode = "placeholders"
            case .numbered: mode = "numbered placeholders"
            case .mask: mode = "masks"
            case .hash: mode = "salted pseudonyms"
            }
            out.append(("redact", mode))
        } else {
            out.append(("redact", "off"))
        }
        if let fit = o.fit {
            let counted = o.templateCounter.map { ", counted with \($0.tokenizer.tokenizerName) and its chat template" } ?? ""
            out.append(("max tokens", "\(fit.maxTokens), longer examples: \(fit.mode.rawValue)\(counted)"))
        }
        out.append(("keep metadata", o.keepMetadata ? "yes (redacted)" : "no"))
        return out
    }

    /// Train's tokens counted with the registry's other encodings (cl100k_base models beside o200k_base
    /// ones), so the report's cost table covers every model; skipped past `otherEncodingLimit` examples,
    /// `otherEncodingBytes` of text or an example over a megabyte, where it would add a second full
    /// tokenization and its memory (one 50 MB example: 25 s and 0.7 GB more) — `sftprep stats --model`
    /// counts them.
    static let otherEncodingLimit = 50_000
    static let otherEncodingBytes = 64 << 20

    static func otherEncodings(_ order: [Int], spool: SpoolFile, registry: ModelRegistry, model: FineTuneModel) throws -> [BPETokenizer.Encoding: DatasetStatistics] {
        let others = Set(registry.models.map(\.encoding)).subtracting([model.encoding])
        guard !others.isEmpty, order.count <= otherEncodingLimit else { return [:] }
        var lines: [[UInt8]] = []
        lines.reserveCapacity(order.count)
        var bytes = 0
        for i in order {
            lines.append(try spool.record(i))
            bytes += lines[lines.count - 1].count
            if bytes > otherEncodingBytes || lines[lines.count - 1].count > 1 << 20 { return [:] }
        }
        var out: [BPETokenizer.Encoding: DatasetStatistics] = [:]
        for encoding in others {
            let counter = ChatTokenCounter(tokenizer: BPETokenizer.shared(encoding), accounting: registry.accounting)
            let counts = ParallelMap.map(lines.count) { k -> ChatTokenCounter.Count? in
                guard let o = try? JSONParser.parse(lines[k]).objectValue, let form = try? TargetRecordReader.chatForm(o),
                      let (c, _) = try? JSONRecordMapper(forced: .openai).map(form.object, source: "", line: k + 1) else { return nil }
                return counter.count(c)
            }
            var stats = DatasetStatistics()
            for c in counts.compactMap({ $0 }) {
                stats.tokens.append(c.total)
                stats.trainedTokens += c.trained
            }
            stats.examples = stats.tokens.count
            out[encoding] = stats
        }
        return out
    }
}
