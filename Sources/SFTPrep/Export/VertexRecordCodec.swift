/// Gemini's tuning record on Vertex AI, read and written:
/// `{"systemInstruction": {"parts": [{"text": …}]}, "contents": [{"role": "user"|"model", "parts": […]}], "tools": […]}`.
///
/// Text parts, and function calling as Google's tuning docs show it: a model
/// turn's `functionCall` parts are the assistant's tool calls, a user turn's
/// `functionResponse` parts the tool results, `tools[].functionDeclarations`
/// the OpenAI `tools`. Files and inline data have no place in a text example
/// and are reported, not dropped.
enum VertexRecordCodec {
    /// `system_instruction` is the protobuf field's own name, which the JSON mapping accepts too.
    static let keys: Set<String> = ["systemInstruction", "system_instruction", "contents", "tools"]

    /// The record in chat form (`{"messages": […], "tools": […]}`), or what makes it unreadable.
    static func decode(_ o: JSONObject) throws(RecordError) -> JSONObject {
        var messages: [JSONValue] = []
        if o["systemInstruction"] != nil && o["system_instruction"] != nil {
            throw RecordError(.invalidFormat, field: "system_instruction", "both systemInstruction and system_instruction are set; the JSON mapping takes one")
        }
        let key = o["systemInstruction"] != nil ? "systemInstruction" : "system_instruction"
        if let s = o[key], s != .null {
            guard let parts = s.objectValue?["parts"] else {
                throw RecordError(.invalidFormat, field: key, "\(key) must be {\"parts\": [{\"text\": …}]}")
            }
            messages.append(chatMessage("system", try TextBlocks.join(parts, field: "\(key).parts", noun: "part", toolKeys: [], allowEmpty: false)))
        }
        guard let raw = o["contents"] else { throw RecordError(.invalidFormat, field: "contents", "no \"contents\"") }
        guard let contents = raw.arrayValue else {
            throw RecordError(.invalidFormat, field: "contents", "\"contents\" must be an array, found \(raw.kindDescription)")
        }
        var pending: [(name: String, id: String)] = []
        var callNumber = 0
        for (i, item) in contents.enumerated() {
            let field = "contents[\(i)]"
            guard let turn = item.objectValue else {
                throw RecordError(.invalidFormat, field: field, "\(field) must be an object, found \(item.kindDescription)")
            }
            let model: Bool
            switch turn["role"]?.stringValue {
            case "user"?: model = false
            case "model"?: model = true
            default:
                throw RecordError(.invalidFormat, field: "\(field).role", "\(field).role must be \"user\" or \"model\", found \(turn["role"]?.jsonText ?? "nothing")")
            }
            guard let parts = turn["parts"]?.arrayValue, !parts.isEmpty else {
                throw RecordError(.invalidFormat, field: "\(field).parts", "\(field).parts must be a non-empty array of parts")
            }
            var texts: [String] = []
            var calls: [JSONValue] = []
            var results: [JSONValue] = []
            for (j, item) in parts.enumerated() {
                let at = "\(field).parts[\(j)]"
                guard let part = item.objectValue else {
                    throw RecordError(.invalidFormat, field: at, "\(at) must be an object, found \(item.kindDescription)")
                }
                if let t = part["text"]?.stringValue {
                    texts.append(t)
                } else if let call = part["functionCall"]?.objectValue, model {
                    guard let name = call["name"]?.stringValue else { throw RecordError(.invalidFormat, field: "\(at).functionCall", "\(at).functionCall has no \"name\"") }
                    callNumber += 1
                    let id = "call_\(callNumber)"
                    pending.append((name, id))
                    calls.append(ToolCalls.openAICall(id: id, name: name, arguments: call["args"] ?? .object(JSONObject())))
                } else if let response = part["functionResponse"]?.objectValue, !model {
                    let name = response["name"]?.stringValue ?? ""
                    guard let k = pending.firstIndex(where: { $0.name == name }) else {
                        throw RecordError(.invalidFormat, field: "\(at).functionResponse", "\(at).functionResponse for \"\(name)\" answers no earlier functionCall")
                    }
                    let id = pending.remove(at: k).id
                    results.append(ToolCalls.object(("role", .string("tool")), ("tool_call_id", .string(id)),
                                                    ("content", .string(ToolCalls.resultText(response["response"] ?? .object(JSONObject()))))))
                } else if part["functionCall"] != nil || part["functionResponse"] != nil {
                    throw RecordError(.invalidFormat, field: at, "\(at): functionCall parts belong to model turns, functionResponse parts to user turns")
                } else {
                    throw RecordError(.unsupportedContent, field: at, "\(at) is not a text or function part (\(part.keys.joined(separator: ", ")))")
                }
            }
            if model {
                var m = JSONObject([JSONMember("role", .string("assistant")), JSONMember("content", .string(texts.joined(separator: "\n")))])
                if !calls.isEmpty { m["tool_calls"] = .array(calls) }
                messages.append(.object(m))
            } else {
                messages += results
                if !texts.isEmpty || results.isEmpty { messages.append(chatMessage("user", texts.joined(separator: "\n"))) }
            }
        }
        var out = JSONObject([JSONMember("messages", .array(messages))])
        if let tools = o["tools"], tools != .null { out["tools"] = .array(try openAITools(tools)) }
        return out
    }

