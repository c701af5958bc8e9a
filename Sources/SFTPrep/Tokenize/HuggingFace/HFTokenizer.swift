import Foundation

/// A model's own byte-level BPE tokenizer, from a Hugging Face `tokenizer.json`
/// (Llama 3, Qwen 2/2.5/3 and others of that kind) or built in by name
/// (`qwen2.5`). Ids equal Hugging Face `tokenizers`' `encode(text,
/// add_special_tokens=False)`: added tokens written in the text (`<|im_start|>`)
/// are matched first, the rest is normalized, pre-tokenized and merged.
///
/// The merge is the one OpenAI's encodings use (``BytePairMerger``). For a
/// vocabulary converted from tiktoken (`ignore_merges`, Llama 3) the ranks are
/// the ids; otherwise each merged token's rank is the position of the merge
/// that makes it (single bytes first) and ranks map back to ids, so the merge
/// list's order decides, as in Hugging Face's BPE.
public final class HFTokenizer: @unchecked Sendable, TextTokenizer {
    public let tokenizerName: String
    /// How the text between added tokens becomes ids.
    enum Model: Sendable {
        /// Byte-level BPE over pre-tokenized pieces (Llama 3, Qwen, DeepSeek, tekken).
        case byteLevel(ByteLevelBPE)
        /// SentencePiece-style BPE over characters with byte fallback (Mistral v1–v3, Llama 2, Phi-3, Gemma).
        case sentencePiece(SentencePieceBPE)
    }
    let model: Model
    /// An added token and how it is matched.
    struct AddedToken: Sendable {
        let bytes: [UInt8]
        let id: UInt32
        /// Whether the match takes the whitespace before (`lstrip`) or after it (`rstrip`) with it.
        let lstrip: Bool, rstrip: Bool
    }
    /// Added tokens by first byte, longest first.
    private let added: [UInt8: [AddedToken]]
    /// The `version` a tekken file's config names.
    let tekkenVersion: String?

    /// Mistral's own chat encoding, for a tekken file of a version sftprep encodes (v3, v7).
    var mistralInstruct: MistralInstruct? {
        tekkenVersion.flatMap(MistralInstruct.Version.init(rawValue:)).map { v in
            MistralInstruct(version: v) { UInt32(MistralInstruct.tekkenSpecials.firstIndex(of: $0)!) }
        }
    }

    init(name: String, model: Model, added: [AddedToken], tekkenVersion: String? = nil) {
        tokenizerName = name
        self.model = model
        self.tekkenVersion = tekkenVersion
        var byFirst: [UInt8: [AddedToken]] = [:]
        for token in added where !token.bytes.isEmpty { byFirst[token.bytes[0], default: []].append(token) }
        self.added = byFirst.mapValues { $0.sorted { $0.bytes.count > $1.bytes.count } }
    }

    convenience init(name: String, tiktoken: [UInt8], pattern: PreTokenizer.Pattern, nfc: Bool, added: [(String, Int)], rankToID: [UInt32]? = nil) {
        self.init(name: name, model: .byteLevel(ByteLevelBPE(tiktoken: tiktoken, pattern: pattern, nfc: nfc, rankToID: rankToID)),
                  added: added.map { AddedToken(bytes: Array($0.0.utf8), id: UInt32($0.1), lstrip: false, rstrip: false) })
    }

    /// The ids of `text`: added tokens written in it first (leftmost, longest), the stretches between them through the model.
    public func encode(_ text: String) -> [UInt32] {
        var out: [UInt32] = []
        let bytes = Array(text.utf8)
        out.reserveCapacity(bytes.count / 3)
        var segment = 0, i = 0
        while i < bytes.count {
            if let candidates = added[bytes[i]], let hit = candidates.first(where: { c in
                c.bytes.count <= bytes.count - i && bytes[i..<(i + c.bytes.count)].elementsEqual(c.bytes)
            }) {
                var start = i, end = i + hit.bytes.count
                if hit.lstrip { start = max(segment, HFTokenizer.whitespaceStart(bytes, before: start)) }
                if hit.rstrip { end = HFTokenizer.whitespaceEnd(bytes, after: end) }
                encodePlain(bytes[segment..<start], into: &out)
                out.append(hit.id)
                i = end
                segment = i
            } else {
                i += 1
            }
        }
        encodePlain(bytes[segment...], into: &out)
        return out
    }

