/// Tokens of a chat example as fine-tuning services count them (OpenAI's
/// published accounting, from models.json): per message 3 + tokens(role) +
/// tokens(content) (+1 + tokens(name) with a name), 3 to prime the reply, and
/// the tool definitions' overhead. Non-string values such as `weight` are
/// skipped, not crashed on; `tool_calls` count as the tokens of their JSON text.
public struct ChatTokenCounter: Sendable {
    public struct Count: Sendable, Equatable {
        /// All tokens of the example.
        public var total: Int
        /// Tokens of the assistant messages that are trained on (weight ≠ 0).
        public var trained: Int
    }

    public let tokenizer: BPETokenizer
    public let accounting: ChatAccounting

    /// Tokens of each role's name: system, user, assistant, tool (counted once, not per message).
    private let roleTokens: [Int]

    public init(tokenizer: BPETokenizer, accounting: ChatAccounting = ChatAccounting()) {
        self.tokenizer = tokenizer
        self.accounting = accounting
        roleTokens = [Role.system, .user, .assistant, .tool].map { tokenizer.count($0.rawValue) }
    }

    private func tokens(of role: Role) -> Int {
        switch role {
        case .system: roleTokens[0]
        case .user: roleTokens[1]
        case .assistant: roleTokens[2]
        case .tool: roleTokens[3]
        }
    }

    public func count(_ c: Conversation) -> Count {
        var total = accounting.replyPriming
        var trained = 0
        // Fields read through the index: `for m in` would copy each whole message.
        let messages = c.messages
        for i in messages.indices {
            var n = accounting.tokensPerMessage + tokens(of: messages[i].role)
            var body = 0
            if let content = messages[i].content { body += tokenizer.count(content) }
            if let calls = messages[i].toolCalls { body += tokenizer.count(calls.jsonText) }
            if let id = messages[i].toolCallID { n += tokenizer.count(id) }
            if let name = messages[i].name { n += accounting.tokensPerName + tokenizer.count(name) }
            total += n + body
            if messages[i].role == .assistant && messages[i].weight != 0 { trained += body }
        }
        if let tools = c.tools { total += toolTokens(tools) }
        return Count(total: total, trained: trained)
    }

    /// The cookbook's `num_tokens_for_tools`: per function its name and description, each
    /// property's name, type and description, enum items; a fixed overhead around them.
    public func toolTokens(_ tools: JSONValue) -> Int {
        let o = accounting.tools[tokenizer.encoding] ?? ChatAccounting.ToolsOverhead()
        guard let list = tools.arrayValue, !list.isEmpty else { return 0 }
        var n = 0
        func strip(_ s: String) -> String { s.hasSuffix(".") ? String(s.dropLast()) : s }
        for tool in list {
            let f = tool.objectValue?["function"]?.objectValue ?? tool.objectValue ?? JSONObject()
            n += o.funcInit
            n += tokenizer.count((f["name"]?.stringValue ?? "") + ":" + strip(f["description"]?.stringValue ?? ""))
            if let props = f["parameters"]?.objectValue?["properties"]?.objectValue, !props.isEmpty {
                n += o.propInit
                for p in props {
                    let schema = p.value.objectValue ?? JSONObject()
                    n += o.propKey
                    if let items = schema["enum"]?.arrayValue {
                        n += o.enumInit
                        for item in items { n += o.enumItem + tokenizer.count(item.scalarText ?? item.jsonText) }
                    }
                    let type = schema["type"]?.stringValue ?? ""
                    n += tokenizer.count(p.key + ":" + type + ":" + strip(schema["description"]?.stringValue ?? ""))
                }
            }
        }
        return n + o.funcEnd
    }
}
