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
        // Messages read in place (iterating would copy each one); blank means only ASCII whitespace.
        let blank = c.messages.withUnsafeBufferPointer { messages -> Int? in
            for i in messages.indices {
                let m = messages[i]
                let empty = m.content?.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D } ?? true
                if empty && !(m.role == .assistant && m.toolCalls != nil) { return i }
                if m.role == .assistant { hasAssistant = true }
            }
            return nil
        }
        if let i = blank {
            return .drop(reason: "empty_content", message: "messages[\(i)] (\(c.messages[i].role.rawValue)) has no text")
        }
        if !hasAssistant {
            return .drop(reason: "no_assistant_message", message: "the conversation has no assistant message to learn from")
        }
        return .keep(c)
    }
}
