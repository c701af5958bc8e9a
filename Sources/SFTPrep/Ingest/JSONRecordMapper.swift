/// Turns one JSON object of any supported record shape into a ``Conversation``.
///
/// The shape is recognised per record from its keys (so a file mixing shapes
/// still reads), unless a format is forced. Keys the shape does not use go to
/// metadata, so input columns such as `category` or `customer_id` travel on.
public struct JSONRecordMapper: Sendable {
    public var forced: InputFormat?

    public init(forced: InputFormat? = nil) { self.forced = forced }

    /// Key pairs read as one user turn and one assistant answer, in order of preference.
    static let pairKeys: [(prompt: String, response: String)] = [
        ("question", "answer"), ("query", "response"), ("input", "output"), ("prompt", "response"),
        ("question", "response"), ("query", "answer"), ("input", "response"), ("prompt", "answer"),
        ("human", "assistant"), ("user", "assistant"), ("request", "response"),
    ]

    /// Which format a record looks like, or nil when its keys match none.
    public static func detect(_ o: JSONObject) -> InputFormat? {
        if o["mapping"] != nil, o["current_node"] != nil || o["title"] != nil { return .chatgpt }
        if o["messages"] != nil { return .openai }
        if o["conversations"] != nil || o["conversation"] != nil { return .sharegpt }
        if o["instruction"] != nil, o["output"] != nil || o["response"] != nil { return .alpaca }
        if o["prompt"] != nil, o["completion"] != nil { return .promptCompletion }
        if pair(in: o) != nil { return .pairs }
        return nil
    }

    static func pair(in o: JSONObject) -> (prompt: String, response: String)? {
        for p in pairKeys where o[p.prompt] != nil && o[p.response] != nil { return p }
        return nil
    }

    /// Maps `object`, read at `source`:`line`, to a conversation and the format it was read as.
    public func map(_ object: JSONObject, source: String, line: Int?) throws(RecordError) -> (Conversation, InputFormat) {
        guard let format = forced ?? JSONRecordMapper.detect(object) else {
            let keys = object.keys.prefix(8).map { "\"\($0)\"" }.joined(separator: ", ")
            throw RecordError(.unrecognizedRecord,
                              "no supported record shape: expected \"messages\", \"conversations\", \"instruction\"/\"output\", \"prompt\"/\"completion\" or a question/answer pair; found keys \(keys.isEmpty ? "(none)" : keys)")
        }
        var used: [String] = []
        var conversation: Conversation
        switch format {
        case .openai: conversation = try mapOpenAI(object, &used)
        case .sharegpt: conversation = try mapShareGPT(object, &used)
        case .alpaca: conversation = try mapAlpaca(object, &used)
        case .promptCompletion: conversation = try mapPair(object, prompt: "prompt", response: "completion", &used)
        case .pairs:
            guard let p = JSONRecordMapper.pair(in: object) else {
                throw RecordError(.missingField, "no question/answer pair of keys (question/answer, input/output, query/response, …)")
            }
            conversation = try mapPair(object, prompt: p.prompt, response: p.response, &used)
        case .chatgpt: conversation = try ChatGPTConversationMapper.map(object, &used)
        case .csv, .transcript, .whatsapp, .slack, .discord, .telegram,
             .zendesk, .freshdesk, .intercom, .helpscout, .front, .hubspot, .gorgias, .crisp, .livechat:
            throw RecordError(.unrecognizedRecord, "this record is not in the \(format.rawValue) format")
        }
        conversation.metadata = metadata(for: object, used: used, source: source, line: line, format: format)
        return (conversation, format)
    }

    /// Builds metadata: id, source, line, format first, then every unused key of the record.
    /// A record that already carries sftprep metadata (from a pipe) keeps its original location.
    func metadata(for o: JSONObject, used: [String], source: String, line: Int?, format: InputFormat) -> Metadata {
        var m = Metadata()
        let carried = o["metadata"]?.objectValue
        // Room for every member at once: growing one at a time cost three allocations a record.
        m.fields.members.reserveCapacity(4 + o.count + (carried?.count ?? 0))
        if let id = o["id"]?.scalarText ?? carried?["id"]?.scalarText { m.id = id }
        m.source = carried?["source"]?.stringValue ?? source
        if let l = carried?["line"] { m["line"] = l } else if let line { m.line = line }
        m.format = carried?["format"]?.stringValue ?? format.rawValue
        for member in carried ?? JSONObject() where m[member.key] == nil {
            m[member.key] = member.value
        }
        for member in o where !used.contains(member.key) && member.key != "metadata" && member.key != "id" {
            m[member.key] = member.value
        }
        return m
    }

