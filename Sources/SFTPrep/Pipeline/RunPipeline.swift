import Foundation

/// `sftprep run`: reads every input, passes each conversation through the
/// stages, splits what survives, and writes the dataset, the rejects and the
/// report into the output directory.
///
/// Outputs appear only when complete (temporary files renamed at the end).
/// Conversations wait in a spool file until the split is decided, so memory
/// holds one 8-byte key and one input index per record.
public struct RunPipeline {
    public static let outputNames = ["train.jsonl", "validation.jsonl", "rejects.jsonl", "report.json"]

    public let options: RunOptions

    public init(options: RunOptions) { self.options = options }

    /// Runs the pipeline. `diagnostic` receives warnings (skipped files, the first rejects) for standard error.
    public func run(diagnostic: (String) -> Void) throws -> RunReport {
        let started = ContinuousClock.now
        let out = try prepareOutputDirectory()
        let ingestor = Ingestor(options: options.ingest)
        let files = try ingestor.expand(options.inputs, excluding: out.canonical)
        if files.isEmpty { throw SFTPrepError.usage("no input files found in \(options.inputs.joined(separator: ", "))") }

        let rejects = try AtomicFile(path: out.path + "rejects.jsonl")
        let spool = try SpoolFile(directory: out.path)
        let upload = options.keepMetadata ? ChatRecordWriter.pipe : ChatRecordWriter.upload
        var chain = StageChain(RunPipeline.stages(options))
        var report = RunReport()
        report.validationFraction = options.validationFraction
        report.seed = options.seed
        var keys: [UInt64] = []
        var owners: [Int32] = []
        var shownRejects = 0
        let maxShown = 5
        var batch: [Conversation] = []
        var batchOwners: [Int] = []

        func flush() throws {
            guard !batch.isEmpty else { return }
            let (kept, dropped) = try chain.run(batch)
            for (position, r) in dropped {
                report.inputs[batchOwners[position]].dropped.add(r.reason)
                try rejects.stream.write(r.jsonLine())
            }
            for (position, c) in kept {
                try spool.append(upload.line(c))
                keys.append(StableHash.hash(c.id, seed: options.seed))
                owners.append(Int32(batchOwners[position]))
            }
            batch.removeAll(keepingCapacity: true)
            batchOwners.removeAll(keepingCapacity: true)
        }

        for (fileIndex, path) in files.enumerated() {
            report.inputs.append(RunReport.Input(read: InputReport(path: path, format: "unrecognized")))
            let read = try ingestor.ingest(path: path) { item in
                switch item {
                case .reject(let r):
                    report.inputs[fileIndex].rejected.add(r.reason)
                    try rejects.stream.write(r.jsonLine())
                    if shownRejects < maxShown { diagnostic("rejected: \(r.diagnostic)") }
                    shownRejects += 1
                case .conversation(let c):
                    batch.append(c)
                    batchOwners.append(fileIndex)
                    if batch.count >= StageChain.batchSize { try flush() }
                }
            }
            report.inputs[fileIndex].read = read
            if let reason = read.skippedReason { diagnostic("skipped \(path): \(reason)") }
        }
        try flush()
        report.stages = chain.tallies
        if shownRejects > maxShown { diagnostic("… and \(shownRejects - maxShown) more rejected records (see \(out.path)rejects.jsonl)") }

        let toValidation = HashSplitter(fraction: options.validationFraction, seed: options.seed).assign(keys: keys)
        let train = try AtomicFile(path: out.path + "train.jsonl")
        let validation = try AtomicFile(path: out.path + "validation.jsonl")
        try spool.forEachLine { index, line in
            let owner = Int(owners[index])
            if toValidation[index] {
                report.inputs[owner].validation += 1
                try validation.stream.write(line)
                try validation.stream.write([0x0A])
            } else {
                report.inputs[owner].train += 1
                try train.stream.write(line)
                try train.stream.write([0x0A])
            }
        }
        report.outputs = Dictionary(uniqueKeysWithValues: RunPipeline.outputNames.map {
            (String($0.split(separator: ".")[0]), out.path + $0)
        })
        report.elapsedSeconds = RunPipeline.seconds(since: started)
        let reportFile = try AtomicFile(path: out.path + "report.json")
        var w = JSONWriter(capacity: 4096)
        w.pretty(report.json)
        w.byte(0x0A)
        try reportFile.stream.write(w.bytes)
        for f in [train, validation, rejects, reportFile] { try f.commit() }
        return report
    }

    /// The stages of a run, in order: clean, dedup (each unless turned off), then the final check.
    public static func stages(_ options: RunOptions) -> [any Stage] {
        var stages: [any Stage] = []
        if let clean = options.clean { stages.append(CleanStage(options: clean)) }
        if let dedup = options.dedup { stages.append(DedupStage(options: dedup)) }
        stages.append(ExampleCheck())
        return stages
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Creates the output directory if needed and refuses to overwrite a dataset unless `force`.
    private func prepareOutputDirectory() throws(SFTPrepError) -> (path: String, canonical: String) {
        let dir = options.outputDirectory
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: dir, isDirectory: &isDir) {
            guard isDir.boolValue else { throw SFTPrepError.io(path: dir, message: "exists and is not a directory") }
        } else {
            do { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                throw SFTPrepError.io(path: dir, message: "cannot create the output directory")
            }
        }
        guard fm.isWritableFile(atPath: dir) else { throw SFTPrepError.io(path: dir, message: "output directory is not writable") }
        let path = dir.hasSuffix("/") ? dir : dir + "/"
        if !options.force, let existing = RunPipeline.outputNames.first(where: { fm.fileExists(atPath: path + $0) }) {
            throw SFTPrepError.usage("\(path) already holds a dataset (\(existing)); pass --force to replace it, or choose another --out")
        }
        return (path, Ingestor.canonicalPath(dir))
    }
}
