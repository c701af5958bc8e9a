/// Which part of a conversation decides that two conversations are copies.
public enum DedupScope: String, Sendable, CaseIterable {
    /// All messages (roles and contents): the same conversation.
    case conversation
    /// The system and user turns only: the same question asked again.
    case prompt
    /// The assistant turns only: the same answer given again.
    case response
}
