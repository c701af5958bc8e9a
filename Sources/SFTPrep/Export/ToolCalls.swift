/// OpenAI's tool calling (`tools`, `tool_calls`, `tool` messages) read from and
/// written to the layouts that express it differently: Gemini's
/// `functionDeclarations`/`functionCall`/`functionResponse` parts and Bedrock
/// Converse's `toolConfig`/`toolUse`/`toolResult` blocks.
enum ToolCalls {
    /// A JSON object from ordered pairs.
    static func object(_ pairs: (String, JSONValue)...) -> JSONValue {
        .object(JSONObject(pairs.map { JSONMember($0.0, $0.1) }))
    }

    /// One function of an OpenAI `tools` array.
    struct Function {
        var name: String
        var description: String?
        var parameters: JSONValue?
    }

    /// The functions of an OpenAI `tools` array (entries that are not functions are skipped; the checker refuses them).
    static func functions(_ tools: JSONValue?) -> [Function] {
        (tools?.arrayValue ?? []).compactMap { t in
            guard let f = t.objectValue?["function"]?.objectValue, let name = f["name"]?.stringValue else { return nil }
            return Function(name: name, description: f["description"]?.stringValue, parameters: f["parameters"])
        }
    }

    static func openAITool(_ f: Function) -> JSONValue {
        var function = JSONObject([JSONMember("name", .string(f.name))])
        if let d = f.description { function["description"] = .string(d) }
        if let p = f.parameters { function["parameters"] = p }
        return object(("type", .string("function")), ("function", .object(function)))
    }

    /// One call of an assistant message: its id, function name and arguments (nil when they are not a JSON object).
    struct Call {
        var id: String
        var name: String
        var arguments: JSONValue?
    }

    static func calls(_ m: Message) -> [Call] {
        (m.toolCalls?.arrayValue ?? []).map { call in
            let c = call.objectValue
            let f = c?["function"]?.objectValue
            var arguments: JSONValue?
            if let text = f?["arguments"]?.stringValue, let parsed = try? JSONParser.parse(text), parsed.objectValue != nil {
                arguments = parsed
            } else if let o = f?["arguments"], o.objectValue != nil {
                arguments = o
            }
            return Call(id: c?["id"]?.stringValue ?? "", name: f?["name"]?.stringValue ?? "", arguments: arguments)
        }
    }

    static func openAICall(id: String, name: String, arguments: JSONValue) -> JSONValue {
        object(("id", .string(id)), ("type", .string("function")),
               ("function", object(("name", .string(name)), ("arguments", .string(arguments.jsonText)))))
    }

    /// A tool result as the JSON object Gemini's `response` and Converse's `json` hold:
    /// the content itself when it is a JSON object, else `{"content": text}`.
    static func resultObject(_ text: String) -> JSONValue {
        if let v = try? JSONParser.parse(text), v.objectValue != nil { return v }
        return object(("content", .string(text)))
    }

    /// The reverse of ``resultObject(_:)``: `{"content": "…"}` alone is its text, any other object its JSON.
    static func resultText(_ v: JSONValue) -> String {
        if let o = v.objectValue, o.members.count == 1, let s = o["content"]?.stringValue { return s }
        return v.stringValue ?? v.jsonText
    }

    /// The messages after the system prompt as Gemini's contents and Converse's messages lay them out: a
    /// user turn holds the tool results before it (each as `result` writes it) and then the user's text; an
    /// assistant turn its text (none when it only calls tools: Nova refuses an empty text block) and a
    /// block per call (as `call` writes it). `assistantRole` and `key` name the layout's fields.
    static func turns(_ messages: ArraySlice<Message>, assistantRole: String, key: String,
                      result: (Message) -> JSONValue, call: (Call) -> JSONValue) -> [JSONValue] {
        var out: [JSONValue] = []
        var user: [JSONValue] = []
        func flushUser() {
            if !user.isEmpty { out.append(object(("role", .string("user")), (key, .array(user)))) }
            user = []
        }
        for m in messages {
            switch m.role {
            case .tool:
                user.append(result(m))
            case .user, .system:
                user.append(object(("text", .string(m.content ?? ""))))
                flushUser()
            case .assistant:
                flushUser()
                let calls = self.calls(m)
                var blocks: [JSONValue] = !(m.content ?? "").isEmpty || calls.isEmpty ? [object(("text", .string(m.content ?? "")))] : []
                blocks += calls.map(call)
                out.append(object(("role", .string(assistantRole)), (key, .array(blocks))))
            }
        }
        flushUser()
        return out
    }

