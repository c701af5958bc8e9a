/// Who speaks a message, in the vocabulary fine-tuning services accept.
public enum Role: String, Sendable, CaseIterable, Equatable {
    case system, user, assistant, tool

    /// Maps the speaker labels that exports use to a role (case-insensitive).
    ///
    /// Covers ShareGPT (`human`, `gpt`), chat APIs (`model`, `bot`, `function`),
    /// and help-desk exports (`customer`, `agent`). Unknown labels give nil so the
    /// caller can report them instead of guessing.
    public init?(alias: String) {
        // Fast path: the canonical names, as almost every chat record spells them.
        switch alias {
        case "user": self = .user; return
        case "assistant": self = .assistant; return
        case "system": self = .system; return
        case "tool": self = .tool; return
        default: break
        }
        let key = alias.trimmingASCIIWhitespace().lowercased()
        if let role = Role.aliases[key] { self = role } else { return nil }
    }

    static let aliases: [String: Role] = {
        var map: [String: Role] = [:]
        for name in ["user", "human", "customer", "end-user", "end_user", "enduser", "end user", "visitor",
                     "client", "requester", "requestor", "contact", "prompter", "question", "q", "you", "me"] {
            map[name] = .user
        }
        for name in ["assistant", "gpt", "chatgpt", "model", "bot", "ai", "agent", "support", "support agent",
                     "staff", "operator", "helpdesk", "help desk", "representative", "rep", "answer", "a",
                     "claude", "gemini", "copilot", "llm", "chatbot"] {
            map[name] = .assistant
        }
        for name in ["system", "sys", "developer"] { map[name] = .system }
        for name in ["tool", "function", "observation", "ipython", "tool_response", "function_response"] {
            map[name] = .tool
        }
        return map
    }()
}

extension String {
    /// The string without leading and trailing spaces, tabs, carriage returns and newlines.
    func trimmingASCIIWhitespace() -> String {
        let u = utf8
        var start = u.startIndex
        var end = u.endIndex
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        while start < end, isSpace(u[start]) { start = u.index(after: start) }
        while end > start, isSpace(u[u.index(before: end)]) { end = u.index(before: end) }
        if start == u.startIndex && end == u.endIndex { return self }
        return String(self[start..<end])
    }
}
