/// The safe repairs `export --fix` and `run --target` make so that an example
/// fits a target: the edits people otherwise script by hand, each counted.
///
/// Safe means meaning-preserving: converting a layout, renaming legacy fields,
/// dropping keys the target rejects, joining turns the target would refuse as
/// consecutive, trimming questions nobody answers. Anything else (a system
/// prompt in mid-conversation, tool calls a format cannot express) is left for
/// the check to refuse, so it ends in the rejects with its reason.
struct ExampleRepairer: Sendable {
    let profile: TargetProfile

    /// Reads a record of any supported shape (chat, ShareGPT, Alpaca, pairs,
    /// Gemini, Bedrock, legacy OpenAI functions) as a conversation, counting
    /// conversions and dropped keys.
    func read(_ object: JSONObject, source: String, line: Int, counts: inout ReasonCounts) throws(RecordError) -> Conversation {
        let form = try TargetRecordReader.chatForm(object)
        if form.format != .chat { counts.add("converted_from_\(form.format.rawValue)") }
        var (c, format) = try JSONRecordMapper().map(form.object, source: source, line: line)
        if format != .openai { counts.add("converted_from_\(format.rawValue)") }
        let legacy: Set<String> = ["functions"]
        let chatKeys: Set<String> = ["messages", "tools", "parallel_tool_calls"]
        let dropped = form.format == .chat && format == .openai
            ? form.object.keys.filter { !chatKeys.contains($0) && !legacy.contains($0) }
            : form.unknownKeys
        counts.add("dropped_key", dropped.count)
        normalize(&c, counts: &counts)
        return c
    }

    /// Legacy function calling in today's terms; keys the target rejects dropped.
    func normalize(_ c: inout Conversation, counts: inout ReasonCounts) {
        if c.parallelToolCalls != nil && !profile.topKeys.contains("parallel_tool_calls") && profile.format == .chat {
            c.parallelToolCalls = nil
            counts.add("dropped_key")
        }
        convertLegacyFunctions(&c, counts: &counts)
        for i in c.messages.indices where !c.messages[i].extra.members.isEmpty {
            counts.add("dropped_key", c.messages[i].extra.members.count)
            c.messages[i].extra = JSONObject()
        }
    }

    /// Repairs `c` for the target, adding what it did to `counts`.
    func repair(_ c: inout Conversation, counts: inout ReasonCounts) {
        stringifyArguments(&c, counts: &counts)
        typeToolCalls(&c, counts: &counts)
        for i in c.messages.indices where c.messages[i].weight != nil && c.messages[i].role != .assistant {
            c.messages[i].weight = nil
            counts.add("dropped_user_weight")
        }
        if profile.rendersChatTemplates {
            for i in c.messages.indices where c.messages[i].content == nil && c.messages[i].toolCalls != nil {
                c.messages[i].content = ""
                counts.add("added_empty_content")
            }
        }
        if let n = profile.toolCallIDLength { regenerateCallIDs(&c, length: n, counts: &counts) }
        if profile.noConsecutiveSameRole {
            var clean = CleanCounts()
            let before = c.messages.count
            c.messages = CleanStage.merged(c.messages, counts: &clean)
            counts.add("merged_turns", before - c.messages.count)
        }
        repairWeights(&c, counts: &counts)
        if c.messages.contains(where: { $0.role == .assistant }) {
            var trimmed = 0
            while let last = c.messages.last, last.role != .assistant { c.messages.removeLast(); trimmed += 1 }
            counts.add("trimmed_trailing_turns", trimmed)
        }
    }

    /// Keeps "do not learn this turn" where the target cannot say it: untrained
    /// assistant turns at the end are cut (they and the questions before them
    /// become nothing rather than training); earlier ones leave the example for
    /// the check to refuse. axolotl's training flag is written by its writer.
    func repairWeights(_ c: inout Conversation, counts: inout ReasonCounts) {
        guard c.messages.contains(where: { $0.role == .assistant && $0.weight == 0 }) else {
            if profile.weights == .none {
                for i in c.messages.indices where c.messages[i].weight != nil { c.messages[i].weight = nil }
            }
            return
        }
        switch profile.weights {
        case .perMessage: return
        case .trainingField:
            counts.add("training_flag_written", c.messages.count { $0.role == .assistant && $0.weight == 0 })
        case .none:
            guard let lastTrained = c.messages.lastIndex(where: { $0.role == .assistant && $0.weight != 0 }) else { return }
            let cut = c.messages.count - lastTrained - 1
            let tail = c.messages[(lastTrained + 1)...]
            guard tail.contains(where: { $0.weight == 0 }),
                  !c.messages[..<lastTrained].contains(where: { $0.role == .assistant && $0.weight == 0 }) else { return }
            c.messages.removeLast(cut)
            for i in c.messages.indices { c.messages[i].weight = nil }
            counts.add("cut_untrained_turns", cut)
        }
    }