    /// The function name each tool-call id in `messages` calls.
    static func names(_ messages: [Message]) -> [String: String] {
        var out: [String: String] = [:]
        for m in messages { for c in calls(m) { out[c.id] = c.name } }
        return out
    }
}

/// JSON Schema (OpenAI's `parameters`) in the OpenAPI subset Gemini's
/// `Schema` message takes, and back. Types are upper case there (`OBJECT`),
/// and a strict protobuf parse refuses any keyword the message does not have;
/// a schema using one (`additionalProperties`, `oneOf`, `$ref`, `const`…) goes
/// into `parametersJsonSchema`, which takes JSON Schema as it is.
enum GeminiSchema {
    static let types: Set<String> = ["string", "number", "integer", "boolean", "array", "object"]

    /// `schema` in Gemini's form, or nil when it uses something that form cannot hold.
    static func from(jsonSchema schema: JSONValue) -> JSONValue? {
        guard let o = schema.objectValue else { return nil }
        var out = JSONObject()
        for member in o {
            let v = member.value
            switch member.key {
            case "type":
                if let t = v.stringValue, types.contains(t) {
                    out["type"] = .string(t.uppercased())
                } else if let list = v.arrayValue?.compactMap(\.stringValue), list.count == 2, list.contains("null"),
                          let t = list.first(where: { $0 != "null" }), types.contains(t) {
                    out["type"] = .string(t.uppercased())
                    out["nullable"] = .bool(true)
                } else {
                    return nil
                }
            case "properties":
                guard let props = v.objectValue else { return nil }
                var converted = JSONObject()
                for p in props {
                    guard let s = from(jsonSchema: p.value) else { return nil }
                    converted[p.key] = s
                }
                out["properties"] = .object(converted)
            case "items":
                guard let s = from(jsonSchema: v) else { return nil }
                out["items"] = s
            case "anyOf":
                guard let list = v.arrayValue else { return nil }
                var converted: [JSONValue] = []
                for s in list {
                    guard let c = from(jsonSchema: s) else { return nil }
                    converted.append(c)
                }
                out["anyOf"] = .array(converted)
            case "enum", "required", "propertyOrdering":
                guard let list = v.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else { return nil }
                out[member.key] = v
            case "description", "title", "format", "pattern":
                guard v.stringValue != nil else { return nil }
                out[member.key] = v
            case "minItems", "maxItems", "minProperties", "maxProperties", "minLength", "maxLength", "minimum", "maximum":
                guard v.doubleValue != nil else { return nil }
                out[member.key] = v
            case "nullable":
                guard v.boolValue != nil else { return nil }
                out["nullable"] = v
            case "default", "example":
                out[member.key] = v
            default:
                return nil
            }
        }
        return .object(out)
    }

