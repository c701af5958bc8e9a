/// Mistral's own chat encoding, as `mistral-common` builds a fine-tuning request
/// (`encode_chat_completion`): control tokens (`[INST]`, `[TOOL_CALLS]`, …) by id,
/// never written as text, so no Jinja template is involved. Mistral's fine-tuning
/// service and `mistral-finetune` count this way; tekken files carry the version.
///
/// Versions: v3 (tekken 240718/240911: system prompts joined and put before the
/// last user message, tools before the last user message, tool results as JSON
/// with `call_id`) and v7 (system prompts in place between `[SYSTEM_PROMPT]`
/// tokens, tool results as `[TOOL_RESULTS] id [TOOL_CONTENT] content`).
struct MistralInstruct: Sendable {
    enum Version: String, Sendable, CaseIterable { case v3, v7 }
    let version: Version
    /// Control token ids, by their names in `mistral-common`'s `SpecialTokens`.
    let bos: UInt32, eos: UInt32
    let beginInst: UInt32, endInst: UInt32
    let beginTools: UInt32, endTools: UInt32
    let beginToolResults: UInt32, endToolResults: UInt32
    let toolCalls: UInt32
    let beginSystem: UInt32, endSystem: UInt32, beginToolContent: UInt32

    /// Tekken's special tokens are the first ids, in this order (`Tekkenizer.SPECIAL_TOKENS`).
    static let tekkenSpecials = ["<unk>", "<s>", "</s>", "[INST]", "[/INST]", "[AVAILABLE_TOOLS]", "[/AVAILABLE_TOOLS]", "[TOOL_RESULTS]",
                                 "[/TOOL_RESULTS]", "[TOOL_CALLS]", "[IMG]", "<pad>", "[IMG_BREAK]", "[IMG_END]", "[PREFIX]", "[MIDDLE]",
                                 "[SUFFIX]", "[SYSTEM_PROMPT]", "[/SYSTEM_PROMPT]", "[TOOL_CONTENT]"]

    init(version: Version, id: (String) -> UInt32) {
        self.version = version
        bos = id("<s>"); eos = id("</s>")
        beginInst = id("[INST]"); endInst = id("[/INST]")
        beginTools = id("[AVAILABLE_TOOLS]"); endTools = id("[/AVAILABLE_TOOLS]")
        beginToolResults = id("[TOOL_RESULTS]"); endToolResults = id("[/TOOL_RESULTS]")
        toolCalls = id("[TOOL_CALLS]")
        beginSystem = id("[SYSTEM_PROMPT]"); endSystem = id("[/SYSTEM_PROMPT]"); beginToolContent = id("[TOOL_CONTENT]")
    }

    /// A message after `mistral-common`'s normalization.
    private enum Turn {
        case user(String)
        case assistant(content: String?, calls: [JinjaValue])
        case tool(content: String, callID: String?)
        case system(String)
    }

    /// The ids of the example, as `encode_chat_completion(request).tokens` gives them.
    func tokens(_ c: Conversation, encode: (String) -> [UInt32]) throws(ChatTemplateError) -> [UInt32] {
        try MistralInstruct.validate(c)
        let (turns, systemPrompt) = try normalize(c)
        let users = turns.indices.filter { if case .user = turns[$0] { return true } else { return false } }
        let lastUser = users.last ?? -1
        var out = [bos]
        for (k, turn) in turns.enumerated() {
            switch turn {
            case .user(var text):
                if k == lastUser, let tools = c.tools?.arrayValue, !tools.isEmpty {
                    out.append(beginTools)
                    out += encode(PythonJSON.dumps(.list(tools.map(MistralInstruct.tool))))
                    out.append(endTools)
                }
                if k == lastUser, let systemPrompt { text = systemPrompt + "\n\n" + text }
                out.append(beginInst)
                out += encode(text)
                out.append(endInst)
            case .system(let text):
                out.append(beginSystem)
                out += encode(text)
                out.append(endSystem)
            case let .tool(content, callID):
                out.append(beginToolResults)
                switch version {
                case .v3:
                    guard let callID else { throw ChatTemplateError("a tool message needs tool_call_id for Mistral's v3 encoding") }
                    out += encode(PythonJSON.dumps(.dict([("content", MistralInstruct.parsed(content)), ("call_id", .string(callID))])))
                case .v7:
                    guard let callID else { throw ChatTemplateError("a tool message needs tool_call_id for Mistral's v7 encoding") }
                    out += encode(callID)
                    out.append(beginToolContent)
                    out += encode(content)
                }
                out.append(endToolResults)
            case let .assistant(content, calls):
                switch version {
                case .v3:
                    if !calls.isEmpty {
                        out.append(toolCalls)
                        out += encode(PythonJSON.dumps(.list(calls)))
                    } else if let content, !content.isEmpty {
                        out += encode(MistralInstruct.trimmingTrailingSpaces(content))
                    } else {
                        throw ChatTemplateError("an assistant message has neither text nor tool calls")
                    }
                case .v7:
                    guard (content?.isEmpty == false) || !calls.isEmpty else { throw ChatTemplateError("an assistant message has neither text nor tool calls") }
                    if let content, !content.isEmpty { out += encode(MistralInstruct.trimmingTrailingSpaces(content)) }
                    if !calls.isEmpty {
                        out.append(toolCalls)
                        out += encode(PythonJSON.dumps(.list(calls)))
                    }
                }
                out.append(eos)
            }
        }
        return out
    }

