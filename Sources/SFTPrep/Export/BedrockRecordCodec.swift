/// Amazon Bedrock's two chat layouts, read and written:
/// Claude's `{"system": "…", "messages": [{"role", "content": "…"}]}` and the
/// Converse schema `{"schemaVersion": "bedrock-conversation-2024", "system": [{"text"}], "toolConfig": {…}, "messages": [{"role", "content": [{"text"}|{"toolUse"}|{"toolResult"}]}]}`.
///
/// In the Converse schema an assistant's `toolUse` blocks are its tool calls,
/// a user message's `toolResult` blocks the tool results, and
/// `toolConfig.tools[].toolSpec` the OpenAI `tools` (as the Nova SDK converts them).
enum BedrockRecordCodec {
    static let schemaVersion = "bedrock-conversation-2024"
    static let claudeKeys: Set<String> = ["system", "messages"]
    static let conversationKeys: Set<String> = ["schemaVersion", "system", "toolConfig", "messages"]

    /// Whether `o` is one of Bedrock's layouts, and which; nil for OpenAI's chat format.
    static func detect(_ o: JSONObject) -> TargetProfile.FileFormat? {
        if o["schemaVersion"] != nil { return .bedrockConversation }
        guard o["messages"] != nil, let system = o["system"] else { return nil }
        return system.arrayValue != nil ? .bedrockConversation : .bedrockClaude
    }

    /// The record in chat form (`{"messages": […], "tools": […]}`), or what makes it unreadable.
    static func decode(_ o: JSONObject, _ format: TargetProfile.FileFormat) throws(RecordError) -> JSONObject {
        let conversation = format == .bedrockConversation
        if conversation, let v = o["schemaVersion"], v.stringValue != schemaVersion {
            throw RecordError(.invalidFormat, field: "schemaVersion", "schemaVersion must be \"\(schemaVersion)\", found \(v.jsonText)")
        }
        var messages: [JSONValue] = []
        if let s = o["system"], s != .null {
            let text = conversation ? try TextBlocks.join(s, field: "system", noun: "block", toolKeys: [], allowEmpty: true) : s.stringValue
            guard let text else { throw RecordError(.invalidFormat, field: "system", "\"system\" must be a string, found \(s.kindDescription)") }
            if !text.isEmpty { messages.append(VertexRecordCodec.chatMessage("system", text)) }
        }
        guard let raw = o["messages"]?.arrayValue else {
            throw RecordError(.invalidFormat, field: "messages", "\"messages\" must be an array, found \(o["messages"]?.kindDescription ?? "nothing")")
        }
        for (i, item) in raw.enumerated() {
            let field = "messages[\(i)]"
            guard let m = item.objectValue else {
                throw RecordError(.invalidFormat, field: field, "\(field) must be an object, found \(item.kindDescription)")
            }
            guard let role = m["role"]?.stringValue, role == "user" || role == "assistant" else {
                throw RecordError(.invalidFormat, field: "\(field).role", "\(field).role must be \"user\" or \"assistant\", found \(m["role"]?.jsonText ?? "nothing")")
            }
            guard let c = m["content"] else { throw RecordError(.invalidFormat, field: "\(field).content", "\(field) has no \"content\"") }
            if conversation {
                messages += try converseMessages(role, c, field: "\(field).content")
            } else {
                guard let text = c.stringValue else {
                    throw RecordError(.invalidFormat, field: "\(field).content", "\(field).content must be a string, found \(c.kindDescription)")
                }
                messages.append(VertexRecordCodec.chatMessage(role, text))
            }
        }
        var out = JSONObject([JSONMember("messages", .array(messages))])
        if conversation, let config = o["toolConfig"], config != .null {
            guard let tools = config.objectValue?["tools"]?.arrayValue else {
                throw RecordError(.invalidFormat, field: "toolConfig", "toolConfig must be {\"tools\": [{\"toolSpec\": …}]}")
            }
            out["tools"] = .array(tools.map { t in
                let spec = t.objectValue?["toolSpec"]?.objectValue
                return ToolCalls.openAITool(.init(name: spec?["name"]?.stringValue ?? "", description: spec?["description"]?.stringValue,
                                                  parameters: spec?["inputSchema"]?.objectValue?["json"]))
            })
        }
        return out
    }

