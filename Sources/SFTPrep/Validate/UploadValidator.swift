/// Validates a dataset file before upload to a target, streaming: every problem
/// with its line, not only the first; whole-file rules (byte-order mark, size,
/// number of examples, one format per file, consistent system prompts,
/// duplicates) afterwards. Memory holds one hash and one token count per example.
public struct UploadValidator {
    public struct Options: Sendable {
        public var model: FineTuneModel
        public var accounting = ChatAccounting()
        public var profile = TargetProfile.openai
        /// Tokens per example, instead of the target's (or the model's) limit.
        public var maxTokens: Int?
        /// Fewest examples, instead of the target's minimum.
        public var minExamples: Int?
        public var forbidden = Options.openAISpecialTokens
        /// `--tokenizer`: count in an open model's own tokens (through its chat template); the limit is `maxTokens`.
        public var templateCounter: ChatTemplateCounter?
        /// Special-token strings OpenAI refuses in training text.
        public static let openAISpecialTokens = ["<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|endofprompt|>"]
        public init(model: FineTuneModel) { self.model = model }
    }

    public struct Report: Sendable {
        public var issues: [ValidationIssue] = []
        public var statistics = DatasetStatistics()
        public var errors: [ValidationIssue] { issues.filter { $0.severity == .error } }
        public var warnings: [ValidationIssue] { issues.filter { $0.severity == .warning } }
        public var ok: Bool { errors.isEmpty }
    }

    public let options: Options

    public init(options: Options) { self.options = options }

    public func validate(path: String) throws -> Report {
        let input = try InputFile(path: path)
        var report = Report()
        let profile = options.profile
        let head = try input.peek(4096)
        let hasBOM = head.starts(with: [0xEF, 0xBB, 0xBF])
        switch (profile.bom, hasBOM) {
        case (.forbidden, true):
            report.issues.append(.error(1, "bom", "the file starts with a UTF-8 byte-order mark, which \(profile.name)'s loader fails on (sftprep export --target \(profile.name) removes it)"))
        case (.tolerated(let warning), true):
            report.issues.append(.warning(1, "bom", warning))
        default: break
        }
        if let reason = FormatDetector.binaryReason(head) {
            report.issues.append(.error(nil, "not_text", "not JSON Lines: \(reason)"))
            return report
        }
        if head.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }) == UInt8(ascii: "[") {
            report.issues.append(.error(nil, "not_jsonl", "the file is one JSON array, not JSON Lines (one object per line); convert it with 'sftprep ingest \(path) > data.jsonl' or 'sftprep run'"))
            return report
        }
        var checker = ExampleChecker(profile: profile, model: options.model, accounting: options.accounting,
                                     maxTokens: options.maxTokens, forbidden: options.forbidden)
        if let t = options.templateCounter {
            checker.templateCounter = t
            checker = checker.limited(to: options.maxTokens)
        }
        var firstShape: (shape: String, line: Int)?
        var mixed: (shape: String, line: Int)?
        var firstSeen: [UInt64: Int] = [:]
        var withSystem = 0, withoutSystem = 0
        var tools = ToolUsageTally()
        var firstWith: Int?, firstWithout: Int?
        var batch: [(line: Int, bytes: [UInt8])] = []

        func flush() {
            let results = ParallelMap.map(batch.count) { i in batch[i].bytes.withUnsafeBufferPointer { checker.check($0, line: batch[i].line) } }
            for (item, r) in zip(batch, results) {
                report.issues += r.issues
                guard r.isExample else { continue }
                if let shape = r.shape {
                    if let first = firstShape { if mixed == nil && shape != first.shape { mixed = (shape, item.line) } } else { firstShape = (shape, item.line) }
                }
                report.statistics.examples += 1
                report.statistics.messages += r.messages
                if let f = r.fingerprint, !r.issues.contains(where: { $0.severity == .error }) {
                    if let first = firstSeen[f] {
                        report.issues.append(.warning(item.line, "duplicate_example", "same example as line \(first)"))
                    } else {
                        firstSeen[f] = item.line
                    }
                }
                if let t = r.tokens {
                    report.statistics.tokens.append(t)
                    report.statistics.trainedTokens += r.trained
                    report.statistics.locations.append("line \(item.line)")
                    tools.add(r.toolUsage, line: item.line)
                    if r.declaresSystem { withSystem += 1; firstWith = firstWith ?? item.line } else { withoutSystem += 1; firstWithout = firstWithout ?? item.line }
                }
            }
            batch.removeAll(keepingCapacity: true)
        }

        try LineReader(input).forEachLine({ line, bytes in
            batch.append((line, Array(bytes)))
            if batch.count >= 1024 { flush() }
        }, oversized: { line, length in
            report.statistics.examples += 1
            report.issues.append(.error(line, "line_too_large", JSONRecordReader.tooLarge(length)))
        })
        flush()
        if withSystem > 0 && withoutSystem > 0 {
            func examples(_ n: Int, _ verb: String) -> String { n == 1 ? "1 example \(verb)s" : "\(n) examples \(verb)" }
            let counts = "\(examples(withSystem, "have").replacingOccurrences(of: "haves", with: "has")) a system prompt (first: line \(firstWith!)) and \(withoutSystem) \(withoutSystem == 1 ? "does" : "do") not (first: line \(firstWithout!))"
            if profile.systemKeyInAllOrNone {
                report.issues.append(.error(nil, "inconsistent_system", "\(counts); \(profile.name) refuses the file unless every record has \"system\" or none does (sftprep export writes \"system\": [] where there is no prompt)"))
            } else {
                report.issues.append(.warning(nil, "inconsistent_system", "\(counts); the model learns best from one convention"))
            }
        }
        if let issue = tools.issue(profile, subject: "the file") { report.issues.append(issue) }
        report.issues += profile.fileIssues(examples: report.statistics.examples, bytes: input.bytesRead,
                                            minimum: options.minExamples, subject: "the file", written: false)
        if profile.oneFormatPerFile, let first = firstShape, let other = mixed {
            report.issues.append(.error(other.line, "mixed_formats", "this record is \(other.shape) but line \(first.line) is \(first.shape); \(profile.name) takes one dataset format per file"))
        }
        // By line, errors first; otherwise in the order found (a stable sort, so the output never varies).
        report.issues = report.issues.enumerated().sorted {
            ($0.element.line ?? .max, $0.element.severity == .error ? 0 : 1, $0.offset) < ($1.element.line ?? .max, $1.element.severity == .error ? 0 : 1, $1.offset)
        }.map(\.element)
        return report
    }
}