    /// What keeps `schema` from being a `Schema` message as a strict protobuf parse reads it
    /// (an unknown key, a type that is not an upper-case enum name), or nil.
    static func problem(in schema: JSONValue, at path: String) -> String? {
        guard let o = schema.objectValue else { return "\(path) must be an object" }
        for member in o {
            let at = "\(path).\(member.key)"
            switch member.key {
            case "type", "type_":
                guard let t = member.value.stringValue, types.contains(t.lowercased()), t == t.uppercased() else {
                    return "\(at) is \(member.value.jsonText); Gemini's schema types are upper case (\"OBJECT\", \"STRING\", …)"
                }
            case "properties":
                for p in member.value.objectValue ?? JSONObject() {
                    if let problem = problem(in: p.value, at: "\(at).\(p.key)") { return problem }
                }
            case "items":
                if let problem = problem(in: member.value, at: at) { return problem }
            case "anyOf", "any_of":
                for (k, s) in (member.value.arrayValue ?? []).enumerated() {
                    if let problem = problem(in: s, at: "\(at)[\(k)]") { return problem }
                }
            case let key where fieldNames.contains(key):
                continue
            default:
                return "\(at) is not a field of Gemini's Schema (a JSON Schema goes in parametersJsonSchema)"
            }
        }
        return nil
    }

    /// The `Schema` message's fields, in the JSON mapping's camel case and as declared.
    static let fieldNames: Set<String> = [
        "format", "title", "description", "nullable", "default", "minItems", "maxItems", "enum", "propertyOrdering", "required",
        "minProperties", "maxProperties", "minimum", "maximum", "minLength", "maxLength", "pattern", "example", "additionalProperties",
        "ref", "defs", "format_", "min_items", "max_items", "property_ordering", "min_properties", "max_properties", "min_length",
        "max_length", "additional_properties",
    ]

    /// Gemini's form back in JSON Schema's: lower-case types, the rest as it is.
    static func toJSONSchema(_ schema: JSONValue) -> JSONValue {
        guard let o = schema.objectValue else { return schema }
        var out = JSONObject()
        for member in o {
            switch member.key {
            case "type": out["type"] = member.value.stringValue.map { .string($0.lowercased()) } ?? member.value
            case "properties":
                var props = JSONObject()
                for p in member.value.objectValue ?? JSONObject() { props[p.key] = toJSONSchema(p.value) }
                out["properties"] = .object(props)
            case "items": out["items"] = toJSONSchema(member.value)
            case "anyOf": out["anyOf"] = .array((member.value.arrayValue ?? []).map(toJSONSchema))
            default: out[member.key] = member.value
            }
        }
        return .object(out)
    }
}

/// Which tool blocks an example has (`toolUse`, `toolResult` in Converse terms).
struct ToolUsage: OptionSet, Sendable, Hashable {
    let rawValue: UInt8
    static let calls = ToolUsage(rawValue: 1)
    static let results = ToolUsage(rawValue: 2)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init(_ c: Conversation) {
        var u: ToolUsage = []
        for m in c.messages {
            if m.toolCalls?.arrayValue?.isEmpty == false { u.insert(.calls) }
            if m.role == .tool { u.insert(.results) }
        }
        self = u
    }
}

/// Counts of examples with and without tool blocks in one file, for Nova 2's
/// validator, which takes a file only if every example has `toolUse` (and
/// `toolResult`) or none does.
struct ToolUsageTally: Sendable {
    private var with: [UInt8: (count: Int, first: Int?)] = [:]
    private var examples = 0

    mutating func add(_ u: ToolUsage, line: Int?) {
        examples += 1
        for kind in [ToolUsage.calls, .results] where u.contains(kind) {
            let old = with[kind.rawValue] ?? (0, line)
            with[kind.rawValue] = (old.count + 1, old.first ?? line)
        }
    }

    /// The whole-file error when some examples have a kind of tool block and others do not.
    func issue(_ profile: TargetProfile, subject: String) -> ValidationIssue? {
        guard profile.toolUseInAllOrNone else { return nil }
        for (kind, name) in [(ToolUsage.calls, "tool calls (toolUse)"), (.results, "tool results (toolResult)")] {
            guard let w = with[kind.rawValue], w.count < examples else { continue }
            let first = w.first.map { " (first: line \($0))" } ?? ""
            return .error(nil, "inconsistent_tools", "\(w.count) of \(examples) examples in \(subject) have \(name)\(first); \(profile.name)'s validator takes a file only if every example has them or none does: put the two kinds in separate files")
        }
        return nil
    }
}
