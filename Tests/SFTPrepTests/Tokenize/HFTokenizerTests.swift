import Foundation
import Testing
@testable import SFTPrep

@Suite struct HFTokenizerTests {
    /// 3,723 texts (the tiktoken golden strings, their NFD forms, added tokens written in text) with the
    /// ids Hugging Face `tokenizers` 0.23.3 gives for Qwen 2.5's tokenizer.json
    /// (`Sources/sftprep-bench/reference/hf_tokens_eval.py … --write-golden`).
    @Test func qwenIdsEqualHuggingFaceTokenizers() throws {
        let qwen = try HFTokenizer.resolve("qwen2.5")
        let lines = try String(contentsOfFile: packageRoot + "/Tests/SFTPrepTests/Fixtures/tokenizer-qwen2.5.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3723)
        var wrong: [String] = []
        for line in lines {
            let o = try #require(try JSONParser.parse(String(line)).objectValue)
            let text = try #require(o["text"]?.stringValue)
            let ids = try #require(o["ids"]?.arrayValue).compactMap { $0.doubleValue.map { UInt32($0) } }
            if qwen.encode(text) != ids { wrong.append(text) }
        }
        #expect(wrong.isEmpty, "\(wrong.count) differ, e.g. \(wrong.prefix(3))")
        // Single digits, NFC, and an added token matched inside text.
        #expect(qwen.encode("2024") == [17, 15, 17, 19])
        #expect(qwen.encode("Cafe\u{301}") == qwen.encode("Café"))
        #expect(qwen.encode("x<|im_end|>").last == 151645)
    }

    /// GPT-OSS by name: o200k_base's ids, and the harmony tokens matched in text, as tiktoken's o200k_harmony
    /// `encode(text, allowed_special="all")` gives them (3,709 of 3,709 texts in reference/harmony_eval.py).
    @Test func gptOSSIsO200kWithHarmonyTokens() throws {
        let t = try HFTokenizer.resolve("gpt-oss")
        #expect(t.encode("Hello world") == [13225, 2375])
        #expect(t.encode("<|start|>assistant<|channel|>final<|message|>Done.<|return|>") == [200006, 173781, 200005, 17196, 200008, 24537, 13, 200002])
        #expect(t.encode("x<|reserved_201087|>") == [87, 201087])
        let bpe = BPETokenizer.shared(.o200kBase)
        for line in try String(contentsOfFile: packageRoot + "/Tests/SFTPrepTests/Fixtures/tokenizer-o200k_base.jsonl", encoding: .utf8).split(separator: "\n").prefix(300) {
            let text = try #require(try JSONParser.parse(String(line)).objectValue?["text"]?.stringValue)
            if !text.contains("<|") { #expect(t.encode(text) == bpe.encode(text), "\(text)") }
        }
    }

    @Test func builtInChecksumMatches() throws {
        let sums = try String(contentsOfFile: packageRoot + "/Sources/SFTPrep/Tokenize/Vocabularies/SHA256SUMS", encoding: .utf8)
        let want = sums.split(separator: "\n").first { $0.hasSuffix("qwen2.5.tiktoken") }.map { String($0.prefix(64)) }
        #expect(SHA256.hex(EmbeddedVocabulary.text(EmbeddedVocabulary.qwen25), appending: [0x0A]) == want)
        guard case .byteLevel(let model) = try HFTokenizer.resolve("qwen2.5").model else { Issue.record("qwen2.5 is byte-level BPE"); return }
        #expect(model.table.count == 151_643)
    }

    /// The 256 byte-level characters as vocabulary entries (`"!": 33`, `"Ġ": 32`), id = byte, built from
    /// GPT-2's rule here rather than from the reader's own table.
    static let byteVocabulary: [String] = {
        var vocab: [String] = []
        var next: UInt32 = 256
        for b in 0..<256 {
            let printable = (33...126).contains(b) || (161...172).contains(b) || (174...255).contains(b)
            let scalar = printable ? UInt32(b) : { defer { next += 1 }; return next }()
            vocab.append("\(JSONValue.string(String(Character(Unicode.Scalar(scalar)!))).jsonText): \(b)")
        }
        return vocab
    }()

    /// A tokenizer.json small enough to read: the 256 byte-level characters, two merges, Llama 3's pattern.
    static func tiny(pattern: String = #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#,
                     merges: String = #"["h i", "Ġ hi"]"#, extra: String = "", byteFallback: Bool = false, swapIDs: Bool = false,
                     behavior: String = #""behavior":"Isolated","invert":false"#) -> String {
        var vocab = Self.byteVocabulary
        vocab.append(swapIDs ? #""hi": 257"# : #""hi": 256"#)
        vocab.append(swapIDs ? #""Ġhi": 256"# : #""Ġhi": 257"#)
        let pre = #"{"type":"Sequence","pretokenizers":[{"type":"Split","pattern":{"Regex":\#(JSONValue.string(pattern).jsonText)},\#(behavior)},{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":true,"use_regex":false}]}"#
        return #"{"added_tokens":[{"id":258,"content":"<|eot|>","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}\#(extra)],"normalizer":null,"pre_tokenizer":\#(pre),"model":{"type":"BPE","byte_fallback":\#(byteFallback),"vocab":{\#(vocab.joined(separator: ","))},"merges":\#(merges)}}"#
    }

    @Test func aTokenizerFileIsReadAndWhatItCannotDoIsNamed() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let t = try HFTokenizer.load(dir.write("tokenizer.json", Self.tiny()))
        #expect(t.encode("hi hi<|eot|>!") == [256, 257, 258, 33])
        #expect(try HFTokenizer.resolve(dir.path).encode("hi") == [256])   // a folder holding tokenizer.json
        func error(_ json: String) -> String {
            do { _ = try HFTokenizer.load(dir.write("bad.json", json)); return "" } catch { return error.description }
        }
        // o200k's pattern (GPT-OSS, MiniMax), written as tiktoken-converted files write it: Removed and inverted.
        let o200k = try HFTokenizer.load(dir.write("o200k.json", Self.tiny(pattern: HFTokenizer.knownPatterns.first { $0.value == .o200k }!.key,
                                                                         behavior: #""behavior":"Removed","invert":true"#)))
        #expect(o200k.encode("hi hi") == [256, 257] && o200k.encode("123") == [49, 50, 51])
        #expect(error(Self.tiny(behavior: #""behavior":"Removed","invert":false"#)).contains("is not supported (Split with a known pattern, then ByteLevel)"))
        #expect(error(Self.tiny(pattern: #"\p{N}{1,3}"#)).contains(#"pre-tokenizer pattern "\\p{N}{1,3}" is not one sftprep implements"#))
        // Ids that do not follow the merge order: the merge list decides, ids are looked up after.
        #expect(try HFTokenizer.load(dir.write("swapped.json", Self.tiny(swapIDs: true))).encode("hi hi") == [257, 256])
        #expect(error(Self.tiny(merges: #"["h x"]"#)).contains(#"model.merges[0] "h x" names tokens the vocabulary does not have"#))
        #expect(error(Self.tiny(extra: #",{"id":259,"content":"<x>","single_word":true,"lstrip":false,"rstrip":false,"normalized":false,"special":true}"#))
            .contains(#"added token "<x>" has single_word, which is not supported yet"#))
        // lstrip/rstrip: the token takes the whitespace beside it.
        let stripping = try HFTokenizer.load(dir.write("strip.json", Self.tiny(extra: #",{"id":259,"content":"<x>","single_word":false,"lstrip":true,"rstrip":true,"normalized":false,"special":true}"#)))
        #expect(stripping.encode("hi \n<x>\u{3000} hi") == [256, 259, 256])
        #expect(error("[1]").contains("not a tokenizer.json"))
    }

    @Test func tokensCommandUsesIt() {
        let dir = TempDir()
        defer { dir.remove() }
        let input = dir.write("t.jsonl", #"{"text":"Hello world! 12345 <|im_start|>user"}"# + "\n")
        let r = runCLI(["tokens", input, "--field", "text", "--ids", "--tokenizer", "qwen2.5"])
        #expect(r.code == 0 && r.stdout == "[9707,1879,0,220,16,17,18,19,20,220,151644,872]\n")
        // Chat counts need the model's chat template: a tokenizer.json alone is not enough.
        let bare = dir.write("bare/tokenizer.json", Self.tiny())
        let chat = runCLI(["tokens", input, "--tokenizer", bare])
        #expect(chat.code == 2 && chat.stderr.contains("no chat template for --tokenizer \(bare): put tokenizer_config.json or chat_template.jinja beside it, or pass --chat-template FILE"), "\(chat.stderr)")
        #expect(runCLI(["tokens", input, "--field", "text", "--tokenizer", "llama-9"]).stderr.contains("--tokenizer llama-9: no such file, and not a built-in tokenizer (gpt-oss, qwen2.5)"))
    }

    /// A tekken file in Mistral's layout: 256 single bytes, "'m" and "I'm"; ids shifted by 1,000 special tokens.
    @Test func tekkenFilesKeepContractionsApartAndShiftIds() throws {
        let dir = TempDir()
        defer { dir.remove() }
        var vocab = (0..<256).map { #"{"rank": \#($0), "token_bytes": "\#(Data([UInt8($0)]).base64EncodedString())", "token_str": null}"# }
        vocab.append(#"{"rank": 256, "token_bytes": "\#(Data("'m".utf8).base64EncodedString())", "token_str": "'m"}"#)
        vocab.append(#"{"rank": 257, "token_bytes": "\#(Data("I'm".utf8).base64EncodedString())", "token_str": "I'm"}"#)
        let config = #"{"pattern": \#(JSONValue.string(HFTokenizer.tekkenPattern).jsonText), "num_vocab_tokens": 258, "default_vocab_size": 1258, "default_num_special_tokens": 1000, "version": "v3"}"#
        let path = dir.write("tekken.json", #"{"config": \#(config), "vocab": [\#(vocab.joined(separator: ","))]}"#)
        let t = try HFTokenizer.resolve(path)
        // o200k's pattern keeps "I'm" whole; tekken's has no contraction suffix: "I" then "'m".
        #expect(t.encode("I'm") == [1000 + 73, 1256])
        #expect(t.encode("12") == [1000 + 49, 1000 + 50])   // one digit per piece
        let wrong = dir.write("bad.json", #"{"config": {"pattern": "\\p{N}+", "default_vocab_size": 1258, "default_num_special_tokens": 1000}, "vocab": []}"#)
        #expect(throws: SFTPrepError.self) { try HFTokenizer.load(wrong) }
    }

    /// DeepSeek V3's pre-tokenizer: digits by three, CJK runs, then its pattern inside each stretch between them.
    @Test func deepseekV3SplitsAsItsThreeSplitsDo() throws {
        let dir = TempDir()
        defer { dir.remove() }
        var vocab = Self.byteVocabulary
        vocab += [#""12": 256"#, #""34": 257"#, #""c1": 258"#, #""ĠĠ": 259"#]
        let splits = HFTokenizer.deepseekV3Splits.map { #"{"type":"Split","pattern":{"Regex":\#(JSONValue.string($0).jsonText)},"behavior":"Isolated","invert":false}"# }
        let pre = #"{"type":"Sequence","pretokenizers":[\#(splits.joined(separator: ",")),{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":true,"use_regex":false}]}"#
        let json = #"{"added_tokens":[],"normalizer":{"type":"Sequence","normalizers":[]},"pre_tokenizer":\#(pre),"model":{"type":"BPE","vocab":{\#(vocab.joined(separator: ","))},"merges":["1 2","3 4","c 1","Ġ Ġ"]}}"#
        let t = try HFTokenizer.load(dir.write("tokenizer.json", json))
        // "abc" | "123" | "45": the digits split by three, so 3 and 4 never merge, nor c and 1.
        #expect(t.encode("abc12345") == [97, 98, 99, 256, 51, 52, 53])
        // "a  " ends where the digits begin: its two spaces are one piece there (\s+(?!\S) at the stretch's end).
        #expect(t.encode("a  1") == [97, 259, 49])
        // CJK runs are pieces of their own.
        #expect(t.encode("你好abc") == t.encode("你好") + t.encode("abc"))
    }

    /// SentencePiece-style BPE in the five layouts found on the Hub (legacy Llama/Mistral, Metaspace first and
    /// always+split, Gemma's, Phi-3's with rstrip/lstrip chat tokens) and with byte fallback off (fused <unk>):
    /// 1,229 texts each, ids as Hugging Face `tokenizers` 0.23.3 gives them for the same files
    /// (`Sources/sftprep-bench/reference/sentencepiece_fixtures.py`, a 600-token model trained for the test).
    @Test func sentencePieceLayoutsEqualHuggingFaceTokenizers() throws {
        let dir = packageRoot + "/Tests/SFTPrepTests/Fixtures/sentencepiece/"
        let rows = try String(contentsOfFile: dir + "golden.jsonl", encoding: .utf8).split(separator: "\n").map { try #require(try JSONParser.parse(String($0)).objectValue) }
        #expect(rows.count == 1229)
        for layout in ["legacy", "metaspace", "metaspace-split", "gemma", "phi3", "legacy-unk"] {
            let t = try HFTokenizer.load(dir + layout + ".json")
            guard case .sentencePiece(let model) = t.model else { Issue.record("\(layout) is not read as SentencePiece BPE"); continue }
            // Merging word by word before each "▁" gives the same ids as merging the whole stretch.
            #expect(model.splitsBeforeSpaces)
            let whole = HFTokenizer(name: layout, model: .sentencePiece(SentencePieceBPE(
                normalizers: model.normalizers, preTokenizers: model.preTokenizers, bmpIDs: model.bmpIDs, astralIDs: model.astralIDs,
                byteIDs: model.byteIDs, unkID: model.unkID, fuseUnk: model.fuseUnk, merges: model.merges, splitsBeforeSpaces: false)),
                added: try HFTokenizer.addedTokens(layout, try #require(try JSONParser.parse(try InputFile(path: dir + layout + ".json").readAll()).objectValue),
                                                   normalizes: !model.normalizers.isEmpty))
            var wrong: [String] = [], split: [String] = []
            for row in rows {
                let text = try #require(row["text"]?.stringValue)
                let ids = try #require(row[layout]?.arrayValue).compactMap { $0.doubleValue.map { UInt32($0) } }
                if t.encode(text) != ids { wrong.append(text) }
                if whole.encode(text) != ids { split.append(text) }
            }
            #expect(wrong.isEmpty, "\(layout): \(wrong.count) differ, e.g. \(wrong.prefix(3))")
            #expect(split.isEmpty, "\(layout) merged whole: \(split.count) differ, e.g. \(split.prefix(3))")
        }
        // What the layouts do differently, on one text: legacy prepends "▁" to each stretch between added
        // tokens, Metaspace "first" only at the start, Gemma never; unknown characters fuse into one <unk>.
        let legacy = try HFTokenizer.load(dir + "legacy.json"), metaspace = try HFTokenizer.load(dir + "metaspace.json")
        let gemma = try HFTokenizer.load(dir + "gemma.json"), unk = try HFTokenizer.load(dir + "legacy-unk.json")
        let inst = legacy.encode("[INST]").first!
        #expect(legacy.encode("[INST]a").last == legacy.encode("a").last && legacy.encode("[INST]a").count == 1 + legacy.encode("a").count)
        #expect(metaspace.encode("[INST]a") == [inst] + gemma.encode("a"))
        #expect(gemma.encode("a b") != legacy.encode("a b"))
        let unkID = try #require(unk.encode("\u{10FFFD}").first)
        #expect(unk.encode("\u{10FFFD}\u{10FFFC}") == [unkID])
        #expect(legacy.encode("\u{10FFFD}").count == 1 + 4)   // "▁" then four byte tokens
    }
}
