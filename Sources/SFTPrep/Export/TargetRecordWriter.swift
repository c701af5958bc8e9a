/// Writes conversations in a target's file format: the chat format for
/// OpenAI-style targets, Gemini or Bedrock records for the others.
public struct TargetRecordWriter: Sendable {
    public let profile: TargetProfile

    public init(profile: TargetProfile) { self.profile = profile }

    /// Appends `c` and a newline to `w`.
    public func write(_ c: Conversation, to w: inout JSONWriter) {
        switch profile.format {
        case .chat: profile.chatWriter.write(c, to: &w)
        case .vertex: VertexRecordCodec.write(c, to: &w)
        case .bedrockClaude, .bedrockConversation: BedrockRecordCodec.write(c, profile.format, to: &w)
        }
    }

    /// The conversation as one line of bytes, newline included.
    public func line(_ c: Conversation) -> [UInt8] {
        var w = JSONWriter(capacity: 512)
        write(c, to: &w)
        return w.bytes
    }
}
