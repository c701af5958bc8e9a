/// Gemini's tuning record on Vertex AI, read and written:
/// `{"systemInstruction": {"parts": [{"text": …}]}, "contents": [{"role": "user"|"model", "parts": [{"text": …}]}]}`.
///
/// Text only: function-call parts and files have no place in a text chat
/// example and are reported, not dropped.
enum VertexRecordCodec {
    /// `system_instruction` is the protobuf field's own name, which the JSON mapping accepts too.
    static let keys: Set<String> = ["systemInstruction", "system_instruction", "contents"]

    /// The record in chat form (`{"messages": […]}`), or what makes it unreadable.
    static func decode(_ o: JSONObject) throws(RecordError) -> JSONObject {
        var messages: [JSONValue] = []
        if o["systemInstruction"] != nil && o["system_instruction"] != nil {
            throw RecordError("invalid_format", field: "system_instruction", "both systemInstruction and system_instruction are set; the JSON mapping takes one")
        }
        let key = o["systemInstruction"] != nil ? "systemInstruction" : "system_instruction"
        if let s = o[key], s != .null {
            guard let parts = s.objectValue?["parts"] else {
                throw RecordError("invalid_format", field: key, "\(key) must be {\"parts\": [{\"text\": …}]}")
            }
            messages.append(chatMessage("system", try text(of: parts, field: "\(key).parts")))
        }
        guard let raw = o["contents"] else { throw RecordError("invalid_format", field: "contents", "no \"contents\"") }
        guard let contents = raw.arrayValue else {
            throw RecordError("invalid_format", field: "contents", "\"contents\" must be an array, found \(raw.kindDescription)")
        }
        for (i, item) in contents.enumerated() {
            let field = "contents[\(i)]"
            guard let turn = item.objectValue else {
                throw RecordError("invalid_format", field: field, "\(field) must be an object, found \(item.kindDescription)")
            }
            let role: String
            switch turn["role"]?.stringValue {
            case "user"?: role = "user"
            case "model"?: role = "assistant"
            default:
                throw RecordError("invalid_format", field: "\(field).role", "\(field).role must be \"user\" or \"model\", found \(turn["role"]?.jsonText ?? "nothing")")
            }
            guard let parts = turn["parts"] else { throw RecordError("invalid_format", field: "\(field).parts", "\(field) has no \"parts\"") }
            messages.append(chatMessage(role, try text(of: parts, field: "\(field).parts")))
        }
        return JSONObject([JSONMember("messages", .array(messages))])
    }

    static func chatMessage(_ role: String, _ content: String) -> JSONValue {
        .object(JSONObject([JSONMember("role", .string(role)), JSONMember("content", .string(content))]))
    }

    private static func text(of parts: JSONValue, field: String) throws(RecordError) -> String {
        try TextBlocks.join(parts, field: field, noun: "part", toolKeys: ["functionCall", "functionResponse"], allowEmpty: false)
    }

    /// Appends `c` as one Gemini record and a newline. Expects the system prompt, if any, first.
    static func write(_ c: Conversation, to w: inout JSONWriter) {
        var first = true
        w.byte(UInt8(ascii: "{"))
        let system = c.messages.prefix { $0.role == .system }
        if !system.isEmpty {
            w.raw("\"systemInstruction\":{\"parts\":[{\"text\":")
            w.string(system.map { $0.content ?? "" }.joined(separator: "\n\n"))
            w.raw("}]},")
        }
        w.raw("\"contents\":[")
        for m in c.messages.dropFirst(system.count) {
            if !first { w.byte(UInt8(ascii: ",")) }
            first = false
            w.raw(m.role == .assistant ? "{\"role\":\"model\",\"parts\":[{\"text\":" : "{\"role\":\"user\",\"parts\":[{\"text\":")
            w.string(m.content ?? "")
            w.raw("}]}")
        }
        w.raw("]}\n")
    }
}