    /// `InstructRequestNormalizer`: neighbouring messages of one role (and weight) joined with a blank line,
    /// system prompts gathered (v3) or kept in place (v7), an empty user message first when needed.
    private func normalize(_ c: Conversation) throws(ChatTemplateError) -> ([Turn], String?) {
        var turns: [Turn] = []
        var group: [Message] = []
        func flush() {
            guard let first = group.first else { return }
            switch first.role {
            case .user: turns.append(.user(group.map { $0.content ?? "" }.joined(separator: "\n\n")))
            case .assistant:
                var texts: [String] = [], calls: [JinjaValue] = []
                for m in group {
                    if let list = m.toolCalls?.arrayValue, !list.isEmpty { calls += list.map(MistralInstruct.call) }
                    else if let t = m.content, !t.isEmpty { texts.append(t) }
                }
                turns.append(.assistant(content: texts.isEmpty ? nil : texts.joined(separator: "\n\n"), calls: calls))
            case .tool: for m in group { turns.append(.tool(content: MistralInstruct.normalizedJSON(m.content), callID: m.toolCallID)) }
            case .system: if version == .v7 { for m in group { turns.append(.system(m.content ?? "")) } }
            }
            group.removeAll()
        }
        for m in c.messages {
            if let last = group.last, last.role != m.role || last.weight != m.weight { flush() }
            group.append(m)
        }
        flush()
        var systemPrompt: String? = nil
        if version == .v3 {
            let prompts = c.messages.filter { $0.role == .system }.compactMap(\.content).filter { !$0.isEmpty }
            if !prompts.isEmpty { systemPrompt = prompts.joined(separator: "\n\n") }
            if turns.isEmpty || { if case .user = turns[0] { return false } else { return true } }() { turns.insert(.user(""), at: 0) }
        } else if turns.isEmpty {
            turns.append(.user(""))
        }
        return (turns, systemPrompt)
    }

    /// A tool call as `_prepare_function_call` writes it: name, arguments (parsed when they are JSON), then the id.
    private static func call(_ v: JSONValue) -> JinjaValue {
        let function = v.objectValue?["function"]?.objectValue
        var d: [(String, JinjaValue)] = [("name", .string(function?["name"]?.stringValue ?? ""))]
        switch function?["arguments"] {
        case .string(let s)?: d.append(("arguments", parsed(normalizedJSON(s))))
        case let other?: d.append(("arguments", JinjaValue(other)))
        case nil: d.append(("arguments", .dict([])))
        }
        if let id = v.objectValue?["id"]?.stringValue, id != "null" { d.append(("id", .string(id))) }
        return .dict(d)
    }

    /// A tool definition as `Tool.model_dump()` writes it.
    private static func tool(_ v: JSONValue) -> JinjaValue {
        let f = v.objectValue?["function"]?.objectValue
        return .dict([("type", .string("function")), ("function", .dict([
            ("name", .string(f?["name"]?.stringValue ?? "")),
            ("description", .string(f?["description"]?.stringValue ?? "")),
            ("parameters", f?["parameters"].map(JinjaValue.init) ?? .dict([])),
        ]))])
    }

    /// `_normalize_json_content`: "{}" for nothing, JSON re-written as `json.dumps` writes it, other text as it is.
    static func normalizedJSON(_ s: String?) -> String {
        guard let s, !s.isEmpty else { return "{}" }
        guard let v = try? JSONParser.parse(s) else { return s }
        return PythonJSON.dumps(JinjaValue(v))
    }

