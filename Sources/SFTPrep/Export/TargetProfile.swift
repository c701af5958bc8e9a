/// Where a dataset is going: a fine-tuning service or a local trainer, with the
/// rules it enforces and the file format it reads.
///
/// A profile is data; ``TargetRules`` and ``ExampleChecker`` apply it. The
/// README's rule × target table is this file in prose, so change both together.
public struct TargetProfile: Sendable {
    /// The record layout the target reads.
    public enum FileFormat: String, Sendable {
        /// `{"messages": [{"role", "content", …}], "tools": […]}` (OpenAI's chat format).
        case chat
        /// Gemini: `{"systemInstruction": {"parts": [{"text"}]}, "contents": [{"role": "user"|"model", "parts": [{"text"}]}]}`.
        case vertex
        /// Claude on Bedrock: `{"system": "…", "messages": [{"role": "user"|"assistant", "content": "…"}]}`.
        case bedrockClaude = "bedrock"
        /// Bedrock's Converse schema (Nova): `{"schemaVersion": "bedrock-conversation-2024", "system": [{"text"}], "messages": [{"role", "content": [{"text"}]}]}`.
        case bedrockConversation = "bedrock-conversation-2024"
    }

    public enum ByteOrderMark: Sendable { case optional, required, forbidden }

    /// Which token limit applies to one example.
    public enum TokenLimit: Sendable, Equatable {
        /// The `--model`'s limit from the registry (OpenAI, Azure).
        case model
        /// A published limit, counted with o200k_base as an estimate (the target's own tokenizer differs).
        case estimated(Int)
        /// A trainer's sequence length: longer examples get a warning saying what the trainer does with them.
        case trainer(defaultLength: Int, behaviour: String)
        /// No published limit; `--max-tokens` adds one.
        case none
    }

    public var name: String
    public var summary: String
    public var format: FileFormat
    /// Roles a message may have (after `roleAliases`).
    public var roles: Set<String>
    /// Role names the target maps itself (axolotl: human → user, gpt → assistant).
    public var roleAliases: [String: String] = [:]
    /// Whether tool definitions, tool calls and tool messages can be represented at all.
    public var supportsTools = true
    /// Together: the `tool` role only in examples that define `tools`.
    public var toolRoleNeedsTools = false
    public var topKeys: Set<String> = ["messages", "tools", "parallel_tool_calls"]
    /// Whether a top-level key outside `topKeys` fails the upload (otherwise a warning).
    public var extraKeysAreErrors = false
    /// Together: `weight` must be the integer 0 or 1 (`1.0` fails).
    public var integerWeight = false
    public var bom = ByteOrderMark.optional
    public var blankLinesAreErrors = false
    /// Together: one dataset format per file.
    public var oneFormatPerFile = false
    public var maxFileBytes: Int?
    public var minExamples = 1
    public var maxExamples: Int?
    /// OpenAI's tokenizers: special-token strings in text fail the job.
    public var forbidsSpecialTokens = false
    public var noConsecutiveSameRole = false
    public var systemOnlyFirst = false
    public var maxSystemMessages: Int?
    public var lastMustBeAssistant = false
    /// The first message after the system prompt must be the user's.
    public var firstMustBeUser = false
    /// Fewest messages, not counting the system prompt.
    public var minMessages = 1
    /// Mistral: which role may follow which.
    public var roleSuccessors: [String: Set<String>]?
    /// Mistral: an assistant message has content or tool calls, not both.
    public var contentXorToolCalls = false
    /// Mistral: tool-call ids are exactly this many ASCII letters and digits.
    public var toolCallIDLength: Int?
    /// Mistral: every tool declares `parameters`, a JSON Schema of type object.
    public var toolParametersRequired = false
    public var tokenLimit = TokenLimit.none

    /// Whether the target's format carries a byte-order mark at the start of the file.
    public var writesBOM: Bool { bom == .required }

    static let mb = 1 << 20

    public static let openai = TargetProfile(
        name: "openai", summary: "OpenAI fine-tuning (chat JSONL)", format: .chat,
        roles: ["system", "user", "assistant", "tool"],
        maxFileBytes: 512 * mb, minExamples: 10, forbidsSpecialTokens: true, tokenLimit: .model)

    public static let azureOpenAI: TargetProfile = {
        var p = openai
        p.name = "azure-openai"
        p.summary = "Azure OpenAI fine-tuning (chat JSONL, UTF-8 with a byte-order mark)"
        p.bom = .required
        return p
    }()

    public static let together = TargetProfile(
        name: "together", summary: "Together AI fine-tuning (conversational JSONL)", format: .chat,
        roles: ["system", "user", "assistant", "tool"], toolRoleNeedsTools: true, topKeys: ["messages", "tools"],
        extraKeysAreErrors: true, integerWeight: true, bom: .forbidden, blankLinesAreErrors: true, oneFormatPerFile: true,
        noConsecutiveSameRole: true)

    public static let fireworks = TargetProfile(
        name: "fireworks", summary: "Fireworks AI fine-tuning (OpenAI-compatible chat JSONL)", format: .chat,
        roles: ["system", "user", "assistant", "tool"], minExamples: 3, maxExamples: 3_000_000, systemOnlyFirst: true)

