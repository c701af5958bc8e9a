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
        var stages: [any Stage] = [ExampleCheck()]
        var report = RunReport()
        report.validationFraction = options.validationFraction
        report.seed = options.seed
        report.stages = stages.map { RunReport.StageTally(name: $0.name) }
        var keys: [UInt64] = []
        var owners: [Int32] = []
        var shownRejects = 0
        let maxShown = 5

        for (fileIndex, path) in files.enumerated() {
            var tally = RunReport.Input(read: InputReport(path: path, format: "unrecognized"))
            let read = try ingestor.ingest(path: path) { item in
                switch item {
                case .reject(let r):
                    tally.rejected.add(r.reason)
                    try rejects.stream.write(r.jsonLine())
                    if shownRejects < maxShown { diagnostic("rejected: \(r.diagnostic)") }
                    shownRejects += 1
                case .conversation(var c):
                    for s in stages.indices {
                        report.stages[s].input += 1
                        switch try stages[s].process(c) {
                        case .keep(let kept):
                            c = kept
                            report.stages[s].output += 1
                        case .drop(let reason, let message):
                            report.stages[s].dropped.add(reason)
                            tally.dropped.add(reason)
                            let r = Reject(kind: .dropped, stage: stages[s].name, reason: reason, message: message,
                                           source: c.metadata.source ?? path, line: c.metadata.line,
                                           record: try? JSONParser.parse(ChatRecordWriter.pipe.line(c)))
                            try rejects.stream.write(r.jsonLine())
                            return
                        }
                    }
                    try spool.append(upload.line(c))
                    keys.append(StableHash.hash(c.id, seed: options.seed))
                    owners.append(Int32(fileIndex))
                }
            }
            tally.read = read
            if let reason = read.skippedReason { diagnostic("skipped \(path): \(reason)") }
            report.inputs.append(tally)
        }
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
