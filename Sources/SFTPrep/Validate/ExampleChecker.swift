/// Checks one line of a chat JSONL file against what a fine-tuning target
/// accepts (OpenAI's service unless another profile is given), and measures it.
/// Pure: looks at nothing but the line, so lines are checked in parallel.
///
/// A line in a target's own layout (Gemini, Bedrock) is read in that layout and
/// then checked like a chat example, so one checker serves every target.
struct ExampleChecker: Sendable {
    struct Result: Sendable {
        var issues: [ValidationIssue] = []
        /// Whether the line is an example at all (not blank).
        var isExample = false
        var tokens: Int?
        var trained = 0
        var messages = 0
        var hasSystem = false
        /// Whether the record, in its own layout, has a `system` key (Bedrock); nil for the chat format.
        var systemKey: Bool?
        /// Which tool blocks the example has.
        var toolUsage: ToolUsage = []
        /// Whether the record counts as having a system prompt for "all or none" rules.
        var declaresSystem: Bool { systemKey ?? hasSystem }
        /// Hash of the example's canonical JSON, for duplicate detection.
        var fingerprint: UInt64?
        /// The record's layout or shape (`chat`, `vertex`, `sharegpt`, …), for "one format per file".
        var shape: String?
        /// The example as read, when its structure could be read.
        var conversation: Conversation?
    }

    static let messageKeys: Set<String> = ["role", "content", "name", "weight", "tool_calls", "tool_call_id"]

    let profile: TargetProfile
    let counter: ChatTokenCounter
    /// Tokens per example beyond which the target fails (or, for trainers, truncates or drops) it; nil for none.
    let limit: Int?
    let forbidden: [String]
    /// `--tokenizer`: counts (and the limit) in the open model's own tokens, through its chat template.
    var templateCounter: ChatTemplateCounter?
    /// Assistant replies shorter than this (characters) or longer than `longReply` (tokens) are unusual.
    let shortReply = 2
    let longReply = 4096

    init(profile: TargetProfile = .openai, counter: ChatTokenCounter, limit: Int?, forbidden: [String]) {
        self.profile = profile
        self.counter = counter
        self.limit = limit
        self.forbidden = profile.forbidsSpecialTokens ? forbidden : []
    }

    /// A checker for `profile` that counts with `model`'s tokenizer against the target's limit (or `maxTokens`).
    init(profile: TargetProfile, model: FineTuneModel, accounting: ChatAccounting, maxTokens: Int?,
         forbidden: [String] = UploadValidator.Options.openAISpecialTokens) {
        self.init(profile: profile, counter: ChatTokenCounter(tokenizer: BPETokenizer.shared(model.encoding), accounting: accounting),
                  limit: profile.exampleLimit(model: model, override: maxTokens), forbidden: forbidden)
    }