    public static let mistral = TargetProfile(
        name: "mistral", summary: "Mistral fine-tuning (API and mistral-finetune)", format: .chat,
        roles: ["system", "user", "assistant", "tool"], maxSystemMessages: 1, lastMustBeAssistant: true,
        roleSuccessors: ["system": ["user", "assistant", "system"], "user": ["assistant", "system", "user"],
                         "assistant": ["assistant", "user", "tool"], "tool": ["assistant", "tool"]],
        contentXorToolCalls: true, toolCallIDLength: 9, toolParametersRequired: true)

    public static let bedrock = TargetProfile(
        name: "bedrock", summary: "Amazon Bedrock, Claude models ({\"system\", \"messages\"})", format: .bedrockClaude,
        roles: ["system", "user", "assistant"], supportsTools: false, topKeys: ["system", "messages"], extraKeysAreErrors: true,
        noConsecutiveSameRole: true, systemOnlyFirst: true, maxSystemMessages: 1, lastMustBeAssistant: true,
        firstMustBeUser: true, minMessages: 2)

    public static let bedrockNova: TargetProfile = {
        var p = bedrock
        p.name = "bedrock-nova"
        p.summary = "Amazon Bedrock, Nova models (bedrock-conversation-2024 schema)"
        p.format = .bedrockConversation
        p.topKeys = ["schemaVersion", "system", "messages"]
        return p
    }()

    public static let vertex = TargetProfile(
        name: "vertex", summary: "Vertex AI, Gemini supervised tuning ({\"systemInstruction\", \"contents\"})", format: .vertex,
        roles: ["system", "user", "assistant"], supportsTools: false, topKeys: ["systemInstruction", "contents"], extraKeysAreErrors: true,
        maxFileBytes: 1 << 30, noConsecutiveSameRole: false, systemOnlyFirst: true, maxSystemMessages: 1, tokenLimit: .estimated(131_072))

    public static let trl = TargetProfile(
        name: "trl", summary: "Hugging Face TRL SFTTrainer (conversational messages JSONL)", format: .chat,
        roles: ["system", "user", "assistant", "tool"], topKeys: ["messages", "tools"],
        tokenLimit: .trainer(defaultLength: 1024, behaviour: "TRL truncates the end silently (SFTConfig.max_length)"))

    public static let axolotl: TargetProfile = {
        var p = trl
        p.name = "axolotl"
        p.summary = "axolotl chat_template datasets (messages JSONL)"
        p.roleAliases = ["human": "user", "gpt": "assistant"]
        p.tokenLimit = .trainer(defaultLength: 2048, behaviour: "axolotl drops it by default (sequence_len)")
        return p
    }()

    /// Every profile, in the order help and the README list them.
    public static let all: [TargetProfile] = [openai, azureOpenAI, together, fireworks, mistral, bedrock, bedrockNova, vertex, trl, axolotl]

    /// Other names people use for a target.
    static let aliases: [String: String] = [
        "azure": "azure-openai", "bedrock-claude": "bedrock", "bedrock-conversation-2024": "bedrock-nova",
        "gemini": "vertex", "vertex-ai": "vertex", "hf": "trl",
    ]

    /// The profile called `name` (or an alias), or a usage error listing the targets.
    public static func named(_ name: String) throws(SFTPrepError) -> TargetProfile {
        let key = aliases[name.lowercased()] ?? name.lowercased()
        if let p = all.first(where: { $0.name == key }) { return p }
        throw SFTPrepError.usage("unknown target '\(name)'; targets: \(all.map(\.name).joined(separator: ", "))")
    }

    /// What the target refuses about a whole file of `examples` examples and `bytes` bytes
    /// (`subject` names it: "the file" for validate, "the output" for export).
    func fileIssues(examples n: Int, bytes: Int, minimum: Int?, subject: String, written: Bool) -> [ValidationIssue] {
        let g = NumberFormatting.grouped
        var issues: [ValidationIssue] = []
        let least = minimum ?? minExamples
        if n < least {
            issues.append(.error(nil, "too_few_examples", "\(n) example\(n == 1 ? "" : "s")\(written ? " written" : ""); \(name) needs at least \(least)"))
        }
        if let most = maxExamples, n > most {
            issues.append(.error(nil, "too_many_examples", "\(g(n)) examples; \(name) takes at most \(g(most)) per file"))
        }
        if let most = maxFileBytes, bytes > most {
            issues.append(.error(nil, "file_too_large", "\(subject) is \(g(bytes)) bytes; \(name) takes at most \(most >> 20) MB per file; split it"))
        }
        return issues
    }

    /// The role after the target's own aliases, or nil when it is none of its roles.
    func canonicalRole(_ role: String) -> String? {
        let r = roleAliases[role] ?? role
        return roles.contains(r) ? r : nil
    }

    /// The limit of one example in tokens, given the model's and `--max-tokens`.
    func exampleLimit(model: FineTuneModel, override: Int?) -> Int? {
        if let override { return override }
        switch tokenLimit {
        case .model: return model.maxExampleTokens
        case .estimated(let n): return n
        case .trainer(let n, _): return n
        case .none: return nil
        }
    }
}
