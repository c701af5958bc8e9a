/// Amazon Bedrock's two chat layouts, read and written:
/// Claude's `{"system": "…", "messages": [{"role", "content": "…"}]}` and the
/// Converse schema `{"schemaVersion": "bedrock-conversation-2024", "system": [{"text"}], "messages": [{"role", "content": [{"text"}]}]}`.
enum BedrockRecordCodec {
    static let schemaVersion = "bedrock-conversation-2024"
    static let claudeKeys: Set<String> = ["system", "messages"]
    static let conversationKeys: Set<String> = ["schemaVersion", "system", "messages"]

    /// Whether `o` is one of Bedrock's layouts, and which; nil for OpenAI's chat format.
    static func detect(_ o: JSONObject) -> TargetProfile.FileFormat? {
        if o["schemaVersion"] != nil { return .bedrockConversation }
        guard o["messages"] != nil, let system = o["system"] else { return nil }
        return system.arrayValue != nil ? .bedrockConversation : .bedrockClaude
    }

    /// The record in chat form (`{"messages": […]}`), or what makes it unreadable.
    static func decode(_ o: JSONObject, _ format: TargetProfile.FileFormat) throws(RecordError) -> JSONObject {
        let conversation = format == .bedrockConversation
        if conversation, let v = o["schemaVersion"], v.stringValue != schemaVersion {
            throw RecordError("invalid_format", field: "schemaVersion", "schemaVersion must be \"\(schemaVersion)\", found \(v.jsonText)")
        }
        var messages: [JSONValue] = []
        if let s = o["system"], s != .null {
            let text = conversation ? try blocks(s, field: "system") : s.stringValue
            guard let text else { throw RecordError("invalid_format", field: "system", "\"system\" must be a string, found \(s.kindDescription)") }
            if !text.isEmpty { messages.append(VertexRecordCodec.chatMessage("system", text)) }
        }
        guard let raw = o["messages"]?.arrayValue else {
            throw RecordError("invalid_format", field: "messages", "\"messages\" must be an array, found \(o["messages"]?.kindDescription ?? "nothing")")
        }
        for (i, item) in raw.enumerated() {
            let field = "messages[\(i)]"
            guard let m = item.objectValue else {
                throw RecordError("invalid_format", field: field, "\(field) must be an object, found \(item.kindDescription)")
            }
            guard let role = m["role"]?.stringValue, role == "user" || role == "assistant" else {
                throw RecordError("invalid_format", field: "\(field).role", "\(field).role must be \"user\" or \"assistant\", found \(m["role"]?.jsonText ?? "nothing")")
            }
            guard let c = m["content"] else { throw RecordError("invalid_format", field: "\(field).content", "\(field) has no \"content\"") }
            let text = conversation ? try blocks(c, field: "\(field).content") : c.stringValue
            guard let text else {
                throw RecordError("invalid_format", field: "\(field).content", "\(field).content must be a string, found \(c.kindDescription)")
            }
            messages.append(VertexRecordCodec.chatMessage(role, text))
        }
        return JSONObject([JSONMember("messages", .array(messages))])
    }

    private static func blocks(_ v: JSONValue, field: String) throws(RecordError) -> String {
        try TextBlocks.join(v, field: field, noun: "block", toolKeys: ["toolUse", "toolResult"], allowEmpty: true)
    }

    /// Appends `c` in `format` and a newline. Expects the system prompt, if any, first.
    /// In the Converse schema every record has `system` (`[]` when there is no prompt).
    static func write(_ c: Conversation, _ format: TargetProfile.FileFormat, to w: inout JSONWriter) {
        let conversation = format == .bedrockConversation
        let system = c.messages.prefix { $0.role == .system }
        w.byte(UInt8(ascii: "{"))
        if conversation { w.raw("\"schemaVersion\":\"bedrock-conversation-2024\",") }
        if !system.isEmpty {
            let text = system.map { $0.content ?? "" }.joined(separator: "\n\n")
            if conversation {
                w.raw("\"system\":[{\"text\":")
                w.string(text)
                w.raw("}],")
            } else {
                w.raw("\"system\":")
                w.string(text)
                w.byte(UInt8(ascii: ","))
            }
        } else if conversation {
            // Nova refuses a file where some records have "system" and some do not: every record gets the key.
            w.raw("\"system\":[],")
        }
        w.raw("\"messages\":[")
        for (i, m) in c.messages.dropFirst(system.count).enumerated() {
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            w.raw(m.role == .assistant ? "{\"role\":\"assistant\",\"content\":" : "{\"role\":\"user\",\"content\":")
            if conversation { w.raw("[{\"text\":") }
            w.string(m.content ?? "")
            if conversation { w.raw("}]") }
            w.byte(UInt8(ascii: "}"))
        }
        w.raw("]}\n")
    }
}
