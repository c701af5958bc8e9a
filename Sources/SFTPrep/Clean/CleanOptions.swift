/// Settings of the `clean` stage. Defaults repair what can be repaired and drop only what cannot be trained on.
public struct CleanOptions: Sendable, Equatable {
    /// What to do with a conversation that ends on a user turn with no answer.
    public enum TrailingUser: String, Sendable, CaseIterable { case trim, drop, keep }
    /// What to do with a system message that is not at the start.
    public enum MidSystem: String, Sendable, CaseIterable { case drop, keep }

    public var repairs: Set<TextRepair> = Set(TextRepair.allCases)
    public var mergeConsecutive = true
    public var trailingUser: TrailingUser = .trim
    public var midSystem: MidSystem = .drop
    /// Drop conversations whose assistant messages hold fewer characters than this in total (0: off).
    public var minAssistantChars = 0
    /// Drop conversations with more characters than this in all messages (0: off).
    public var maxChars = 0
    /// Drop conversations with more messages than this (0: off).
    public var maxMessages = 0
    /// A system prompt to add where a conversation has none.
    public var systemPrompt: String?
    /// With `systemPrompt`, replace existing system messages too.
    public var replaceSystem = false

    public init() {}
}