    /// One Converse message as chat messages: text, an assistant's toolUse blocks as tool calls, a user's toolResult blocks as tool messages first.
    private static func converseMessages(_ role: String, _ content: JSONValue, field: String) throws(RecordError) -> [JSONValue] {
        guard let blocks = content.arrayValue else {
            throw RecordError(.invalidFormat, field: field, "\(field) must be an array of blocks, found \(content.kindDescription)")
        }
        var texts: [String] = [], calls: [JSONValue] = [], results: [JSONValue] = []
        for (j, item) in blocks.enumerated() {
            let at = "\(field)[\(j)]"
            guard let b = item.objectValue else { throw RecordError(.invalidFormat, field: at, "\(at) must be an object, found \(item.kindDescription)") }
            if let t = b["text"]?.stringValue {
                texts.append(t)
            } else if let use = b["toolUse"]?.objectValue, role == "assistant" {
                calls.append(ToolCalls.openAICall(id: use["toolUseId"]?.stringValue ?? "", name: use["name"]?.stringValue ?? "",
                                                  arguments: use["input"] ?? .object(JSONObject())))
            } else if let result = b["toolResult"]?.objectValue, role == "user" {
                let parts = (result["content"]?.arrayValue ?? []).map { p in
                    p.objectValue?["text"]?.stringValue ?? p.objectValue?["json"].map(ToolCalls.resultText) ?? ""
                }
                results.append(ToolCalls.object(("role", .string("tool")), ("tool_call_id", .string(result["toolUseId"]?.stringValue ?? "")),
                                                ("content", .string(parts.joined(separator: "\n")))))
            } else if b["toolUse"] != nil || b["toolResult"] != nil {
                throw RecordError(.invalidFormat, field: at, "\(at): toolUse blocks belong to assistant messages, toolResult blocks to user messages")
            } else {
                throw RecordError(.unsupportedContent, field: at, "\(at) is not a text or tool block (\(b.keys.joined(separator: ", ")))")
            }
        }
        if role == "assistant" {
            var m = JSONObject([JSONMember("role", .string("assistant")), JSONMember("content", .string(texts.joined(separator: "\n")))])
            if !calls.isEmpty { m["tool_calls"] = .array(calls) }
            return [.object(m)]
        }
        return results + (texts.isEmpty && !results.isEmpty ? [] : [VertexRecordCodec.chatMessage("user", texts.joined(separator: "\n"))])
    }

    /// Appends `c` in `format` and a newline. Expects the system prompt, if any, first.
    /// In the Converse schema every record has `system` (`[]` when there is no prompt),
    /// and tool results share one user message with the user text after them.
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
        guard conversation else {
            w.raw("\"messages\":[")
            for (i, m) in c.messages.dropFirst(system.count).enumerated() {
                if i > 0 { w.byte(UInt8(ascii: ",")) }
                w.raw(m.role == .assistant ? "{\"role\":\"assistant\",\"content\":" : "{\"role\":\"user\",\"content\":")
                w.string(m.content ?? "")
                w.byte(UInt8(ascii: "}"))
            }
            w.raw("]}\n")
            return
        }
        let functions = ToolCalls.functions(c.tools)
        if !functions.isEmpty {
            let tools: [JSONValue] = functions.map { f in
                var schema = f.parameters?.objectValue ?? JSONObject([JSONMember("properties", .object(JSONObject()))])
                if schema["type"] == nil { schema.members.insert(JSONMember("type", .string("object")), at: 0) }
                return ToolCalls.object(("toolSpec", ToolCalls.object(("name", .string(f.name)), ("description", .string(f.description ?? "")),
                                                                       ("inputSchema", ToolCalls.object(("json", .object(schema)))))))
            }
            w.raw("\"toolConfig\":")
            w.value(ToolCalls.object(("tools", .array(tools))))
            w.byte(UInt8(ascii: ","))
        }
        let messages = ToolCalls.turns(c.messages.dropFirst(system.count), assistantRole: "assistant", key: "content", result: { m in
            let text = m.content ?? ""
            let item = (try? JSONParser.parse(text))?.objectValue != nil ? ToolCalls.object(("json", ToolCalls.resultObject(text))) : ToolCalls.object(("text", .string(text)))
            return ToolCalls.object(("toolResult", ToolCalls.object(("toolUseId", .string(m.toolCallID ?? "")), ("content", .array([item])))))
        }, call: { call in
            ToolCalls.object(("toolUse", ToolCalls.object(("toolUseId", .string(call.id)), ("name", .string(call.name)),
                                                          ("input", call.arguments ?? .object(JSONObject())))))
        })
        w.raw("\"messages\":")
        w.value(.array(messages))
        w.raw("}\n")
    }
}
