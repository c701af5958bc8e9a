/// One training example: messages plus everything known about where it came from.
///
/// Conversations are values; every stage receives one and returns a (possibly
/// changed) copy or a drop with a reason.
public struct Conversation: Equatable, Sendable {
    public var messages: [Message]
    /// Tool (function) definitions, passed through unchanged.
    public var tools: JSONValue?
    public var parallelToolCalls: JSONValue?
    public var metadata: Metadata

    public init(messages: [Message], tools: JSONValue? = nil, parallelToolCalls: JSONValue? = nil,
                metadata: Metadata = Metadata()) {
        self.messages = messages
        self.tools = tools
        self.parallelToolCalls = parallelToolCalls
        self.metadata = metadata
    }

    /// A stable identifier: the input's own id when it had one, otherwise `source:line`.
    public var id: String {
        get { metadata.id ?? metadata.location }
        set { metadata.id = newValue }
    }
}