    /// A tool call without `"type"` gets `"function"`, the only type there is.
    private func typeToolCalls(_ c: inout Conversation, counts: inout ReasonCounts) {
        for i in c.messages.indices {
            guard var calls = c.messages[i].toolCalls?.arrayValue else { continue }
            var changed = false
            for k in calls.indices {
                guard var call = calls[k].objectValue, call["type"] == nil else { continue }
                call["type"] = .string("function")
                calls[k] = .object(call)
                changed = true
                counts.add("added_tool_call_type")
            }
            if changed { c.messages[i].toolCalls = .array(calls) }
        }
    }

    /// OpenAI's legacy function calling (`functions`, `function_call`, the
    /// `function` role) in today's terms (`tools`, `tool_calls`, `tool` with ids).
    private func convertLegacyFunctions(_ c: inout Conversation, counts: inout ReasonCounts) {
        if let functions = c.metadata["functions"]?.arrayValue {
            if c.tools == nil {
                c.tools = .array(functions.map { .object(JSONObject([JSONMember("type", .string("function")), JSONMember("function", $0)])) })
            }
            c.metadata["functions"] = nil
            counts.add("legacy_functions")
        }
        var pending: [(name: String, id: String)] = []
        for i in c.messages.indices {
            if let call = c.messages[i].extra["function_call"]?.objectValue {
                let name = call["name"]?.stringValue ?? ""
                let id = ExampleRepairer.callID(seed: "\(c.metadata.location)#\(i)", length: profile.toolCallIDLength ?? 24, prefix: profile.toolCallIDLength == nil ? "call_" : "")
                var function = JSONObject([JSONMember("name", .string(name))])
                function["arguments"] = call["arguments"] ?? .string("{}")
                c.messages[i].toolCalls = .array([.object(JSONObject([JSONMember("id", .string(id)), JSONMember("type", .string("function")),
                                                                      JSONMember("function", .object(function))]))])
                if c.messages[i].content?.isEmpty == true { c.messages[i].content = nil }
                c.messages[i].extra["function_call"] = nil
                pending.append((name, id))
                counts.add("legacy_function_call")
            } else if c.messages[i].role == .tool, c.messages[i].toolCallID == nil, !pending.isEmpty {
                let match = pending.firstIndex { $0.name == c.messages[i].name } ?? 0
                c.messages[i].toolCallID = pending.remove(at: match).id
                c.messages[i].name = nil
                counts.add("legacy_function_result")
            }
        }
    }

    /// Tool-call arguments given as a JSON object become the JSON string services expect.
    private func stringifyArguments(_ c: inout Conversation, counts: inout ReasonCounts) {
        for i in c.messages.indices {
            guard var calls = c.messages[i].toolCalls?.arrayValue else { continue }
            var changed = false
            for k in calls.indices {
                guard var call = calls[k].objectValue, var function = call["function"]?.objectValue,
                      let args = function["arguments"], args.stringValue == nil, args != .null else { continue }
                function["arguments"] = .string(args.jsonText)
                call["function"] = .object(function)
                calls[k] = .object(call)
                changed = true
                counts.add("arguments_to_string")
            }
            if changed { c.messages[i].toolCalls = .array(calls) }
        }
    }

    /// Tool-call ids of the wrong shape get generated ones (the same for the same
    /// example, always), and the tool results that answer them follow.
    private func regenerateCallIDs(_ c: inout Conversation, length: Int, counts: inout ReasonCounts) {
        var renamed: [String: String] = [:]
        for i in c.messages.indices {
            guard var calls = c.messages[i].toolCalls?.arrayValue else { continue }
            for k in calls.indices {
                guard var call = calls[k].objectValue else { continue }
                let old = call["id"]?.stringValue ?? ""
                if TargetRules.isAlphanumeric(old, length: length) { continue }
                let new = ExampleRepairer.callID(seed: "\(c.metadata.location)#\(i)#\(k)#\(old)", length: length, prefix: "")
                renamed[old] = new
                call["id"] = .string(new)
                calls[k] = .object(call)
                counts.add("generated_tool_call_id")
            }
            c.messages[i].toolCalls = .array(calls)
        }
        guard !renamed.isEmpty else { return }
        for i in c.messages.indices {
            if let id = c.messages[i].toolCallID, let new = renamed[id] { c.messages[i].toolCallID = new }
        }
    }

    /// A deterministic id of ASCII letters and digits from `seed`.
    static func callID(seed: String, length: Int, prefix: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
        var h = XXHash64.hash(Array(seed.utf8))
        var out = Array(prefix.utf8)
        for _ in 0..<max(0, length - prefix.utf8.count) {
            out.append(alphabet[Int(h % 62)])
            h /= 62
            if h == 0 { h = XXHash64.hash(out) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
