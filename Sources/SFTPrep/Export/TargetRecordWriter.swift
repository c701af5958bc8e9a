/// Writes conversations in a target's file format: the chat format for
/// OpenAI-style targets, Gemini or Bedrock records for the others.
public struct TargetRecordWriter: Sendable {
    public let profile: TargetProfile

    public init(profile: TargetProfile) { self.profile = profile }

    /// Appends `c` and a newline to `w`.
    public func write(_ c: Conversation, to w: inout JSONWriter) {
        switch profile.format {
        case .chat: ChatRecordWriter.upload.write(c, to: &w)
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

    /// Which layout a record is in when it is not OpenAI's chat format (Gemini, Bedrock), else nil.
    static func nativeFormat(of o: JSONObject) -> TargetProfile.FileFormat? {
        if o["contents"] != nil { return .vertex }
        return BedrockRecordCodec.detect(o)
    }

    /// A record of any target's layout in chat form, with its keys the layout does not know.
    static func chatForm(_ o: JSONObject) throws(RecordError) -> (object: JSONObject, format: TargetProfile.FileFormat, unknownKeys: [String]) {
        guard let format = nativeFormat(of: o) else { return (o, .chat, []) }
        let known: Set<String>
        let chat: JSONObject
        switch format {
        case .vertex: known = VertexRecordCodec.keys; chat = try VertexRecordCodec.decode(o)
        case .bedrockClaude: known = BedrockRecordCodec.claudeKeys; chat = try BedrockRecordCodec.decode(o, format)
        case .bedrockConversation: known = BedrockRecordCodec.conversationKeys; chat = try BedrockRecordCodec.decode(o, format)
        case .chat: return (o, .chat, [])
        }
        return (chat, format, o.keys.filter { !known.contains($0) })
    }
}
