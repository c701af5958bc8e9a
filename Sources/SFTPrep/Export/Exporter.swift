/// `sftprep export`: writes a dataset in a target's format, streaming.
///
/// Every example goes through the same ``ExampleChecker`` as `validate --target`,
/// so the two agree by construction: what validate calls an error, export
/// refuses (into the rejects, with the codes), and what it writes passes.
/// Without `fix`, nothing is changed but the layout (keys the target rejects
/// dropped, Gemini or Bedrock structure, byte-order mark, blank lines). With
/// `fix`, ``ExampleRepairer`` first makes the safe repairs, each counted.
public struct Exporter {
    public struct Options: Sendable {
        public var profile: TargetProfile
        public var fix = false
        public var model: FineTuneModel
        public var accounting = ChatAccounting()
        public var maxTokens: Int?
        public var minExamples: Int?
        public var forbidden = UploadValidator.Options.openAISpecialTokens

        public init(profile: TargetProfile, model: FineTuneModel) {
            self.profile = profile
            self.model = model
        }
    }

    public struct Report: Sendable {
        public var read = 0
        public var written = 0
        public var blankLines = 0
        public var bytesWritten = 0
        /// Refused examples by their first error code.
        public var rejected = ReasonCounts()
        /// Repairs made with `fix`, by kind.
        public var repairs = ReasonCounts()
        /// Errors of refused examples, with lines, and whole-file errors.
        public var errors: [ValidationIssue] = []
        /// Whether the written file is one the target accepts.
        public var ok: Bool { errors.isEmpty }
    }

    public let options: Options

    public init(options: Options) { self.options = options }

    /// Reads `path` (JSON Lines, or a JSON array of records) and writes the target's file to `output`.
    public func export(path: String, to output: OutputStream, rejects: OutputStream?) throws -> Report {
        let profile = options.profile
        let input = try InputFile(path: path)
        let checker = ExampleChecker(profile: profile, model: options.model, accounting: options.accounting,
                                     maxTokens: options.maxTokens, forbidden: options.forbidden)
        let repairer = ExampleRepairer(profile: profile)
        let writer = TargetRecordWriter(profile: profile)
        var report = Report()
        var batch: [(line: Int, bytes: [UInt8])] = []
        var tools = ToolUsageTally()

        func flush() throws {
            let outcomes = ParallelMap.map(batch.count) { i in
                batch[i].bytes.withUnsafeBufferPointer { convert($0, line: batch[i].line, source: path, checker: checker, repairer: repairer, writer: writer) }
            }
            for o in outcomes {
                report.repairs.merge(o.repairs)
                if let line = o.line {
                    tools.add(o.toolUsage, line: report.written + 1)
                    try output.write(line)
                    report.written += 1
                    report.bytesWritten += line.count
                } else if let r = o.reject {
                    report.rejected.add(r.reason)
                    report.errors += o.errors
                    try rejects?.write(r.jsonLine())
                }
            }
            batch.removeAll(keepingCapacity: true)
        }
        func handle(_ line: Int, _ bytes: UnsafeBufferPointer<UInt8>) throws {
            if JSONRecordReader.isBlank(bytes) { report.blankLines += 1; return }
            report.read += 1
            batch.append((line, Array(bytes)))
            if batch.count >= StageChain.batchSize { try flush() }
        }
        let head = try input.peek(1 << 16)
        if let reason = FormatDetector.binaryReason(head) {
            throw SFTPrepError.data("\(path): not JSON Lines: \(reason); nothing exported")
        }
        switch JSONRecordReader.layout(of: head) {
        case .lines:
            try LineReader(input).forEachLine(handle, oversized: { line, length in
                try flush()  // keep refusals in line order
                report.read += 1
                report.rejected.add("record_too_large")
                let message = JSONRecordReader.tooLarge(length)
                report.errors.append(.error(line, "record_too_large", message))
                try rejects?.write(Reject(stage: "export", reason: .recordTooLarge, message: message, source: path, line: line).jsonLine())
            })
        case .array:
            try JSONArrayStreamer(input).forEachElement(handle) { error in
                report.read += 1
                report.rejected.add("invalid_json")
                report.errors.append(.error(error.line, "invalid_json", error.message))
                try rejects?.write(Reject(stage: "export", reason: .invalidJSON, message: error.message, source: path, line: error.line).jsonLine())
            }
        case .document:
            var all = try input.readAll()
            if all.starts(with: [0xEF, 0xBB, 0xBF]) { all.removeFirst(3) }
            try all.withUnsafeBufferPointer { try handle(1, $0) }
        }
        try flush()

        if let issue = tools.issue(profile, subject: "the output") { report.errors.append(issue) }
        report.errors += profile.fileIssues(examples: report.written, bytes: report.bytesWritten,
                                            minimum: options.minExamples, subject: "the output", written: true)
        return report
    }

    struct Outcome: Sendable {
        var line: [UInt8]?
        var reject: Reject?
        var errors: [ValidationIssue] = []
        var repairs = ReasonCounts()
        var toolUsage: ToolUsage = []
    }

    /// One record in, one line or one reject out. Pure, so records convert in parallel.
    func convert(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, source: String,
                 checker: ExampleChecker, repairer: ExampleRepairer, writer: TargetRecordWriter) -> Outcome {
        var outcome = Outcome()
        var result = ExampleChecker.Result()
        if options.fix {
            guard let object = checker.object(bytes, line: line, into: &result) else { return refused(line, source, bytes, result.issues) }
            var repairs = ReasonCounts()
            var conversation: Conversation
            do { conversation = try repairer.read(object, source: source, line: line, counts: &repairs) } catch {
                return refused(line, source, bytes, [.error(line, error.reason, error.field.map { "\($0): \(error.message)" } ?? error.message)])
            }
            repairer.repair(&conversation, counts: &repairs)
            result = checker.check(conversation, line: line)
            outcome.repairs = repairs
        } else {
            result = checker.check(bytes, line: line)
        }
        let errors = ExampleChecker.refusals(result)
        guard errors.isEmpty, let conversation = result.conversation else {
            // A refused example counts no repairs: none of them reached the output.
            return refused(line, source, bytes, errors.isEmpty ? [.error(line, "unreadable", "the record could not be read")] : errors)
        }
        outcome.line = writer.line(conversation)
        outcome.toolUsage = result.toolUsage
        return outcome
    }

    private func refused(_ line: Int, _ source: String, _ bytes: UnsafeBufferPointer<UInt8>, _ errors: [ValidationIssue]) -> Outcome {
        let first = errors[0]
        let message = errors.map { "\($0.code): \($0.message)" }.joined(separator: "; ")
        let reject = Reject(kind: options.fix ? .dropped : .rejected, stage: "export", reason: first.code,
                            message: options.fix ? "cannot be repaired for \(options.profile.name): \(message)" : message,
                            source: source, line: line, record: JSONRecordReader.excerpt(bytes))
        return Outcome(line: nil, reject: reject, errors: errors)
    }
}
