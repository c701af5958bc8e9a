/// Everything a run did, accounted so that for every input and in total
/// `read = written + dropped + rejected`. Written as `report.json`.
public struct RunReport: Sendable {
    /// Per-input tallies.
    public struct Input: Sendable {
        public var read: InputReport
        public var dropped = ReasonCounts()
        public var train = 0
        public var validation = 0
        public var rejected = ReasonCounts()
        /// What the stages changed in this input's records (repairs such as quoted-history, redactions by type).
        public var changes = ReasonCounts()

        public var written: Int { train + validation }
    }

    /// Records into and out of one stage, and what it dropped.
    public struct StageTally: Sendable {
        public var name: String
        public var input = 0
        public var output = 0
        public var dropped = ReasonCounts()
        /// What the stage changed in the records it kept (repairs, merges), by kind.
        public var changes = ReasonCounts()
        /// Time spent in the stage, summed over the threads that ran it.
        public var seconds = 0.0

        /// Adds another part's counts and time (the same stage on another chunk or thread).
        mutating func merge(_ t: StageTally) {
            input += t.input
            output += t.output
            dropped.merge(t.dropped)
            changes.merge(t.changes)
            seconds += t.seconds
        }
    }

    public var command = "run"
    /// The command line as given, and when the run started (UTC, ISO 8601).
    public var commandLine: [String] = []
    public var startedAt = ""
    /// The run's settings as (name, value) pairs, in a fixed order, for the report's reader.
    public var settings: [(name: String, value: String)] = []

    /// A few of the records dropped or rejected for one reason, as the report shows them.
    public struct Sample: Sendable {
        public var kind: String
        public var reason: String
        public var source: String
        public var line: Int?
        public var message: String
        /// The start of the record's text (from rejects.jsonl, so redacted like it).
        public var excerpt: String
    }
    /// Up to ``samplesPerReason`` per (kind, reason), the first in input order.
    public var samples: [Sample] = []
    public static let samplesPerReason = 3

    /// Keeps a sample of a rejects.jsonl line unless its reason has enough already.
    /// (The count is checked before the line is parsed: a big run parses a few dozen lines, not every reject.)
    mutating func addSample(kind: String, reason: String, _ rejectLine: [UInt8]) {
        guard samples.count(where: { $0.kind == kind && $0.reason == reason }) < RunReport.samplesPerReason,
              let o = try? JSONParser.parse(rejectLine).objectValue else { return }
        var text = ""
        if let messages = o["record"]?.objectValue?["messages"]?.arrayValue {
            text = messages.compactMap { m in m.objectValue.map { "\($0["role"]?.stringValue ?? "?"): \($0["content"]?.stringValue ?? "")" } }.joined(separator: " · ")
        } else if let r = o["record"] {
            text = r.stringValue ?? r.jsonText
        }
        if text.count > 160 { text = String(text.prefix(160)) + "…" }
        samples.append(Sample(kind: kind, reason: reason, source: o["source"]?.stringValue ?? "", line: o["line"]?.doubleValue.map { Int($0) },
                              message: o["message"]?.stringValue ?? "", excerpt: text.replacingOccurrences(of: "\n", with: "⏎")))
    }

    /// Every input's changes in input order: their examples are the run's first.
    public var changes: ReasonCounts { inputs.reduce(into: ReasonCounts()) { $0.merge($1.changes) } }
    public var inputs: [Input] = []
    public var stages: [StageTally] = []
    public var split = SplitOptions()
    /// Why the validation size differs from the one asked for (a target's minimum file size).
    public var splitNote: String?
    /// Per stratum: records, left out by balancing, train, validation.
    public var strata: [(name: String, records: Int, leftOut: Int, train: Int, validation: Int)] = []
    /// Token statistics of train.jsonl, and of validation.jsonl, for `model`.
    public var trainTokens = DatasetStatistics()
    public var validationTokens = DatasetStatistics()
    /// With `--tokenizer`: what counted the tokens (`qwen2.5 with its chat template`) and the trainer's
    /// maximum length; the token statistics are then the open model's, and OpenAI's cost does not apply.
    public var ownTokenizer: String?
    public var lengthLimit: Int?
    /// Train's tokens with the registry's other encodings (empty past a size limit), for the cost table.
    public var otherEncodingTrainTokens: [BPETokenizer.Encoding: DatasetStatistics] = [:]
    public var model: FineTuneModel?
    /// The target whose format and rules the outputs follow (`--target`); nil for OpenAI's chat format.
    public var target: String?
    public var registry: ModelRegistry?
    /// Redactions by type (`EMAIL`, `PHONE`, …); empty while no redaction stage runs.
    public var redactions = ReasonCounts()
    public var outputs: [String: String] = [:]
    /// Folders below the inputs that were not read because they hold a dataset sftprep wrote.
    public var skippedFolders: [(path: String, reason: String)] = []
    public var elapsedSeconds = 0.0

