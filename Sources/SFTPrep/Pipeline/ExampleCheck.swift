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
            return .drop(reason: .emptyConversation, message: "the conversation has no messages")
        }
        var hasAssistant = false
        // Fields read through the index (`for m in` would copy each whole message); blank means only ASCII whitespace.
        let messages = c.messages
        for i in messages.indices {
            let role = messages[i].role
            let empty = messages[i].content?.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D } ?? true
            if empty && !(role == .assistant && messages[i].toolCalls != nil) {
                return .drop(reason: .emptyContent, message: "messages[\(i)] (\(role.rawValue)) has no text")
            }
            if role == .assistant { hasAssistant = true }
        }
        if !hasAssistant {
            return .drop(reason: .noAssistantMessage, message: "the conversation has no assistant message to learn from")
        }
        return .keep(c)
    }
}
