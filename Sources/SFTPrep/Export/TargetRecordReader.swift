/// Reads a record of any target's layout (Gemini, Bedrock, or OpenAI's chat
/// format) as a chat-format object, so one checker and one repairer serve all.
enum TargetRecordReader {
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