    /// `_parse_json_content`: the JSON value, or the text when it is not JSON.
    static func parsed(_ s: String) -> JinjaValue {
        (try? JSONParser.parse(s)).map(JinjaValue.init) ?? .string(s)
    }

    static func trimmingTrailingSpaces(_ s: String) -> String {
        var t = Substring(s)
        while t.last == " " { t = t.dropLast() }
        return String(t)
    }

    // MARK: - mistral-common's checks (fine-tuning mode)

    /// What `MistralRequestValidatorV3` refuses in fine-tuning mode, with its words: message order, the last
    /// message, tool calls answered, text or tool calls (not both), 9-character call ids, function names.
    static func validate(_ c: Conversation) throws(ChatTemplateError) {
        func refuse(_ why: String) -> ChatTemplateError { ChatTemplateError("mistral-common refuses it: \(why)") }
        let messages = c.messages
        guard let last = messages.last else { throw refuse("Conversation must have at least one message") }
        if messages.count == 1 && last.role != .user && last.role != .system {
            throw refuse("Conversation must start with a user message or system message")
        }
        guard last.role == .assistant else { throw refuse("Expected last role Assistant for finetuning but got \(last.role.rawValue)") }
        var previous: Role? = nil
        for m in messages {
            if let p = previous {
                let allowed: Set<Role>
                switch p {
                case .system: allowed = [.user, .assistant, .system]
                case .user: allowed = [.assistant, .system, .user]
                case .assistant: allowed = [.assistant, .user, .tool]
                case .tool: allowed = [.assistant, .tool]
                }
                if !allowed.contains(m.role) { throw refuse("Unexpected role '\(m.role.rawValue)' after role '\(p.rawValue)'") }
            }
            previous = m.role
        }
        var expected = 0
        for (k, m) in messages.enumerated() where k > 0 {
            if m.role == .tool { expected -= 1 }
            else if m.role == .assistant {
                if expected != 0 { throw refuse("Not the same number of function calls and responses") }
                if let calls = m.toolCalls?.arrayValue { expected = calls.count }
            }
        }
        if expected < 0 { throw refuse("More tool responses than tool calls") }
        func validName(_ s: String) -> Bool { (1...64).contains(s.utf8.count) && s.utf8.allSatisfy { isAlphanumeric($0) || $0 == 0x5F || $0 == 0x2D } }
        func validID(_ s: String) -> Bool { s.utf8.count == 9 && s.utf8.allSatisfy(isAlphanumeric) }
        let nameRule = "must be a-z, A-Z, 0-9, or contain underscores and dashes, with a maximum length of 64."
        for (k, m) in messages.enumerated() {
            switch m.role {
            case .assistant:
                let calls = m.toolCalls?.arrayValue ?? []
                if (m.content?.isEmpty == false) == !calls.isEmpty {
                    throw refuse("Assistant message must have either content or tool_calls, but not both.")
                }
                for call in calls {
                    let id = call.objectValue?["id"]?.stringValue ?? "null"
                    if id != "null" && !validID(id) { throw refuse("Tool call id was \(id) but must be a-z, A-Z, 0-9, with a length of 9.") }
                    if k != messages.count - 1 && id == "null" {
                        throw refuse("Tool call id of assistant message that is not last has to be defined in finetuning mode.")
                    }
                    let name = call.objectValue?["function"]?.objectValue?["name"]?.stringValue ?? ""
                    if !validName(name) { throw refuse("Function name was \(name) but \(nameRule)") }
                }
            case .tool:
                if let name = m.name, !validName(name) { throw refuse("Function name was \(name) but \(nameRule)") }
                guard let id = m.toolCallID else { throw refuse("Tool call id has to be defined.") }
                if !validID(id) { throw refuse("Tool call id was \(id) but must be a-z, A-Z, 0-9, with a length of 9.") }
            case .system:
                if m.content == nil { throw refuse("System prompt must have content") }
            case .user: break
            }
        }
        for tool in c.tools?.arrayValue ?? [] {
            let name = tool.objectValue?["function"]?.objectValue?["name"]?.stringValue ?? ""
            if !validName(name) { throw refuse("Function name was \(name) but \(nameRule)") }
        }
    }

    private static func isAlphanumeric(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) }
}
