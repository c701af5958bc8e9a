import Foundation

/// Counts an example as a trainer does for an open model: the conversation
/// rendered with the model's chat template and tokenized with its tokenizer,
/// equal to `len(tokenizer.apply_chat_template(messages, tools=tools,
/// tokenize=True, add_generation_prompt=False))`.
///
/// Messages go to the template as Hugging Face expects them: tool-call
/// arguments as objects (an OpenAI-style JSON string is parsed), `content` a
/// string ("" for a tool-call turn without text). A template that joins the
/// arguments as text (DeepSeek R1's) fails on objects, as it does in Python;
/// it is then rendered with the arguments as the JSON strings they were.
///
/// For a Mistral tekken file with no `--chat-template`, the count is instead
/// Mistral's own encoding (``MistralInstruct``), as `mistral-common`'s
/// `encode_chat_completion` gives it.
public struct ChatTemplateCounter: @unchecked Sendable {
    public let tokenizer: HFTokenizer
    /// The template, or nil when Mistral's own encoding is used.
    public let template: JinjaTemplate?
    let mistral: MistralInstruct?
    let bosToken: String
    let eosToken: String
    let date: Date

    public init(tokenizer: HFTokenizer, template source: String, bosToken: String = "", eosToken: String = "", date: Date = Date()) throws(ChatTemplateError) {
        self.tokenizer = tokenizer
        template = try JinjaTemplate(source)
        mistral = nil
        self.bosToken = bosToken
        self.eosToken = eosToken
        self.date = date
    }

    init(tokenizer: HFTokenizer, mistral: MistralInstruct) {
        self.tokenizer = tokenizer
        template = nil
        self.mistral = mistral
        bosToken = ""; eosToken = ""; date = Date()
    }

    /// How the output names what counted: "its chat template", or Mistral's encoding and version.
    public var formatName: String {
        mistral.map { "mistral-common's \($0.version.rawValue) chat encoding" } ?? "its chat template"
    }

    /// What failed when an example cannot be counted.
    public var failureName: String { mistral == nil ? "the chat template" : "Mistral's chat encoding" }

    /// The example as the template renders it (for Mistral's encoding: the ids, written out).
    public func render(_ c: Conversation) throws(ChatTemplateError) -> String {
        if let mistral { return try mistral.tokens(c, encode: tokenizer.encode).map(String.init).joined(separator: " ") }
        do {
            return try render(c, argumentsAsObjects: true)
        } catch {
            guard c.messages.contains(where: { $0.toolCalls != nil }), let text = try? render(c, argumentsAsObjects: false) else { throw error }
            return text
        }
    }

    private func render(_ c: Conversation, argumentsAsObjects: Bool) throws(ChatTemplateError) -> String {
        var variables: [String: JinjaValue] = [
            "messages": .list(c.messages.map { ChatTemplateCounter.message($0, argumentsAsObjects: argumentsAsObjects) }),
            "add_generation_prompt": .bool(false),
            "bos_token": .string(bosToken),
            "eos_token": .string(eosToken),
        ]
        // No tools is Python's None, defined (transformers passes tools=None): `tools is none` holds.
        variables["tools"] = c.tools.map { JinjaValue($0) } ?? JinjaValue.none
        return try template!.render(variables, date: date)
    }

    public func count(_ c: Conversation) throws(ChatTemplateError) -> Int {
        if let mistral { return try mistral.tokens(c, encode: tokenizer.encode).count }
        return tokenizer.encode(try render(c)).count
    }

    static func message(_ m: Message, argumentsAsObjects: Bool = true) -> JinjaValue {
        var d: [(String, JinjaValue)] = [("role", .string(m.role.rawValue)), ("content", .string(m.content ?? ""))]
        if let name = m.name { d.append(("name", .string(name))) }
        if let calls = m.toolCalls?.arrayValue {
            d.append(("tool_calls", .list(calls.map { call in
                var v = JinjaValue(call)
                if argumentsAsObjects, case .dict(var entries) = v, let f = entries.firstIndex(where: { $0.0 == "function" }), case .dict(var function) = entries[f].1,
                   let a = function.firstIndex(where: { $0.0 == "arguments" }), case .string(let text) = function[a].1,
                   let parsed = try? JSONParser.parse(text), parsed.objectValue != nil {
                    function[a].1 = JinjaValue(parsed)
                    entries[f].1 = .dict(function)
                    v = .dict(entries)
                }
                return v
            })))
        }
        if let id = m.toolCallID { d.append(("tool_call_id", .string(id))) }
        return .dict(d)
    }

    /// The chat template and special tokens for `spec`: `--chat-template FILE` if given, else
    /// `chat_template.jinja` or `tokenizer_config.json` beside the tokenizer (or built in).
    public static func load(tokenizerSpec spec: String, tokenizer: HFTokenizer, chatTemplate: String?, date: Date) throws(SFTPrepError) -> ChatTemplateCounter {
        if chatTemplate == nil, let tekken = tokenizer.tekkenVersion {
            guard let mistral = tokenizer.mistralInstruct else {
                throw SFTPrepError.usage("--tokenizer \(spec) is a tekken file of version \(tekken); sftprep counts chats in Mistral's v3 and v7 encodings (or pass --chat-template FILE)")
            }
            return ChatTemplateCounter(tokenizer: tokenizer, mistral: mistral)
        }
        var source: String?
        var bos = "", eos = ""
        if let builtIn = HFTokenizer.builtInTemplates[spec.lowercased()] { source = builtIn.template; bos = builtIn.bos; eos = builtIn.eos }
        var isDir: ObjCBool = false
        let dir = FileManager.default.fileExists(atPath: spec, isDirectory: &isDir) ? (isDir.boolValue ? spec : (spec as NSString).deletingLastPathComponent) : nil
        if let dir {
            let config = dir + "/tokenizer_config.json"
            if let bytes = try? InputFile(path: config).readAll(), let o = (try? JSONParser.parse(bytes))?.objectValue {
                func token(_ v: JSONValue?) -> String { v?.stringValue ?? v?.objectValue?["content"]?.stringValue ?? "" }
                bos = token(o["bos_token"])
                eos = token(o["eos_token"])
                if let t = o["chat_template"]?.stringValue { source = t }
                else if let list = o["chat_template"]?.arrayValue {
                    source = list.first { $0.objectValue?["name"]?.stringValue == "default" }?.objectValue?["template"]?.stringValue
                }
            }
            if let text = try? String(contentsOfFile: dir + "/chat_template.jinja", encoding: .utf8) { source = text }
        }
        if let path = chatTemplate {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw SFTPrepError.io(path: path, message: "cannot read the chat template") }
            source = text
        }
        guard let source else {
            throw SFTPrepError.usage("no chat template for --tokenizer \(spec): put tokenizer_config.json or chat_template.jinja beside it, or pass --chat-template FILE")
        }
        do {
            return try ChatTemplateCounter(tokenizer: tokenizer, template: source, bosToken: bos, eosToken: eos, date: date)
        } catch {
            throw SFTPrepError.data("the chat template cannot be read: \(error.description)")
        }
    }
}
