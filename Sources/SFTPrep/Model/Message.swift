/// One turn of a conversation.
///
/// `toolCalls` is kept as JSON because services differ in what they accept
/// there and sftprep passes it through unchanged; `extra` keeps any other keys
/// of the input message so that nothing is lost between stages (the final
/// writer leaves them out unless `--keep-metadata`).
public struct Message: Equatable, Sendable {
    public var role: Role
    /// The text. Nil only for an assistant message that carries `tool_calls` and no text.
    public var content: String?
    public var name: String?
    /// 0 or 1 on assistant messages: whether the turn is trained on.
    public var weight: Int?
    public var toolCalls: JSONValue?
    public var toolCallID: String?
    public var extra: JSONObject

    public init(role: Role, content: String?, name: String? = nil, weight: Int? = nil,
                toolCalls: JSONValue? = nil, toolCallID: String? = nil, extra: JSONObject = JSONObject()) {
        self.role = role
        self.content = content
        self.name = name
        self.weight = weight
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.extra = extra
    }

    public static func user(_ text: String) -> Message { Message(role: .user, content: text) }
    public static func assistant(_ text: String) -> Message { Message(role: .assistant, content: text) }
    public static func system(_ text: String) -> Message { Message(role: .system, content: text) }
}
