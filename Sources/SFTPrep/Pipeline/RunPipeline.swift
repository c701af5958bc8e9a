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
        let existed = FileManagerShim.exists(options.outputDirectory)
        let out = try prepareOutputDirectory()
        var succeeded = false
        var opened: [AtomicFile] = []
        var spoolFile: SpoolFile?
        // A failed run leaves nothing: its temporary files go, and so does a directory it created.
        defer {
            if !succeeded {
                for f in opened { f.abort() }
                spoolFile?.discard()
                if !existed { rmdir(options.outputDirectory) }
            }
        }
        func create(_ name: String) throws(SFTPrepError) -> AtomicFile {
            let f = try AtomicFile(path: out.path + name)
            opened.append(f)
            return f
        }
        var ingestor = Ingestor(options: options.ingest)
        if let progress { ingestor.onRead = { progress.update(bytesInFile: $0) } }
        let files = try ingestor.expand(options.inputs, excluding: out.canonical)
        if files.isEmpty { throw SFTPrepError.usage("no input files found in \(options.inputs.joined(separator: ", "))") }

        let rejects = try create("rejects.jsonl")
        let spool = try SpoolFile(directory: out.path)
        spoolFile = spool
        let upload = options.keepMetadata ? ChatRecordWriter.pipe : ChatRecordWriter.upload
        let targetWriter = options.target.map(TargetRecordWriter.init)
        let stages = try RunPipeline.stages(options)
        var report = RunReport()
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
        var spooledLocations: [String] = []
        var shownRejects = 0
        let maxShown = 5

        // Per kept conversation, on any core: its output line, split keys, token counts and location.
        let split = options.split
        let finish: @Sendable (Conversation) -> Spooled = { c in
            let count = counter.count(c)
            // Without an id of its own, a conversation's id is its location: one string for both.
            let location = c.metadata.location
            return Spooled(line: targetWriter?.line(c) ?? upload.line(c),
                           record: SplitPlanner.Record(id: c.metadata.id ?? location,
                                                       stratum: split.stratifyBy.flatMap { c.metadata.label($0) } ?? "",
                                                       group: split.groupBy.flatMap { c.metadata.label($0) }),
                           tokens: Int32(clamping: count.total), trained: Int32(clamping: count.trained),
                           location: location)
        }
        let engine = BatchEngine<ReadAhead.Event, Spooled>(stages: stages, finish: finish)

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
                        items[i] = .conversation(RunPipeline.movedOut)
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
            for event in batch.events {
                switch event {
                case .fileStarted(let fileIndex):
                    report.inputs.append(RunReport.Input(read: InputReport(path: files[fileIndex], format: "unrecognized")))
                case .fileFinished(let fileIndex, let read):
                    report.inputs[fileIndex].read = read
                    if let reason = read.skippedReason { diagnostic("skipped \(files[fileIndex]): \(reason)") }
                case .items(let items):
                    let fileIndex = report.inputs.count - 1
                    for item in items {
                        switch item {
                        case .reject(let r):
                            report.inputs[fileIndex].rejected.add(r.reason)
                            try rejects.stream.write(r.jsonLine())
                            if shownRejects < maxShown { diagnostic("rejected: \(r.diagnostic)") }
                            shownRejects += 1
                        case .conversation:
                            switch outcomes.next()! {
                            case .dropped(_, let reason, let line):
                                report.inputs[fileIndex].dropped.add(reason)
                                try rejects.stream.write(line)
                            case .kept(let s):
                                try spool.append(s.line)
                                splitRecords.append(s.record)
                                owners.append(Int32(fileIndex))
                                tokenCounts.append(s.tokens)
                                trainedCounts.append(s.trained)
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

        let plan = SplitPlanner(options: options.split).plan(splitRecords)
        report.strata = plan.strata
        let train = try create("train.jsonl")
        let validation = try create("validation.jsonl")
        if options.target?.writesBOM == true {
            for f in [train, validation] { try f.stream.write([0xEF, 0xBB, 0xBF]) }
        }
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
        }
        report.trainTokens.examples = plan.trainOrder.count
        report.validationTokens.examples = plan.validationOrder.count
        for (i, side) in plan.sides.enumerated() where side == .leftOut {
            report.inputs[Int(owners[i])].dropped.add("balance_left_out")
            let record = try? JSONParser.parse(try spool.record(i))
            let r = Reject(kind: .dropped, stage: "split", reason: "balance_left_out",
                           message: "left out to balance the strata (--balance)", source: files[Int(owners[i])], line: nil, record: record)
            try rejects.stream.write(r.jsonLine())
        }
        report.outputs = Dictionary(uniqueKeysWithValues: RunPipeline.outputNames.map {
            ($0.replacingOccurrences(of: ".jsonl", with: "").replacingOccurrences(of: ".", with: "_"), out.path + $0)
        })
        report.elapsedSeconds = RunPipeline.seconds(since: started)
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
        let outputs = [train, validation, rejects, reportFile, html]
        for f in outputs { try f.commit() }
        succeeded = true
        return report
    }

    /// Stands in the input's events for a conversation handed to the stages.
    static let movedOut = Conversation(messages: [])

    /// What the spool keeps of a conversation that survived the stages.
    struct Spooled {
        var line: [UInt8]
        var record: SplitPlanner.Record
        var tokens: Int32
        var trained: Int32
        var location: String
    }

    /// The stages of a run, in order: clean, dedup, redact (each unless turned off), the final check, and the target's rules with `--target`.
    public static func stages(_ options: RunOptions) throws -> [any Stage] {
        var stages: [any Stage] = []
        if let clean = options.clean { stages.append(CleanStage(options: clean)) }
        if let dedup = options.dedup { stages.append(DedupStage(options: dedup)) }
        if let redactor = options.redact { stages.append(RedactStage(redactor: redactor)) }
        stages.append(ExampleCheck())
        if let target = options.target {
            let registry = try ModelRegistry.load(options.modelsFile)
            stages.append(TargetStage(profile: target, model: try registry.require(options.model), accounting: registry.accounting))
        }
        return stages
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double { seconds(ContinuousClock.now - start) }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Creates the output directory if needed and refuses to overwrite a dataset unless `force`.
    private func prepareOutputDirectory() throws(SFTPrepError) -> (path: String, canonical: String) {
        let dir = options.outputDirectory
        let fm = FileManager.default
        try FileManagerShim.createDirectory(dir)
        guard fm.isWritableFile(atPath: dir) else { throw SFTPrepError.io(path: dir, message: "output directory is not writable") }
        let path = dir.hasSuffix("/") ? dir : dir + "/"
        if !options.force, let existing = RunPipeline.outputNames.first(where: { fm.fileExists(atPath: path + $0) }) {
            throw SFTPrepError.usage("\(path) already holds a dataset (\(existing)); pass --force to replace it, or choose another --out")
        }
        return (path, Ingestor.canonicalPath(dir))
    }
}