    // MARK: - Shapes

    /// The keys of an OpenAI chat record that are not metadata.
    static let openAIKeys = ["messages", "tools", "parallel_tool_calls"]

    private func mapOpenAI(_ o: JSONObject, _ used: inout [String]) throws(RecordError) -> Conversation {
        used.append(contentsOf: JSONRecordMapper.openAIKeys)
        guard let raw = o["messages"] else { throw RecordError(.missingField, field: "messages", "missing \"messages\"") }
        guard let items = raw.arrayValue else {
            throw RecordError(.invalidField, field: "messages", "\"messages\" must be an array, found \(raw.kindDescription)")
        }
        var messages: [Message] = []
        messages.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            messages.append(try mapMessage(item, field: "messages[\(i)]", roleKey: "role", contentKey: "content"))
        }
        return Conversation(messages: messages, tools: o["tools"], parallelToolCalls: o["parallel_tool_calls"])
    }

    private func mapShareGPT(_ o: JSONObject, _ used: inout [String]) throws(RecordError) -> Conversation {
        let key = o["conversations"] != nil ? "conversations" : "conversation"
        used.append(contentsOf: [key, "system"])
        guard let items = o[key]?.arrayValue else {
            throw RecordError(.invalidField, field: key, "\"\(key)\" must be an array, found \(o[key]?.kindDescription ?? "nothing")")
        }
        var messages: [Message] = []
        if let system = try optionalText(o, "system"), !system.isEmpty { messages.append(.system(system)) }
        for (i, item) in items.enumerated() {
            guard let turn = item.objectValue else {
                throw RecordError(.invalidField, field: "\(key)[\(i)]", "each turn must be an object, found \(item.kindDescription)")
            }
            let roleKey = turn["from"] != nil ? "from" : "role"
            let contentKey = turn["value"] != nil ? "value" : "content"
            messages.append(try mapMessage(item, field: "\(key)[\(i)]", roleKey: roleKey, contentKey: contentKey))
        }
        return Conversation(messages: messages, tools: o["tools"].flatMap { $0.arrayValue != nil ? $0 : nil })
    }

    private func mapAlpaca(_ o: JSONObject, _ used: inout [String]) throws(RecordError) -> Conversation {
        let responseKey = o["output"] != nil ? "output" : "response"
        let inputKey = o["input"] != nil ? "input" : "context"
        used.append(contentsOf: ["instruction", inputKey, responseKey, "system", "history"])
        let instruction = try requiredText(o, "instruction")
        let input = try optionalText(o, inputKey) ?? ""
        let output = try requiredText(o, responseKey)
        var messages: [Message] = []
        if let system = try optionalText(o, "system"), !system.isEmpty { messages.append(.system(system)) }
        if let history = o["history"], history != .null {
            guard let turns = history.arrayValue else {
                throw RecordError(.invalidField, field: "history", "\"history\" must be an array of [question, answer] pairs")
            }
            for (i, t) in turns.enumerated() {
                guard let pair = t.arrayValue, pair.count == 2, let q = pair[0].scalarText, let a = pair[1].scalarText else {
                    throw RecordError(.invalidField, field: "history[\(i)]", "each history entry must be a [question, answer] pair of strings")
                }
                messages.append(.user(q))
                messages.append(.assistant(a))
            }
        }
        let user = input.isEmpty ? instruction : instruction + "\n\n" + input
        messages.append(.user(user))
        messages.append(.assistant(output))
        return Conversation(messages: messages)
    }

    private func mapPair(_ o: JSONObject, prompt: String, response: String, _ used: inout [String]) throws(RecordError) -> Conversation {
        used.append(contentsOf: [prompt, response, "system"])
        var messages: [Message] = []
        if let system = try optionalText(o, "system"), !system.isEmpty { messages.append(.system(system)) }
        messages.append(.user(try requiredText(o, prompt)))
        messages.append(.assistant(try requiredText(o, response)))
        return Conversation(messages: messages)
    }

    // MARK: - Fields

    private func requiredText(_ o: JSONObject, _ key: String) throws(RecordError) -> String {
        guard let v = o[key], v != .null else { throw RecordError(.missingField, field: key, "missing \"\(key)\"") }
        guard let s = v.scalarText else {
            throw RecordError(.invalidField, field: key, "\"\(key)\" must be a string, found \(v.kindDescription)")
        }
        return s
    }

    private func optionalText(_ o: JSONObject, _ key: String) throws(RecordError) -> String? {
        guard let v = o[key], v != .null else { return nil }
        guard let s = v.scalarText else {
            throw RecordError(.invalidField, field: key, "\"\(key)\" must be a string, found \(v.kindDescription)")
        }
        return s
    }

    /// Keys a message object maps to ``Message`` fields (a switch: no hashing per key).
    static func isMessageKey(_ key: String) -> Bool {
        switch key {
        case "role", "content", "name", "weight", "tool_calls", "tool_call_id": return true
        default: return false
        }
    }

    /// Reads one message object; `roleKey`/`contentKey` differ between OpenAI (`role`/`content`) and ShareGPT (`from`/`value`).
    func mapMessage(_ item: JSONValue, field: @autoclosure () -> String, roleKey: String, contentKey: String) throws(RecordError) -> Message {
        guard let m = item.objectValue else {
            throw RecordError(.invalidField, field: field(), "each message must be an object, found \(item.kindDescription)")
        }
        guard let roleValue = m[roleKey] else {
            throw RecordError(.missingField, field: "\(field()).\(roleKey)", "message has no \"\(roleKey)\"")
        }
        guard let roleText = roleValue.stringValue else {
            throw RecordError(.invalidField, field: "\(field()).\(roleKey)", "role must be a string, found \(roleValue.kindDescription)")
        }
        guard let role = Role(alias: roleText) else {
            throw RecordError(.unknownRole, field: "\(field()).\(roleKey)",
                              "unknown role \"\(roleText)\" (expected system, user, assistant or tool, or an alias such as human, gpt, customer, agent)")
        }
        var message = Message(role: role, content: nil)
        if let c = m[contentKey] {
            message.content = try contentText(c, field: "\(field()).\(contentKey)")
        }
        if let n = m["name"], n != .null {
            guard let s = n.stringValue else { throw RecordError(.invalidField, field: "\(field()).name", "name must be a string, found \(n.kindDescription)") }
            message.name = s
        }
        if let w = m["weight"], w != .null {
            // `true`/`false` as Python's loaders read them: 1 and 0.
            guard let d = w.boolValue.map({ $0 ? 1.0 : 0.0 }) ?? w.doubleValue, d == 0 || d == 1 else {
                throw RecordError(.invalidField, field: "\(field()).weight", "weight must be 0 or 1, found \(w.jsonText)")
            }
            message.weight = Int(d)
        }
        if let t = m["tool_calls"], t != .null { message.toolCalls = t }
        if let id = m["tool_call_id"], id != .null {
            guard let s = id.scalarText else { throw RecordError(.invalidField, field: "\(field()).tool_call_id", "tool_call_id must be a string") }
            message.toolCallID = s
        }
        for member in m where member.key != roleKey && member.key != contentKey && !JSONRecordMapper.isMessageKey(member.key) {
            message.extra.members.append(member)
        }
        return message
    }

    /// Content is a string, null, or an array of text parts (`{"type":"text","text":…}`), joined by newlines.
    private func contentText(_ v: JSONValue, field: @autoclosure () -> String) throws(RecordError) -> String? {
        switch v {
        case .null: return nil
        case .string(let s): return s
        case .number, .bool: return v.scalarText
        case .array(let parts):
            var texts: [String] = []
            for (j, part) in parts.enumerated() {
                if let s = part.stringValue { texts.append(s); continue }
                guard let p = part.objectValue else {
                    throw RecordError(.invalidField, field: "\(field())[\(j)]", "content part must be an object, found \(part.kindDescription)")
                }
                let type = p["type"]?.stringValue ?? "text"
                guard type == "text" || type == "input_text" || type == "output_text", let text = p["text"]?.stringValue else {
                    throw RecordError(.unsupportedContent, field: "\(field())[\(j)]",
                                      "content part of type \"\(type)\" is not text; only text parts can be used for text fine-tuning")
                }
                texts.append(text)
            }
            return texts.joined(separator: "\n")
        case .object:
            throw RecordError(.invalidField, field: field(), "content must be a string or an array of text parts, found an object")
        }
    }
}