    public init() {}

    public var read: Int { inputs.reduce(0) { $0 + $1.read.records } }
    public var train: Int { inputs.reduce(0) { $0 + $1.train } }
    public var validation: Int { inputs.reduce(0) { $0 + $1.validation } }
    public var written: Int { train + validation }
    public var dropped: ReasonCounts { inputs.reduce(into: ReasonCounts()) { $0.merge($1.dropped) } }
    public var rejected: ReasonCounts { inputs.reduce(into: ReasonCounts()) { $0.merge($1.rejected) } }
    public var bytesRead: Int { inputs.reduce(0) { $0 + $1.read.bytes } }
    /// Inputs that were not read, with the reason.
    public var skipped: [InputReport] { inputs.map(\.read).filter { $0.skippedReason != nil } }

    /// True when every input and the total satisfy read = written + dropped + rejected.
    public var isBalanced: Bool {
        inputs.allSatisfy { $0.read.records == $0.written + $0.dropped.total + $0.rejected.total }
            && read == written + dropped.total + rejected.total
    }

    /// The report as JSON (see `Schemas/report.schema.json`).
    public var json: JSONValue {
        func n(_ v: Int) -> JSONValue { .number(String(v)) }
        var root = JSONObject()
        root["tool"] = .object(JSONObject([JSONMember("name", .string("sftprep")), JSONMember("version", .string(SFTPrepVersion.current))]))
        root["command"] = .string(command)
        if !commandLine.isEmpty { root["command_line"] = .array(commandLine.map(JSONValue.string)) }
        if !startedAt.isEmpty { root["started_at"] = .string(startedAt) }
        if !settings.isEmpty { root["settings"] = .object(JSONObject(settings.map { JSONMember($0.name, .string($0.value)) })) }
        root["totals"] = .object(JSONObject([
            JSONMember("read", n(read)),
            JSONMember("written", n(written)),
            JSONMember("train", n(train)),
            JSONMember("validation", n(validation)),
            JSONMember("dropped", n(dropped.total)),
            JSONMember("rejected", n(rejected.total)),
            JSONMember("bytes_read", n(bytesRead)),
            JSONMember("balanced", .bool(isBalanced)),
        ]))
        root["redactions"] = redactions.json
        root["dropped"] = dropped.json
        root["rejected"] = rejected.json
        root["inputs"] = .array(inputs.map { i in
            var o = JSONObject()
            o["path"] = .string(i.read.path)
            o["format"] = .string(i.read.format)
            o["bytes"] = n(i.read.bytes)
            o["read"] = n(i.read.records)
            o["written"] = n(i.written)
            o["train"] = n(i.train)
            o["validation"] = n(i.validation)
            o["dropped"] = i.dropped.json
            o["rejected"] = i.rejected.json
            if !i.changes.isEmpty { o["changes"] = i.changes.json }
            if let reason = i.read.skippedReason { o["skipped"] = .string(reason) }
            if !i.read.warnings.isEmpty { o["warnings"] = .array(i.read.warnings.map(JSONValue.string)) }
            if !i.read.facts.isEmpty {
                o["read_as"] = .object(JSONObject(i.read.facts.sorted { $0.key < $1.key }.map { JSONMember($0.key, .string($0.value)) }))
            }
            if !i.read.notes.isEmpty {
                o["notes"] = .object(JSONObject(i.read.notes.sorted { $0.key < $1.key }.map { JSONMember($0.key, n($0.value)) }))
            }
            return .object(o)
        })
        if !skippedFolders.isEmpty {
            root["skipped_folders"] = .array(skippedFolders.map { .object(JSONObject([JSONMember("path", .string($0.path)), JSONMember("reason", .string($0.reason))])) })
        }
        root["stages"] = .array(stages.map { s in
            .object(JSONObject([JSONMember("name", .string(s.name)), JSONMember("in", n(s.input)),
                                JSONMember("out", n(s.output)), JSONMember("dropped", s.dropped.json),
                                JSONMember("changes", s.changes.json), JSONMember("seconds", .number(String(format3(s.seconds)))),
                                JSONMember("records_per_s", n(s.seconds > 0 ? Int(Double(s.input) / s.seconds) : 0))]))
        })
        var split = JSONObject()
        switch self.split.validation {
        case .fraction(let f): split["validation_fraction"] = .number(String(f))
        case .count(let c): split["validation_count"] = n(c)
        }
        split["stratify_by"] = self.split.stratifyBy.map(JSONValue.string) ?? .null
        split["group_by"] = self.split.groupBy.map(JSONValue.string) ?? .null
        switch self.split.balance {
        case .none: split["balance"] = .string("none")
        case .equal: split["balance"] = .string("equal")
        case .cap(let c): split["balance"] = .string("cap:\(c)")
        }
        split["seed"] = .number(String(self.split.seed))
        split["train"] = n(train)
        split["validation"] = n(validation)
        if let splitNote { split["adjusted"] = .string(splitNote) }
        split["strata"] = .array(strata.map { s in
            .object(JSONObject([JSONMember("name", .string(s.name)), JSONMember("records", n(s.records)), JSONMember("left_out", n(s.leftOut)),
                                JSONMember("train", n(s.train)), JSONMember("validation", n(s.validation))]))
        })
        root["split"] = .object(split)
        root["target"] = target.map(JSONValue.string) ?? .null
        if let model, let registry {
            var tokens = trainTokens.json(model: model, rule: registry.epochRule, epochs: nil).objectValue ?? JSONObject()
            tokens["validation_total"] = n(validationTokens.total)
            tokens["encoding"] = .string(model.encoding.rawValue)
            if let ownTokenizer {
                tokens["tokenizer"] = .string(ownTokenizer)
                if let lengthLimit { tokens["max_example_tokens"] = n(lengthLimit) }
            }
            root["tokens"] = .object(tokens)
            // Exact for models that share the run's tokenizer; the others need their own count (sftprep stats).
            root["cost"] = .array(registry.models.filter { $0.encoding == model.encoding && ownTokenizer == nil }.map { m in
                let c = trainTokens.cost(m, rule: registry.epochRule)
                return .object(JSONObject([JSONMember("model", .string(m.id)), JSONMember("epochs", n(c.epochs)),
                                           JSONMember("billing_tokens", n(c.billingTokens)), JSONMember("over_limit", n(c.overLimit)),
                                           JSONMember("estimated_cost_usd", .number(String((c.usd * 100).rounded() / 100))),
                                           JSONMember("price_usd_per_1m", .number(String(m.trainingUSDPer1M))), JSONMember("price_seen", .string(m.seen))]))
            })
        }
        root["outputs"] = .object(JSONObject(outputs.sorted { $0.key < $1.key }.map { JSONMember($0.key, .string($0.value)) }))
        let mb = Double(bytesRead) / 1_000_000
        root["elapsed_seconds"] = .number(String(format3(elapsedSeconds)))
        root["throughput_mb_per_s"] = .number(String(format3(elapsedSeconds > 0 ? mb / elapsedSeconds : 0)))
        return .object(root)
    }

    private func format3(_ v: Double) -> String {
        let scaled = (v * 1000).rounded() / 1000
        if scaled == scaled.rounded() { return String(Int(scaled)) }
        return String(scaled)
    }
}

/// The version printed by `--version` and recorded in reports.
public enum SFTPrepVersion {
    public static let current = "0.1.0"
}
