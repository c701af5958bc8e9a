/// The last stage before writing: lets through only conversations that are
/// valid chat training examples, so every line of `train.jsonl` can be uploaded.
///
/// Repairs (merging turns, trimming unanswered questions) belong to `clean`;
/// this stage only refuses, with a reason, what would fail an upload.
public struct ExampleCheck: RecordStage {
    public let name = "check"

    public init() {}

    public func apply(_ c: Conversation, changes: inout ReasonCounts) -> StageResult { process(c) }

    public func process(_ c: Conversation) -> StageResult {
        if c.messages.isEmpty {
            return .drop(reason: "empty_conversation", message: "the conversation has no messages")
        }
        var hasAssistant = false
        for (i, m) in c.messages.enumerated() {
            let text = m.content ?? ""
            if text.trimmingASCIIWhitespace().isEmpty && !(m.role == .assistant && m.toolCalls != nil) {
                return .drop(reason: "empty_content", message: "messages[\(i)] (\(m.role.rawValue)) has no text")
            }
            if m.role == .assistant { hasAssistant = true }
        }
        if !hasAssistant {
            return .drop(reason: "no_assistant_message", message: "the conversation has no assistant message to learn from")
        }
        return .keep(c)
    }
}
