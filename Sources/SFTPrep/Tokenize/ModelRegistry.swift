/// One fine-tunable model: tokenizer, example limit and training price, with when and where each was seen.
public struct FineTuneModel: Sendable, Equatable {
    public var id: String
    public var aliases: [String]
    public var provider: String
    public var encoding: BPETokenizer.Encoding
    public var maxExampleTokens: Int
    public var trainingUSDPer1M: Double
    public var seen: String
    public var source: String
    /// The model's own tokenizer, for an open model: a built-in name (`qwen2.5`) or a path to its
    /// `tokenizer.json`, folder or tekken file. Counts for this model then use it (and its chat template)
    /// instead of `encoding`, which stays the estimate for OpenAI-style accounting.
    public var tokenizer: String? = nil
}

/// OpenAI's published chat token accounting and tool-definition overheads (from models.json).
public struct ChatAccounting: Sendable, Equatable {
    public struct ToolsOverhead: Sendable, Equatable {
        public var funcInit = 7, propInit = 3, propKey = 3, enumInit = -3, enumItem = 3, funcEnd = 12
    }
    public var tokensPerMessage = 3
    public var tokensPerName = 1
    public var replyPriming = 3
    public var tools: [BPETokenizer.Encoding: ToolsOverhead] = [.o200kBase: ToolsOverhead(), .cl100kBase: ToolsOverhead(funcInit: 10)]

    public init() {}
}

/// OpenAI's default epoch rule: 3 epochs, raised for small sets and lowered for large ones.
public struct EpochRule: Sendable, Equatable {
    public var target = 3, minTargetExamples = 100, maxTargetExamples = 25_000, minEpochs = 1, maxEpochs = 25

    public func epochs(examples n: Int) -> Int {
        guard n > 0 else { return 0 }
        if n * target < minTargetExamples { return min(maxEpochs, minTargetExamples / n) }
        if n * target > maxTargetExamples { return max(minEpochs, maxTargetExamples / n) }
        return target
    }
}

/// The models sftprep knows: shipped inside the binary from `models.json`, extended or
/// overridden by `--models FILE` (same shape) and by `--price` / `--max-tokens`.
public struct ModelRegistry: Sendable {
    public var models: [FineTuneModel]
    public var accounting: ChatAccounting
    public var epochRule: EpochRule
    /// The date the registry was last checked against providers' pages (latest `seen`).
    public var note: String

    /// The shipped registry, plus the models of `overridePath` when given.
    public static func load(_ overridePath: String? = nil) throws(SFTPrepError) -> ModelRegistry {
        var registry = try parse(Array(UnsafeBufferPointer(start: EmbeddedVocabulary.modelsJSON.utf8Start,
                                                            count: EmbeddedVocabulary.modelsJSON.utf8CodeUnitCount)), path: "models.json (built in)")
        if let path = overridePath {
            let extra = try parse(try InputFile(path: path).readAll(), path: path)
            for m in extra.models {
                if let i = registry.models.firstIndex(where: { $0.id == m.id }) { registry.models[i] = m } else { registry.models.append(m) }
            }
        }
        return registry
    }

    static func parse(_ bytes: [UInt8], path: String) throws(SFTPrepError) -> ModelRegistry {
        let root: JSONValue
        do { root = try JSONParser.parse(bytes) } catch {
            throw SFTPrepError.io(path: path, message: "invalid JSON: \(error.message)")
        }
        guard let o = root.objectValue, let list = o["models"]?.arrayValue else {
            throw SFTPrepError.io(path: path, message: "expected an object with a \"models\" array")
        }
        var models: [FineTuneModel] = []
        for (i, item) in list.enumerated() {
            let tokenizer = item.objectValue?["tokenizer"]?.stringValue
            guard let m = item.objectValue, let id = m["id"]?.stringValue,
                  let enc = m["encoding"]?.stringValue.flatMap(BPETokenizer.Encoding.init(rawValue:)) ?? (tokenizer != nil ? .o200kBase : nil),
                  let limit = m["max_example_tokens"]?.doubleValue, let price = m["training_usd_per_1m"]?.doubleValue else {
                throw SFTPrepError.io(path: path, message: "models[\(i)] needs id, encoding (o200k_base or cl100k_base) or tokenizer (a built-in name or a tokenizer file), max_example_tokens and training_usd_per_1m")
            }
            models.append(FineTuneModel(id: id, aliases: m["aliases"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                                        provider: m["provider"]?.stringValue ?? "", encoding: enc, maxExampleTokens: Int(limit),
                                        trainingUSDPer1M: price, seen: m["seen"]?.stringValue ?? "", source: m["source"]?.stringValue ?? "",
                                        tokenizer: tokenizer))
        }
        var accounting = ChatAccounting()
        if let a = o["chat_accounting"]?.objectValue {
            accounting.tokensPerMessage = a["tokens_per_message"]?.doubleValue.map(Int.init) ?? 3
            accounting.tokensPerName = a["tokens_per_name"]?.doubleValue.map(Int.init) ?? 1
            accounting.replyPriming = a["reply_priming_tokens"]?.doubleValue.map(Int.init) ?? 3
            for (key, enc) in [("o200k_models", BPETokenizer.Encoding.o200kBase), ("cl100k_models", .cl100kBase)] {
                if let t = a["tools_overhead"]?.objectValue?[key]?.objectValue {
                    func v(_ k: String, _ d: Int) -> Int { t[k]?.doubleValue.map(Int.init) ?? d }
                    accounting.tools[enc] = .init(funcInit: v("func_init", 7), propInit: v("prop_init", 3), propKey: v("prop_key", 3),
                                                  enumInit: v("enum_init", -3), enumItem: v("enum_item", 3), funcEnd: v("func_end", 12))
                }
            }
        }
        var rule = EpochRule()
        if let e = o["default_epochs"]?.objectValue {
            func v(_ k: String, _ d: Int) -> Int { e[k]?.doubleValue.map(Int.init) ?? d }
            rule = EpochRule(target: v("target_epochs", 3), minTargetExamples: v("min_target_examples", 100), maxTargetExamples: v("max_target_examples", 25_000),
                             minEpochs: v("min_default_epochs", 1), maxEpochs: v("max_default_epochs", 25))
        }
        return ModelRegistry(models: models, accounting: accounting, epochRule: rule, note: o["note"]?.stringValue ?? "")
    }

    /// A model by id or alias.
    public func model(_ idOrAlias: String) -> FineTuneModel? {
        models.first { $0.id == idOrAlias || $0.aliases.contains(idOrAlias) }
    }

    /// A model by id or alias, or a usage error naming the known ones.
    public func require(_ idOrAlias: String) throws(SFTPrepError) -> FineTuneModel {
        guard let m = model(idOrAlias) else { throw SFTPrepError.usage(ModelRegistry.unknownModelMessage(idOrAlias)) }
        return m
    }

    static func unknownModelMessage(_ id: String) -> String {
        let known = (try? load())?.models.flatMap { [$0.id] + $0.aliases } ?? []
        var m = "unknown model '\(id)'"
        if let s = Suggestion.closest(to: id, among: known) { m += ". Did you mean '\(s)'?" }
        return m + "; known: \(known.joined(separator: ", ")) (add others with --models FILE)"
    }
}
