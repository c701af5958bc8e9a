/// What a stage decided about one conversation.
public enum StageResult: Equatable, Sendable {
    /// Keep the conversation, possibly changed.
    case keep(Conversation)
    /// Drop it: a stable reason code and a message for people.
    case drop(reason: String, message: String)
}

/// One step of the pipeline: looks at a conversation and keeps (maybe changes) or drops it.
///
/// Stages are small values with one job each. Per-record stages must not
/// depend on other records, so the pipeline may run them in parallel.
public protocol Stage {
    /// The name used in reports and `rejects.jsonl` (`clean`, `dedup`, `check`, …).
    var name: String { get }
    mutating func process(_ conversation: Conversation) throws -> StageResult
}
