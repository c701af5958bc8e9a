/// Where a dataset is going: a fine-tuning service or a local trainer, with the
/// rules it enforces and the file format it reads.
///
/// A profile is data; ``TargetRules`` and ``ExampleChecker`` apply it. The
/// rule × target table in docs/guide/targets.md is generated from these (`sftprep-bench targets-table`).
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

    /// What a UTF-8 byte-order mark at the start of the file does.
    public enum ByteOrderMark: Sendable, Equatable {
        /// The target's loader fails on it (`json.loads` of the first line): an error.
        case forbidden
        /// Accepted, with this warning; export never writes one.
        case tolerated(warning: String)
    }

    /// Whether the target can express `weight: 0` ("do not learn this turn").
    public enum WeightSupport: Sendable, Equatable {
        /// A `weight` of 0 or 1 on assistant messages (OpenAI's format).
        case perMessage
        /// axolotl: a boolean per-message field its config names (`message_field_training`).
        case trainingField(String)
        /// Every assistant turn is trained on; a zero weight cannot be kept.
        case none
    }

    /// Which content given as an array of text parts the target accepts.
    public enum ContentParts: Sendable, Equatable {
        /// Strings or text parts, mixed as you like.
        case accepted
        /// All messages strings or all parts in one example (Together).
        case notMixed
        /// Strings only for these roles (the rest as `accepted`).
        case refused(roles: Set<String>, because: String)
    }


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
    public var weights = WeightSupport.perMessage
    public var contentParts = ContentParts.accepted
    /// OpenAI's cookbook checker: a message key outside role, content, name, weight, tool_calls, tool_call_id fails it (elsewhere a warning; export drops it).
    public var unknownMessageKeysAreErrors = false
    /// Empty message content fails the file (OpenAI's cookbook, Nova); elsewhere a warning.
    public var emptyContentIsError = false
    /// Text the target reserves for its own prompt format, refused in any content or system prompt.
    public var reservedStrings: [String] = []
    /// Nova: if one record has a `system` key, every record must.
    public var systemKeyInAllOrNone = false
    public var bom = ByteOrderMark.forbidden
    /// Every target's loader parses each line as JSON, so a blank line fails the file everywhere checked.
    public var blankLinesAreErrors = true
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
    /// Mistral: every tool declares `parameters` (a JSON object; `{}` will do) and a `description`.
    public var toolParametersRequired = false
    public var toolsNeedDescription = false
    /// Mistral: each assistant tool-call turn is answered by exactly as many tool messages as it has calls.
    public var toolResultsMatchCalls = false
    /// Nova 2: in one file every example has tool calls (and results) or none does.
    public var toolUseInAllOrNone = false
    /// What to use instead when the target cannot express tools (Nova 1 → Nova 2).
    public var toolsHint: String?
    /// Gemini and Converse hold call arguments as a JSON object, not a string of any JSON.
    public var toolArgumentsMustBeObjects = false
    /// Chat templates (TRL, axolotl) read `message.content` on every message and `tool_call.type` on calls:
    /// a tool-call turn needs both keys.
    public var rendersChatTemplates = false
    /// Where the rules come from (checker and version, or documentation page and date), for the table in docs/guide/targets.md.
    public var sources: [String] = []
    public var tokenLimit = TokenLimit.none

    /// The per-message field the target reads instead of `weight`, if any.
    public var trainingField: String? {
        if case .trainingField(let f) = weights { return f }
        return nil
    }

    /// The config line that makes the trainer read `trainingField` (axolotl's `message_field_training`).
    public var trainingFieldConfig: String? { trainingField.map { "message_field_training: \($0)" } }

    /// How the target's chat-format lines are written (axolotl's training flag instead of `weight`).
    public var chatWriter: ChatRecordWriter { ChatRecordWriter(includeMetadata: false, trainingField: trainingField) }

    static let mb = 1 << 20

    static let cookbook = "the format checks of OpenAI's cookbook notebook Chat_finetuning_data_prep (run side by side)"
    static let openAIDocs = "OpenAI's fine-tuning guide for the 10-example minimum, the 512 MB file limit and special tokens (not in the cookbook checks)"

    public static let openai: TargetProfile = {
        var p = TargetProfile(
            name: "openai", summary: "OpenAI fine-tuning (chat JSONL)", format: .chat,
            roles: ["system", "user", "assistant", "tool"],
            maxFileBytes: 512 * mb, minExamples: 10, forbidsSpecialTokens: true, tokenLimit: .model)
        p.contentParts = .refused(roles: ["system", "user", "assistant", "tool"], because: "OpenAI's cookbook checker reads content as a string (the service itself takes text parts)")
        p.unknownMessageKeysAreErrors = true
        p.emptyContentIsError = true
        p.sources = [cookbook, openAIDocs]
        return p
    }()

    public static let azureOpenAI: TargetProfile = {
        var p = openai
        p.name = "azure-openai"
        p.summary = "Azure OpenAI fine-tuning (chat JSONL)"
        p.bom = .tolerated(warning: "the file starts with a UTF-8 byte-order mark: Azure's upload accepts it, but the cookbook loader Azure's tutorial copies fails on it (JSONDecodeError: Unexpected UTF-8 BOM); sftprep export writes none")
        p.sources = [cookbook, "Azure OpenAI's fine-tuning how-to (JSONL, UTF-8; it once asked for a byte-order mark) and its tutorial, whose files carry none and whose cookbook loader fails on one"]
        return p
    }()

    public static let together: TargetProfile = {
        var p = TargetProfile(
            name: "together", summary: "Together AI fine-tuning (conversational JSONL)", format: .chat,
            roles: ["system", "user", "assistant", "tool"], toolRoleNeedsTools: true, topKeys: ["messages", "tools"],
            extraKeysAreErrors: true, integerWeight: true, oneFormatPerFile: true)
        p.contentParts = .notMixed
        p.sources = ["together 2.14.0 check_file, run side by side (the last release with semantic checks; 3.x checks UTF-8, JSON objects and the BOM)"]
        return p
    }()

    public static let fireworks: TargetProfile = {
        var p = TargetProfile(
            name: "fireworks", summary: "Fireworks AI fine-tuning (OpenAI-compatible chat JSONL)", format: .chat,
            roles: ["system", "user", "assistant", "tool"], minExamples: 3, maxExamples: 3_000_000, systemOnlyFirst: true)
        p.sources = ["Fireworks' dataset documentation as read when the profile was written; no public checker to run"]
        return p
    }()

    public static let mistral: TargetProfile = {
        var p = TargetProfile(
            name: "mistral", summary: "Mistral fine-tuning (API and mistral-finetune)", format: .chat,
            roles: ["system", "user", "assistant", "tool"], maxSystemMessages: 1, lastMustBeAssistant: true,
            firstMustBeUser: true,
            roleSuccessors: ["system": ["user", "assistant", "system"], "user": ["assistant", "system", "user"],
                             "assistant": ["assistant", "user", "tool"], "tool": ["assistant", "tool"]],
            contentXorToolCalls: true, toolCallIDLength: 9, toolParametersRequired: true)
        p.contentParts = .refused(roles: ["assistant"], because: "mistral-finetune reads an assistant message's content as a string")
        p.toolsNeedDescription = true
        p.toolResultsMatchCalls = true
        p.sources = ["mistral-finetune utils/validate_data.py with mistral-common 1.5.4, run side by side", "mistral-common's ChatCompletionRequest in fine-tuning mode"]
        return p
    }()

    public static let bedrock: TargetProfile = {
        var p = TargetProfile(
            name: "bedrock", summary: "Amazon Bedrock, Claude models ({\"system\", \"messages\"})", format: .bedrockClaude,
            roles: ["system", "user", "assistant"], supportsTools: false, topKeys: ["system", "messages"], extraKeysAreErrors: true,
            minExamples: 32, maxExamples: 10_000,
            noConsecutiveSameRole: true, systemOnlyFirst: true, maxSystemMessages: 1, lastMustBeAssistant: true,
            firstMustBeUser: true, minMessages: 2)
        p.weights = .none
        p.reservedStrings = ["\nHuman:", "\nAssistant:"]
        p.sources = ["the Claude data validation script of aws-samples/amazon-bedrock-samples (custom-models, claude-haiku), run side by side"]
        return p
    }()

    public static let bedrockNova: TargetProfile = {
        var p = bedrock
        p.name = "bedrock-nova"
        p.summary = "Amazon Bedrock, Nova models (bedrock-conversation-2024 schema)"
        p.format = .bedrockConversation
        p.topKeys = ["schemaVersion", "system", "messages"]
        p.minExamples = 8
        p.maxExamples = 20_000
        p.emptyContentIsError = true
        p.reservedStrings = ["System:", "SYSTEM:", "User:", "USER:", "Bot:", "BOT:", "Assistant:", "ASSISTANT:", "Thought:", "[EOS]", "<image>", "<video>", "<unk>"]
        p.systemKeyInAllOrNone = true
        p.toolsHint = "Nova Micro, Lite and Pro do not train on tool use; --target bedrock-nova-2 does"
        p.sources = ["amzn-nova-forge 1.4.10's SFT dataset validator and the Nova samples validator (Micro, Lite, Pro: 8 to 20,000 samples), run side by side"]
        return p
    }()

    /// Nova 2 Lite: the same schema with tool use (`toolConfig`, `toolUse`, `toolResult`) and 200 examples at least.
    public static let bedrockNova2: TargetProfile = {
        var p = bedrockNova
        p.name = "bedrock-nova-2"
        p.summary = "Amazon Bedrock, Nova 2 Lite (bedrock-conversation-2024 schema, with tool use)"
        p.roles = ["system", "user", "assistant", "tool"]
        p.topKeys = ["schemaVersion", "system", "toolConfig", "messages"]
        p.supportsTools = true
        p.toolsHint = nil
        p.toolsNeedDescription = true
        p.toolArgumentsMustBeObjects = true
        p.toolUseInAllOrNone = true
        p.minExamples = 200
        p.sources = ["amzn-nova-forge 1.4.10's SFT dataset validator for Nova 2 Lite on Bedrock (200 to 20,000 samples; toolConfig, toolUse, toolResult), run side by side"]
        return p
    }()

    public static let vertex: TargetProfile = {
        var p = TargetProfile(
            name: "vertex", summary: "Vertex AI, Gemini supervised tuning ({\"systemInstruction\", \"contents\"})", format: .vertex,
            roles: ["system", "user", "assistant", "tool"], topKeys: ["systemInstruction", "system_instruction", "contents", "tools"], extraKeysAreErrors: true,
            maxFileBytes: 1 << 30, noConsecutiveSameRole: false, systemOnlyFirst: true, maxSystemMessages: 1, tokenLimit: .estimated(131_072))
        p.weights = .none
        p.toolArgumentsMustBeObjects = true
        p.sources = ["strict protobuf parsing into google-cloud-aiplatform 2.7.0's GenerateContentRequest and google-genai's Content, run side by side", "Vertex AI's Gemini tuning-data pages for the role rules, the 1 GB file limit and function-calling examples (OBJECT/STRING schema types)"]
        return p
    }()

    public static let trl: TargetProfile = {
        var p = TargetProfile(
            name: "trl", summary: "Hugging Face TRL SFTTrainer (conversational messages JSONL)", format: .chat,
            roles: ["system", "user", "assistant", "tool"], topKeys: ["messages", "tools"],
            noConsecutiveSameRole: true, systemOnlyFirst: true, maxSystemMessages: 1, firstMustBeUser: true,
            tokenLimit: .trainer(defaultLength: 1024, behaviour: "TRL truncates the end silently (SFTConfig.max_length)"))
        p.weights = .none
        p.contentParts = .refused(roles: ["system", "user", "assistant", "tool"], because: "chat templates join content as a string (TypeError: can only concatenate str)")
        p.rendersChatTemplates = true
        p.sources = ["the 36 chat templates of axolotl 0.19.0 rendered with jinja2 and TRL's is_conversational, run side by side"]
        return p
    }()

    public static let axolotl: TargetProfile = {
        var p = trl
        p.name = "axolotl"
        p.summary = "axolotl chat_template datasets (messages JSONL)"
        p.roleAliases = ["human": "user", "gpt": "assistant"]
        p.weights = .trainingField("training")
        p.contentParts = .accepted
        p.tokenLimit = .trainer(defaultLength: 2048, behaviour: "axolotl drops it by default (sequence_len)")
        return p
    }()

    /// Every profile, in the order help and the guide list them.
    public static let all: [TargetProfile] = [openai, azureOpenAI, together, fireworks, mistral, bedrock, bedrockNova, bedrockNova2, vertex, trl, axolotl]

    /// Other names people use for a target.
    static let aliases: [String: String] = [
        "azure": "azure-openai", "bedrock-claude": "bedrock", "bedrock-conversation-2024": "bedrock-nova",
        "gemini": "vertex", "nova-2": "bedrock-nova-2", "bedrock-nova2": "bedrock-nova-2", "vertex-ai": "vertex", "hf": "trl",
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