    public func count(_ text: String) -> Int { encode(text).count }

    private func encodePlain(_ slice: ArraySlice<UInt8>, into out: inout [UInt32]) {
        guard !slice.isEmpty else { return }
        switch model {
        case .byteLevel(let m): m.encode(slice, into: &out)
        case .sentencePiece(let m): m.encode(slice, atStart: slice.startIndex == 0, into: &out)
        }
    }

    /// Where the run of whitespace (Unicode White_Space, as Rust's `char::is_whitespace`) ending at `index` starts.
    static func whitespaceStart(_ bytes: [UInt8], before index: Int) -> Int {
        var i = index
        while i > 0 {
            var j = i - 1
            while j > 0 && bytes[j] & 0xC0 == 0x80 { j -= 1 }
            let (scalar, _) = SentencePieceBPE.decodeScalar(bytes[...], at: j)
            guard isWhitespace(scalar) else { break }
            i = j
        }
        return i
    }

    /// Where the run of whitespace starting at `index` ends.
    static func whitespaceEnd(_ bytes: [UInt8], after index: Int) -> Int {
        var i = index
        while i < bytes.count {
            let (scalar, length) = SentencePieceBPE.decodeScalar(bytes[...], at: i)
            guard isWhitespace(scalar) else { break }
            i += length
        }
        return i
    }

    /// Rust's `char::is_whitespace` is Unicode's White_Space property, as Swift's is.
    static func isWhitespace(_ s: UInt32) -> Bool { Unicode.Scalar(s)?.properties.isWhitespace ?? false }

    // MARK: - Finding one

    /// Built-in tokenizers by name.
    public static let builtIn: [String: @Sendable () -> HFTokenizer] = [
        "qwen2.5": { qwen25 },
        "gpt-oss": { gptOSS },
    ]
    /// GPT-OSS: o200k_base with the harmony special tokens (tiktoken's `o200k_harmony`), matched in text as
    /// `encode(text, allowed_special="all")` matches them; its chat template is built in too.
    private static let gptOSS = HFTokenizer(name: "gpt-oss", tiktoken: Array(EmbeddedVocabulary.text(EmbeddedVocabulary.o200kBase)),
                                            pattern: .o200k, nfc: false, added: harmonySpecialTokens)
    static let harmonySpecialTokens: [(String, Int)] = {
        let named: [(String, Int)] = [("<|startoftext|>", 199_998), ("<|endoftext|>", 199_999), ("<|return|>", 200_002), ("<|constrain|>", 200_003),
                                      ("<|channel|>", 200_005), ("<|start|>", 200_006), ("<|end|>", 200_007), ("<|message|>", 200_008),
                                      ("<|call|>", 200_012), ("<|endofprompt|>", 200_018)]
        let reserved = [200_000, 200_001, 200_004, 200_009, 200_010, 200_011] + Array(200_013..<201_088)
        return named + reserved.map { ("<|reserved_\($0)|>", $0) }
    }()
    private static let qwen25 = HFTokenizer(name: "qwen2.5", tiktoken: Array(EmbeddedVocabulary.text(EmbeddedVocabulary.qwen25)),
                                           pattern: .cl100kSingleDigits, nfc: true, added: EmbeddedVocabulary.qwen25Added)