    static func validFunctionName(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 64 && s.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
        }
    }

    func check(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) -> Result {
        var r = Result()
        if JSONRecordReader.isBlank(bytes) {
            let message = "blank line (\(profile.blankLinesAreErrors ? profile.name + " rejects" : "some services reject") blank lines; sftprep export removes them)"
            r.issues.append(profile.blankLinesAreErrors ? .error(line, "blank_line", message) : .warning(line, "blank_line", message))
            return r
        }
        r.isExample = true
        if let object = object(bytes, line: line, into: &r) { check(object, line: line, into: &r) }
        return r
    }

    /// The line as a JSON object, or nil with the reason in `r` (not UTF-8, not JSON, not an object).
    func object(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, into r: inout Result) -> JSONObject? {
        if let bad = UTF8Validator.firstInvalidOffset(bytes) {
            r.issues.append(.error(line, "invalid_utf8", "not UTF-8 at column \(TextPosition.locate(bad, in: bytes).column): save the file as UTF-8"))
            return nil
        }
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch {
            r.issues.append(.error(line, "invalid_json", "invalid JSON at column \(TextPosition.locate(error.offset, in: bytes).column): \(error.message)"))
            return nil
        }
        guard let object = value.objectValue else {
            r.issues.append(.error(line, "not_an_object", "each line must be one JSON object, found \(value.kindDescription)"))
            return nil
        }
        return object
    }

    /// Checks `c` as the chat line export would write for it.
    func check(_ c: Conversation, line: Int) -> Result {
        profile.chatWriter.line(c).withUnsafeBufferPointer { check($0, line: line) }
    }

    /// The errors that refuse an example: all but keys the target rejects, which export drops anyway.
    static func refusals(_ r: Result) -> [ValidationIssue] {
        r.issues.filter { $0.severity == .error && $0.code != "unknown_key" }
    }

    /// Checks one record already parsed; `r` collects the findings.
    func check(_ object: JSONObject, line: Int, into r: inout Result) {
        func fail(_ code: String, _ message: String) { r.issues.append(.error(line, code, message)) }
        func warn(_ code: String, _ message: String) { r.issues.append(.warning(line, code, message)) }
        let o: JSONObject
        let unknownKeys: [String]
        do {
            let form = try TargetRecordReader.chatForm(object)
            o = form.object
            // A chat record bound for a Gemini or Bedrock target is converted by export: its own keys are structure.
            let allowed = profile.format == .chat ? profile.topKeys : ["messages", "tools", "parallel_tool_calls"]
            unknownKeys = form.format == .chat ? object.keys.filter { !allowed.contains($0) } : form.unknownKeys
            r.shape = form.format == .chat ? (object["messages"] != nil ? "chat" : JSONRecordMapper.detect(object)?.rawValue ?? "unknown") : form.format.rawValue
            if form.format == .bedrockClaude || form.format == .bedrockConversation { r.systemKey = object["system"] != nil }
        } catch {
            r.shape = TargetRecordReader.nativeFormat(of: object)?.rawValue
            fail(error.reason, "\(error.message)")
            return
        }
        for key in unknownKeys where o["messages"] != nil {
            if profile.extraKeysAreErrors {
                fail("unknown_key", "key \"\(key)\" is not allowed by \(profile.name) (it takes \(profile.topKeys.sorted().joined(separator: ", "))); sftprep export drops it")
            } else {
                warn("unknown_key", "key \"\(key)\" is not part of the chat format; services may reject it (sftprep export drops it)")
            }
        }
        guard let raw = o["messages"] else {
            let hint = r.shape.flatMap { $0 == "unknown" ? nil : " (this is a \($0) record; sftprep export --fix converts it)" } ?? ""
            fail("missing_messages", "no \"messages\" key\(hint)")
            return
        }
        guard let messages = raw.arrayValue else { fail("messages_not_array", "\"messages\" must be an array, found \(raw.kindDescription)"); return }
        guard !messages.isEmpty else { fail("empty_messages", "\"messages\" is empty"); return }
        r.messages = messages.count
        var callIDs: Set<String> = []
        var hasAssistant = false
        var assistantWeights: [Int] = []
        var structureOK = true
        var stringContents = 0, partContents = 0
        for (i, item) in messages.enumerated() {
            let at = "messages[\(i)]"
            guard let m = item.objectValue else { fail("message_not_object", "\(at) must be an object, found \(item.kindDescription)"); structureOK = false; continue }
            for key in m.keys where !ExampleChecker.messageKeys.contains(key) && key != profile.trainingField {
                let message = "\(at) has key \"\(key)\"; messages take role, content, name, weight, tool_calls, tool_call_id"
                if profile.unknownMessageKeysAreErrors { fail("unknown_message_key", message + " (sftprep export --fix drops it)") }
                else { warn("unknown_message_key", message + "; \(profile.name) ignores it and sftprep export --fix drops it") }
            }
            guard let roleValue = m["role"] else { fail("missing_role", "\(at) has no \"role\""); structureOK = false; continue }
            if roleValue.stringValue == "tool" && !profile.supportsTools {
                fail("tools_unsupported", "\(at) is a tool message, which \(profile.name)'s format cannot express" + (profile.toolsHint.map { " (\($0))" } ?? ""))
                structureOK = false
                continue
            }
            guard let role = roleValue.stringValue.flatMap(profile.canonicalRole) else {
                fail("unknown_role", "\(at).role is \(roleValue.jsonText); \(profile.name) takes \(ExampleChecker.list(profile.roles))")
                structureOK = false
                continue
            }
            if role == "system" { r.hasSystem = true }
            let calls = m["tool_calls"]
            let carriesCalls = role == "assistant" && calls != nil && calls != .null
            switch m["content"] {
            case nil:
                if !carriesCalls { fail("missing_content", "\(at) (\(role)) has no \"content\"") }
                else if profile.rendersChatTemplates {
                    fail("missing_content", "\(at) carries tool calls but no \"content\" key, which chat templates read on every message (sftprep export --fix writes \"content\": \"\")")
                }
            case .null?:
                if !carriesCalls { fail("null_content", "\(at) (\(role)) has null content") }
            case .string(let s)?:
                stringContents += 1
                if s.isEmpty && !carriesCalls {
                    if profile.emptyContentIsError { fail("empty_content", "\(at) (\(role)) has empty content, which \(profile.name) refuses") }
                    else { warn("empty_content", "\(at) (\(role)) has empty content") }
                }
                for word in profile.reservedStrings where s.utf8Contains(word) {
                    fail("reserved_text", "\(at) content contains \(ExampleChecker.shown(word)), which \(profile.name) reserves for its prompt format")
                }
                if !s.isEmpty, let f = s.unicodeScalars.first, let l = s.unicodeScalars.last, f.properties.isWhitespace || l.properties.isWhitespace {
                    warn("whitespace", "\(at) content starts or ends with whitespace (sftprep clean trims it)")
                }
                for token in forbidden where s.utf8Contains(token) {
                    fail("special_token", "\(at) content contains \(token); OpenAI rejects the whole file for special-token strings")
                }
                if role == "assistant" && s.utf8.count <= 4 * shortReply && s.count < shortReply && !s.isEmpty {
                    warn("short_reply", "\(at) is an unusually short assistant reply (\(s.count) character)")
                }
            case .array(let parts)?:
                partContents += 1
                if role == "tool" { fail("invalid_content", "\(at): a tool message's content must be a string") }
                for (j, p) in parts.enumerated() where p.objectValue?["type"]?.stringValue != "text" || p.objectValue?["text"]?.stringValue == nil {
                    fail("invalid_content", "\(at).content[\(j)] must be {\"type\": \"text\", \"text\": \"…\"}")
                }
                for (j, p) in parts.enumerated() {
                    guard let text = p.objectValue?["text"]?.stringValue else { continue }
                    for word in profile.reservedStrings where text.utf8Contains(word) {
                        fail("reserved_text", "\(at).content[\(j)] contains \(ExampleChecker.shown(word)), which \(profile.name) reserves for its prompt format")
                    }
                }
                switch profile.contentParts {
                case .refused(let roles, let why) where roles.contains(role):
                    fail("content_parts", "\(at).content is a list of text parts; \(why) (sftprep export --fix writes a string)")
                default: break
                }
            case let other?:
                fail("invalid_content", "\(at).content must be a string (or an array of text parts), found \(other.kindDescription)")
            }
            if let name = m["name"], name != .null {
                if let s = name.stringValue {
                    for token in forbidden where s.utf8Contains(token) { fail("special_token", "\(at).name contains \(token)") }
                } else {
                    fail("invalid_name", "\(at).name must be a string")
                }
            }
            if let w = m["weight"] {
                let number: Double? = w.boolValue.map { $0 ? 1 : 0 } ?? w.doubleValue
                if w.boolValue != nil {
                    warn("weight_boolean", "\(at).weight is \(w.jsonText); services read it as \(number == 1 ? 1 : 0) (sftprep export --fix writes the number)")
                }
                if profile.integerWeight && w.boolValue == nil && w != .number("0") && w != .number("1") {
                    fail("invalid_weight", "\(at).weight must be the integer 0 or 1 for \(profile.name), found \(w.jsonText)")
                } else if let d = number, d == 0 || d == 1 {
                    if role != "assistant" {
                        warn("weight_ignored", "\(at): weight on a \(role) message is ignored, only assistant turns are trained (sftprep export --fix drops it)")
                    } else {
                        assistantWeights.append(Int(d))
                        if d == 0 { checkZeroWeight(m, at: at, fail: fail) }
                    }
                } else {
                    fail("invalid_weight", "\(at).weight must be 0 or 1, found \(w.jsonText)")
                }
            } else if role == "assistant" {
                assistantWeights.append(1)
            }
            if role == "assistant" { hasAssistant = true }
            if let calls, calls != .null {
                if role != "assistant" { fail("invalid_tool_call", "\(at): only assistant messages carry tool_calls") }
                if let list = calls.arrayValue {
                    for (k, call) in list.enumerated() {
                        let c = call.objectValue
                        let where_ = "\(at).tool_calls[\(k)]"
                        guard let id = c?["id"]?.stringValue, !id.isEmpty else { fail("invalid_tool_call", "\(where_) needs a string \"id\""); continue }
                        callIDs.insert(id)
                        if c?["type"] == nil && profile.rendersChatTemplates {
                            fail("invalid_tool_call", "\(where_) has no \"type\", which chat templates read (sftprep export --fix writes \"function\")")
                        } else if c?["type"] == nil {
                            warn("tool_call_type", "\(where_) has no \"type\"; services take it as \"function\" (sftprep export --fix writes it)")
                        } else if c?["type"]?.stringValue != "function" {
                            fail("invalid_tool_call", "\(where_).type must be \"function\"")
                        }
                        let f = c?["function"]?.objectValue
                        if !ExampleChecker.validFunctionName(f?["name"]?.stringValue ?? "") {
                            fail("invalid_tool_call", "\(where_).function.name must match ^[a-zA-Z0-9_-]{1,64}$")
                        }
                        if let args = f?["arguments"]?.stringValue {
                            if (try? JSONParser.parse(args)) == nil { fail("invalid_tool_call", "\(where_).function.arguments is not valid JSON") }
                        } else {
                            fail("invalid_tool_call", "\(where_).function.arguments must be a JSON string (not an object)")
                        }
                    }
                } else {
                    fail("invalid_tool_call", "\(at).tool_calls must be an array")
                }
            }
            if role == "tool" {
                if let id = m["tool_call_id"]?.stringValue {
                    if !callIDs.contains(id) { fail("unknown_tool_call_id", "\(at).tool_call_id \"\(id)\" matches no earlier tool call") }
                } else {
                    fail("unknown_tool_call_id", "\(at) is a tool message without a tool_call_id")
                }
            }
        }
        if let tools = o["tools"], tools != .null {
            if let list = tools.arrayValue {
                for (k, t) in list.enumerated() {
                    let f = t.objectValue?["function"]?.objectValue
                    if t.objectValue?["type"]?.stringValue != "function" || f == nil || !ExampleChecker.validFunctionName(f?["name"]?.stringValue ?? "") {
                        fail("invalid_tools", "tools[\(k)] must be {\"type\": \"function\", \"function\": {\"name\": …}} with a name matching ^[a-zA-Z0-9_-]{1,64}$")
                    } else if let p = f?["parameters"], p.objectValue == nil {
                        fail("invalid_tools", "tools[\(k)].function.parameters must be a JSON Schema object")
                    }
                }
            } else {
                fail("invalid_tools", "\"tools\" must be a list of function definitions")
            }
        }
        if profile.contentParts == .notMixed && stringContents > 0 && partContents > 0 {
            fail("mixed_content", "\(stringContents) message\(stringContents == 1 ? " has" : "s have") string content and \(partContents) a list of parts; \(profile.name) needs all in one form (sftprep export --fix writes strings)")
        }
        guard structureOK else { return }
        if !hasAssistant { fail("no_assistant_message", "no assistant message: there is nothing to learn") }
        if hasAssistant && !assistantWeights.isEmpty && assistantWeights.allSatisfy({ $0 == 0 }) {
            warn("all_weights_zero", "every assistant message has weight 0: the example trains nothing")
        }
        if !profile.lastMustBeAssistant, let last = messages.last?.objectValue?["role"]?.stringValue, profile.canonicalRole(last) != "assistant" {
            warn("last_not_assistant", "the last message is from \(last), not the assistant (its answer is what training learns)")
        }
        // Target rules, then measure.
        guard var (conversation, _) = try? JSONRecordMapper(forced: .openai).map(o, source: "", line: line) else { return }
        if let field = profile.trainingField {
            // axolotl's own flag is this target's weight: read it back as one.
            for i in conversation.messages.indices {
                if let b = conversation.messages[i].extra[field]?.boolValue {
                    conversation.messages[i].weight = b ? (conversation.messages[i].weight ?? 1) : 0
                    conversation.messages[i].extra[field] = nil
                }
            }
        }
        r.conversation = conversation
        r.toolUsage = ToolUsage(conversation)
        for v in TargetRules(profile: profile).violations(conversation) { fail(v.code, v.message) }
        let count = counter.count(conversation)
        r.tokens = count.total
        r.trained = count.trained
        if let templateCounter {
            do throws(ChatTemplateError) {
                let own = try templateCounter.count(conversation)
                r.tokens = own
                if let limit, own > limit {
                    let message = "\(NumberFormatting.grouped(own)) tokens (\(templateCounter.tokenizer.tokenizerName) with \(templateCounter.formatName)), over the maximum length \(NumberFormatting.grouped(limit)): the trainer cuts the end or drops the example"
                    if case .trainer = profile.tokenLimit { warn("too_long", message) } else { fail("too_long", message) }
                }
            } catch {
                fail("chat_template_error", "\(templateCounter.failureName) failed: \(error.description)")
            }
        } else if let limit, count.total > limit { tooLong(count.total, limit, fail: fail, warn: warn) }
        for (i, m) in conversation.messages.enumerated() where m.role == .assistant {
            if let c = m.content, c.utf8.count > longReply, counter.tokenizer.count(c) > longReply {
                warn("long_reply", "messages[\(i)] is an unusually long assistant reply (over \(longReply) tokens)")
            }
        }
        var w = JSONWriter(capacity: 256)
        profile.chatWriter.write(conversation, to: &w)
        r.fingerprint = XXHash64.hash(w.bytes)
    }

    private func tooLong(_ tokens: Int, _ limit: Int, fail: (String, String) -> Void, warn: (String, String) -> Void) {
        let g = NumberFormatting.grouped
        switch profile.tokenLimit {
        case .model, .none:
            fail("too_long", "\(g(tokens)) tokens, over the limit of \(g(limit)): the end (the assistant's answer) would be cut off")
        case .estimated:
            fail("too_long", "about \(g(tokens)) tokens (estimated with \(counter.tokenizer.encoding.rawValue); \(profile.name)'s tokenizer differs), over \(profile.name)'s limit of \(g(limit))")
        case .trainer(_, let behaviour):
            warn("too_long", "about \(g(tokens)) tokens (estimated with \(counter.tokenizer.encoding.rawValue)), longer than the maximum length \(g(limit)): \(behaviour)")
        }
    }

    /// A zero weight on an assistant message the target cannot express is an error naming what export --fix does.
    private func checkZeroWeight(_ m: JSONObject, at: String, fail: (String, String) -> Void) {
        switch profile.weights {
        case .perMessage: break
        case .trainingField(let f):
            if m[f]?.boolValue != false {
                fail("weight_unsupported", "\(at) has weight 0, which \(profile.name) ignores: it would train on the turn (sftprep export --fix writes \"\(f)\": false and prints the config line that makes \(profile.name) read it)")
            }
        case .none:
            fail("weight_unsupported", "\(at) has weight 0, but \(profile.name) trains on every assistant turn (sftprep export --fix cuts untrained turns at the end, or refuses the example)")
        }
    }

    /// Text for a message, control characters visible (`"\nHuman:"`).
    static func shown(_ s: String) -> String {
        JSONValue.string(s).jsonText
    }

    /// The same checker with the per-example limit set to `limit` (none when nil): with `--tokenizer` only
    /// the trainer's maximum length given on the command line applies.
    func limited(to limit: Int?) -> ExampleChecker {
        var c = ExampleChecker(profile: profile, counter: counter, limit: limit, forbidden: forbidden)
        c.templateCounter = templateCounter
        return c
    }

    static func list(_ roles: Set<String>) -> String {
        let ordered = ["system", "user", "assistant", "tool"].filter(roles.contains)
        return ordered.dropLast().joined(separator: ", ") + (ordered.count > 1 ? " or " : "") + (ordered.last ?? "")
    }
}