    /// `tools: [{functionDeclarations: […]}]` as OpenAI function tools.
    private static func openAITools(_ tools: JSONValue) throws(RecordError) -> [JSONValue] {
        guard let list = tools.arrayValue else { throw RecordError(.invalidFormat, field: "tools", "\"tools\" must be an array") }
        var out: [JSONValue] = []
        for (k, t) in list.enumerated() {
            guard let declarations = t.objectValue?["functionDeclarations"]?.arrayValue else {
                throw RecordError(.toolsUnsupported, field: "tools[\(k)]", "tools[\(k)] is not a list of functionDeclarations (search and retrieval tools are not text examples)")
            }
            for (j, d) in declarations.enumerated() {
                let o = d.objectValue
                if let p = o?["parameters"], let problem = GeminiSchema.problem(in: p, at: "tools[\(k)].functionDeclarations[\(j)].parameters") {
                    throw RecordError(.invalidTools, field: "tools[\(k)].functionDeclarations[\(j)].parameters", problem)
                }
                let parameters = o?["parametersJsonSchema"] ?? o?["parameters"].map(GeminiSchema.toJSONSchema)
                out.append(ToolCalls.openAITool(.init(name: o?["name"]?.stringValue ?? "", description: o?["description"]?.stringValue, parameters: parameters)))
            }
        }
        return out
    }

    static func chatMessage(_ role: String, _ content: String) -> JSONValue {
        .object(JSONObject([JSONMember("role", .string(role)), JSONMember("content", .string(content))]))
    }

    /// Appends `c` as one Gemini record and a newline. Expects the system prompt, if any, first;
    /// tool results and the user text after them share one user turn.
    static func write(_ c: Conversation, to w: inout JSONWriter) {
        w.byte(UInt8(ascii: "{"))
        let system = c.messages.prefix { $0.role == .system }
        if !system.isEmpty {
            w.raw("\"systemInstruction\":{\"parts\":[{\"text\":")
            w.string(system.map { $0.content ?? "" }.joined(separator: "\n\n"))
            w.raw("}]},")
        }
        let names = ToolCalls.names(c.messages)
        let contents = ToolCalls.turns(c.messages.dropFirst(system.count), assistantRole: "model", key: "parts", result: { m in
            ToolCalls.object(("functionResponse", ToolCalls.object(("name", .string(names[m.toolCallID ?? ""] ?? "")),
                                                                  ("response", ToolCalls.resultObject(m.content ?? "")))))
        }, call: { call in
            ToolCalls.object(("functionCall", ToolCalls.object(("name", .string(call.name)), ("args", call.arguments ?? .object(JSONObject())))))
        })
        w.raw("\"contents\":")
        w.value(.array(contents))
        let functions = ToolCalls.functions(c.tools)
        if !functions.isEmpty {
            let declarations: [JSONValue] = functions.map { f in
                var d = JSONObject([JSONMember("name", .string(f.name))])
                if let text = f.description { d["description"] = .string(text) }
                if let p = f.parameters {
                    if let schema = GeminiSchema.from(jsonSchema: p) { d["parameters"] = schema } else { d["parametersJsonSchema"] = p }
                }
                return .object(d)
            }
            w.raw(",\"tools\":")
            w.value(.array([ToolCalls.object(("functionDeclarations", .array(declarations)))]))
        }
        w.raw("}\n")
    }
}