    /// The chat templates of the built-in tokenizers (Qwen 2.5's, from its tokenizer_config.json; GPT-OSS's;
    /// both Apache-2.0).
    public static let builtInTemplates: [String: (template: String, bos: String, eos: String)] = [
        "qwen2.5": (template: #"""
{%- if tools %}
    {{- '<|im_start|>system\n' }}
    {%- if messages[0]['role'] == 'system' %}
        {{- messages[0]['content'] }}
    {%- else %}
        {{- 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.' }}
    {%- endif %}
    {{- "\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>" }}
    {%- for tool in tools %}
        {{- "\n" }}
        {{- tool | tojson }}
    {%- endfor %}
    {{- "\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n" }}
{%- else %}
    {%- if messages[0]['role'] == 'system' %}
        {{- '<|im_start|>system\n' + messages[0]['content'] + '<|im_end|>\n' }}
    {%- else %}
        {{- '<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n' }}
    {%- endif %}
{%- endif %}
{%- for message in messages %}
    {%- if (message.role == "user") or (message.role == "system" and not loop.first) or (message.role == "assistant" and not message.tool_calls) %}
        {{- '<|im_start|>' + message.role + '\n' + message.content + '<|im_end|>' + '\n' }}
    {%- elif message.role == "assistant" %}
        {{- '<|im_start|>' + message.role }}
        {%- if message.content %}
            {{- '\n' + message.content }}
        {%- endif %}
        {%- for tool_call in message.tool_calls %}
            {%- if tool_call.function is defined %}
                {%- set tool_call = tool_call.function %}
            {%- endif %}
            {{- '\n<tool_call>\n{"name": "' }}
            {{- tool_call.name }}
            {{- '", "arguments": ' }}
            {{- tool_call.arguments | tojson }}
            {{- '}\n</tool_call>' }}
        {%- endfor %}
        {{- '<|im_end|>\n' }}
    {%- elif message.role == "tool" %}
        {%- if (loop.index0 == 0) or (messages[loop.index0 - 1].role != "tool") %}
            {{- '<|im_start|>user' }}
        {%- endif %}
        {{- '\n<tool_response>\n' }}
        {{- message.content }}
        {{- '\n</tool_response>' }}
        {%- if loop.last or (messages[loop.index0 + 1].role != "tool") %}
            {{- '<|im_end|>\n' }}
        {%- endif %}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|im_start|>assistant\n' }}
{%- endif %}

"""#, bos: "", eos: "<|im_end|>"),
        "gpt-oss": (template: EmbeddedVocabulary.gptOSSChatTemplate, bos: "<|startoftext|>", eos: "<|return|>"),
    ]

    /// A built-in tokenizer's name (`qwen2.5`), a `tokenizer.json`, or a folder holding one.
    public static func resolve(_ spec: String) throws(SFTPrepError) -> HFTokenizer {
        if let make = builtIn[spec.lowercased()] { return make() }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: spec, isDirectory: &isDir) else {
            throw SFTPrepError.usage("--tokenizer \(spec): no such file, and not a built-in tokenizer (\(builtIn.keys.sorted().joined(separator: ", ")))")
        }
        return try load(isDir.boolValue ? spec + "/tokenizer.json" : spec)
    }

    /// Pre-tokenizer patterns sftprep implements, by their exact text in `tokenizer.json`.
    static let knownPatterns: [String: PreTokenizer.Pattern] = [
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#: .cl100k,
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#: .cl100kSingleDigits,
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+|\p{N}| ?[^\s\p{L}\p{M}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#: .qwen35,
        // o200k's (GPT-OSS, MiniMax).
        #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+"#: .o200k,
    ]

    /// Mistral's tekken pattern, by its exact text.
    static let tekkenPattern = #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+"#

    /// Reads a `tokenizer.json`, or a Mistral tekken `.json`; anything this reader does not implement is an error that names it.
    public static func load(_ path: String) throws(SFTPrepError) -> HFTokenizer {
        let bytes = try InputFile(path: path).readAll()
        func fail(_ what: String) -> SFTPrepError { .data("\(path): \(what)") }
        guard let root = (try? JSONParser.parse(bytes))?.objectValue else { throw fail("not a tokenizer.json (not a JSON object)") }
        if let config = root["config"]?.objectValue, let list = root["vocab"]?.arrayValue { return try tekken(path, config, list) }
        guard let model = root["model"]?.objectValue, model["type"]?.stringValue == "BPE" else {
            throw fail("model type \(root["model"]?.objectValue?["type"]?.jsonText ?? "missing") is not supported (BPE only: byte-level as Llama 3, Qwen and DeepSeek, or SentencePiece-style as Mistral v1–v3, Phi-3 and Gemma)")
        }
        // No ByteLevel step: SentencePiece-style BPE over characters (Mistral v1–v3, Llama 2, Phi-3, Gemma).
        if root["pre_tokenizer"]?.jsonText.contains("\"ByteLevel\"") != true {
            let sentencePiece = try SentencePieceBPE.load(path, root, model)
            let added = try addedTokens(path, root, normalizes: !sentencePiece.normalizers.isEmpty)
            return HFTokenizer(name: path, model: .sentencePiece(sentencePiece), added: added)
        }
        for key in ["continuing_subword_prefix", "end_of_word_suffix"] {
            if let v = model[key]?.stringValue, !v.isEmpty { throw fail("model.\(key) \"\(v)\" is not supported") }
        }
        // Normalizer: none, NFC, or an empty sequence.
        var nfc = false
        switch root["normalizer"] {
        case nil, .null?: break
        case let n?:
            let type = n.objectValue?["type"]?.stringValue
            if type == "NFC" { nfc = true }
            else if type == "Sequence", n.objectValue?["normalizers"]?.arrayValue?.isEmpty == true {}
            else { throw fail("normalizer \(n.jsonText.prefix(120)) is not supported (none or NFC)") }
        }
        // Pre-tokenizer: Split(known pattern, Isolated) then ByteLevel without its own regex, or DeepSeek V3's sequence.
        if isDeepseekV3(root["pre_tokenizer"]) {
            return try finish(path, root, model, pattern: .deepseekV3, nfc: nfc)
        }
        guard let pre = root["pre_tokenizer"]?.objectValue, pre["type"]?.stringValue == "Sequence",
              let steps = pre["pretokenizers"]?.arrayValue, steps.count == 2,
              let split = steps[0].objectValue, split["type"]?.stringValue == "Split",
              let regex = split["pattern"]?.objectValue?["Regex"]?.stringValue,
              // Isolated, or Removed and inverted (the matches kept): the same pieces, as these patterns match every character.
              (split["behavior"]?.stringValue == "Isolated" && split["invert"]?.boolValue != true)
                || (split["behavior"]?.stringValue == "Removed" && split["invert"]?.boolValue == true),
              let level = steps[1].objectValue, level["type"]?.stringValue == "ByteLevel", level["use_regex"]?.boolValue == false,
              level["add_prefix_space"]?.boolValue != true else {
            throw fail("pre-tokenizer \(root["pre_tokenizer"]?.jsonText.prefix(200) ?? "missing") is not supported (Split with a known pattern, then ByteLevel)")
        }
        guard let pattern = knownPatterns[regex] else {
            throw fail("pre-tokenizer pattern \(JSONValue.string(regex).jsonText) is not one sftprep implements (Llama 3's, Qwen 2's, Qwen 3.5's, o200k's)")
        }
        return try finish(path, root, model, pattern: pattern, nfc: nfc)
    }

    /// DeepSeek V3's three Split patterns, by their exact text.
    static let deepseekV3Splits = [
        ##"\p{N}{1,3}"##,
        "[\u{4E00}-\u{9FA5}\u{3040}-\u{309F}\u{30A0}-\u{30FF}]+",
        // The file holds real carriage returns and line feeds inside its brackets, not \r and \n escapes.
        ##"[!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^"## + "\r\n" + ##"\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+["## + "\r\n"
            + ##"]*|\s*["## + "\r\n" + ##"]+|\s+(?!\S)|\s+"##,
    ]

    /// Whether `pre` is DeepSeek V3's pre-tokenizer: those three Splits (Isolated) and ByteLevel without its regex.
    static func isDeepseekV3(_ pre: JSONValue?) -> Bool {
        guard let steps = pre?.objectValue?["pretokenizers"]?.arrayValue, pre?.objectValue?["type"]?.stringValue == "Sequence", steps.count == 4 else { return false }
        for (k, regex) in deepseekV3Splits.enumerated() {
            let o = steps[k].objectValue
            guard o?["type"]?.stringValue == "Split", o?["pattern"]?.objectValue?["Regex"]?.stringValue == regex,
                  o?["behavior"]?.stringValue == "Isolated", o?["invert"]?.boolValue != true else { return false }
        }
        let last = steps[3].objectValue
        return last?["type"]?.stringValue == "ByteLevel" && last?["use_regex"]?.boolValue == false && last?["add_prefix_space"]?.boolValue != true
    }

    /// Vocabulary, merges and added tokens, once the normalizer and pre-tokenizer are known.
    private static func finish(_ path: String, _ root: JSONObject, _ model: JSONObject, pattern: PreTokenizer.Pattern, nfc: Bool) throws(SFTPrepError) -> HFTokenizer {
        func fail(_ what: String) -> SFTPrepError { .data("\(path): \(what)") }
        // Vocabulary and merges.
        guard let vocab = model["vocab"]?.objectValue else { throw fail("model.vocab is missing") }
        var ids: [String: Int] = [:]
        ids.reserveCapacity(vocab.members.count)
        var bytesOf: [String: [UInt8]] = [:]
        // Added tokens may sit in the vocabulary too, outside the byte-level alphabet: they are matched as added tokens.
        let addedContents = Set((root["added_tokens"]?.arrayValue ?? []).compactMap { $0.objectValue?["content"]?.stringValue })
        for member in vocab {
            guard let id = member.value.doubleValue.map({ Int($0) }) else { throw fail("model.vocab[\(JSONValue.string(member.key).jsonText)] is not a number") }
            if addedContents.contains(member.key) && ByteLevelAlphabet.bytes(member.key) == nil { continue }
            guard let tokenBytes = ByteLevelAlphabet.bytes(member.key) else {
                throw fail("vocabulary entry \(JSONValue.string(member.key).jsonText) is not in the byte-level alphabet")
            }
            ids[member.key] = id
            bytesOf[member.key] = tokenBytes
        }
        // (token, rank): with ignore_merges (tiktoken-converted, Llama 3) the ids; otherwise single bytes
        // first, then each merged token at its merge's position.
        let tiktokenDerived = model["ignore_merges"]?.boolValue == true
        var ranked: [(String, Int)] = tiktokenDerived ? vocab.members.map { ($0.key, ids[$0.key]!) } : []
        if !tiktokenDerived {
            for (token, b) in bytesOf where b.count == 1 { ranked.append((token, 0)) }
            ranked.sort { bytesOf[$0.0]![0] < bytesOf[$1.0]![0] }
            for k in ranked.indices { ranked[k].1 = k }
        }
        var seen = Set(ranked.map(\.0))
        for (k, m) in (model["merges"]?.arrayValue ?? []).enumerated() {
            let pair: [String]
            if let s = m.stringValue { pair = s.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).map(String.init) }
            else { pair = m.arrayValue?.compactMap(\.stringValue) ?? [] }
            guard pair.count == 2, ids[pair[0]] != nil, ids[pair[1]] != nil, ids[pair[0] + pair[1]] != nil else {
                throw fail("model.merges[\(k)] \(m.jsonText) names tokens the vocabulary does not have")
            }
            if !tiktokenDerived && seen.insert(pair[0] + pair[1]).inserted { ranked.append((pair[0] + pair[1], ranked.count)) }
        }
        var text: [UInt8] = []
        text.reserveCapacity(ranked.count * 14)
        for (token, rank) in ranked {
            text += Array(Data(bytesOf[token]!).base64EncodedString().utf8)
            text.append(0x20)
            text += Array(String(rank).utf8)
            text.append(0x0A)
        }
        let rankToID: [UInt32]? = tiktokenDerived ? nil : ranked.map { UInt32(ids[$0.0]!) }
        let model = ByteLevelBPE(tiktoken: text, pattern: pattern, nfc: nfc, rankToID: rankToID)
        return HFTokenizer(name: path, model: .byteLevel(model), added: try addedTokens(path, root, normalizes: nfc))
    }

    /// The added tokens of a `tokenizer.json`, matched in the text before anything else; `lstrip`/`rstrip` take the
    /// whitespace beside them. A token matched after normalization (`normalized: true`) is refused when the
    /// normalizer changes text, and `single_word` is refused: both would match differently here.
    static func addedTokens(_ path: String, _ root: JSONObject, normalizes: Bool) throws(SFTPrepError) -> [AddedToken] {
        func fail(_ what: String) -> SFTPrepError { .data("\(path): \(what)") }
        var added: [AddedToken] = []
        for t in root["added_tokens"]?.arrayValue ?? [] {
            guard let o = t.objectValue, let content = o["content"]?.stringValue, let id = o["id"]?.doubleValue.map({ UInt32($0) }) else { continue }
            if o["single_word"]?.boolValue == true {
                throw fail("added token \(JSONValue.string(content).jsonText) has single_word, which is not supported yet")
            }
            if o["normalized"]?.boolValue == true && normalizes {
                throw fail("added token \(JSONValue.string(content).jsonText) is matched after normalization, which is not supported yet")
            }
            added.append(AddedToken(bytes: Array(content.utf8), id: id, lstrip: o["lstrip"]?.boolValue == true, rstrip: o["rstrip"]?.boolValue == true))
        }
        return added

    }

    /// A Mistral tekken file: tiktoken ranks (`token_bytes` in base64), ids shifted by the special tokens,
    /// cut to `default_vocab_size`; ids equal mistral-common's `encode(text, bos=False, eos=False)`.
    static func tekken(_ path: String, _ config: JSONObject, _ vocab: [JSONValue]) throws(SFTPrepError) -> HFTokenizer {
        func fail(_ what: String) -> SFTPrepError { .data("\(path): \(what)") }
        guard config["pattern"]?.stringValue == tekkenPattern else {
            throw fail("tekken pattern \(config["pattern"]?.jsonText.prefix(120) ?? "missing") is not the one sftprep implements")
        }
        guard let special = config["default_num_special_tokens"]?.doubleValue.map({ Int($0) }),
              let size = config["default_vocab_size"]?.doubleValue.map({ Int($0) }), size > special else {
            throw fail("tekken config needs default_num_special_tokens and default_vocab_size")
        }
        var text: [UInt8] = []
        text.reserveCapacity(vocab.count * 14)
        for item in vocab.prefix(size - special) {
            guard let o = item.objectValue, let b64 = o["token_bytes"]?.stringValue, let rank = o["rank"]?.doubleValue.map({ Int($0) }) else {
                throw fail("a tekken vocabulary entry lacks token_bytes or rank")
            }
            text += Array(b64.utf8)
            text.append(0x20)
            text += Array(String(rank).utf8)
            text.append(0x0A)
        }
        let count = min(vocab.count, size - special)
        let model = ByteLevelBPE(tiktoken: text, pattern: .tekken, nfc: false, rankToID: (0..<count).map { UInt32($0 + special) })
        return HFTokenizer(name: path, model: .byteLevel(model), added: [], tekkenVersion: config["version"]?.stringValue)
    }
}

/// Byte-level BPE: pre-tokenized pieces merged by rank, as OpenAI's encodings are (``BytePairMerger``).
final class ByteLevelBPE: @unchecked Sendable {
    let table: BPERankTable
    let nfc: Bool
    /// Rank → id when ranks are merge positions; nil when ranks are the ids.
    let rankToID: [UInt32]?
    private let pieceCache: ThreadLocalPieceCache

    init(tiktoken: [UInt8], pattern: PreTokenizer.Pattern, nfc: Bool, rankToID: [UInt32]?) {
        table = tiktoken.withUnsafeBufferPointer { BPERankTable(tiktoken: $0) }
        self.nfc = nfc
        self.rankToID = rankToID
        pieceCache = ThreadLocalPieceCache(pattern: pattern)
    }

    func encode(_ slice: ArraySlice<UInt8>, into out: inout [UInt32]) {
        var s = String(decoding: slice, as: UTF8.self)
        // Foundation's NFC bridges through UTF-16; most text is already NFC and the quick check says so.
        if nfc && !NFCQuickCheck.isCertainlyNFC(s) { s = s.precomposedStringWithCanonicalMapping }
        let cache = pieceCache.current
        s.withUTF8 { utf8 in
            let merger = BytePairMerger(table: table)
            cache.splitter.split(utf8) { range in
                let first = out.count
                merger.encode(UnsafeBufferPointer(rebasing: utf8[range]), into: &out)
                if let rankToID { for k in first..<out.count { out[k] = rankToID[Int(out[k])] } }
            }
        }
    }
}
