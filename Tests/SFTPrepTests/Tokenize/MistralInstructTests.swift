import Foundation
import Testing
@testable import SFTPrep

@Suite struct MistralInstructTests {
    /// 25 conversations (system prompts first, in the middle and several; neighbouring messages of one role;
    /// tool calls and results; trailing spaces; CJK) with the ids mistral-common 1.5.4 gives in fine-tuning
    /// mode (`encode_chat_completion`), and 8 it refuses, for a small tekken file of each version
    /// (reference/tiny_tekken.py and mistral_chat_eval.py --write-golden).
    @Test(arguments: ["v3", "v7"]) func idsEqualMistralCommon(version: String) throws {
        let dir = packageRoot + "/Tests/SFTPrepTests/Fixtures/mistral/"
        let tokenizer = try HFTokenizer.load(dir + "tekken-\(version).json")
        let counter = try ChatTemplateCounter.load(tokenizerSpec: dir + "tekken-\(version).json", tokenizer: tokenizer, chatTemplate: nil, date: Date())
        let mistral = try #require(counter.mistral)
        #expect(mistral.version.rawValue == version && counter.formatName == "mistral-common's \(version) chat encoding")
        let lines = try String(contentsOfFile: dir + "chat-\(version).jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 25)
        var wrong: [Int] = [], refused = 0
        for (i, line) in lines.enumerated() {
            let o = try #require(try JSONParser.parse(String(line)).objectValue)
            let (c, _) = try JSONRecordMapper(forced: .openai).map(o, source: "", line: i + 1)
            let ours = try? mistral.tokens(c, encode: tokenizer.encode)
            let theirs = o["ids"]?.arrayValue?.compactMap { $0.doubleValue.map { UInt32($0) } }
            if ours != theirs { wrong.append(i) }
            if theirs == nil { refused += 1 }
        }
        #expect(wrong.isEmpty, "\(wrong.count) differ: \(wrong.prefix(5))")
        #expect(refused == 8)
    }

    /// The layout, on one short example: BOS, the system prompt before the last user message (v3) or in its own
    /// tokens (v7), [INST] … [/INST], the answer and EOS; mistral-common's refusals come with its words.
    @Test func layoutAndRefusals() throws {
        let dir = packageRoot + "/Tests/SFTPrepTests/Fixtures/mistral/"
        let v3 = try HFTokenizer.load(dir + "tekken-v3.json"), v7 = try HFTokenizer.load(dir + "tekken-v7.json")
        let c = Conversation(messages: [.system("S"), .user("U"), .assistant("A  ")])
        let s = v3.encode("S"), u = v3.encode("U"), a = v3.encode("A")
        #expect(try v3.mistralInstruct!.tokens(c, encode: v3.encode) == [1, 3] + v3.encode("S\n\nU") + [4] + a + [2])
        #expect(try v7.mistralInstruct!.tokens(c, encode: v7.encode) == [1, 17] + s + [18, 3] + u + [4] + a + [2])
        func refusal(_ messages: [Message]) -> String {
            do { _ = try v3.mistralInstruct!.tokens(Conversation(messages: messages), encode: v3.encode); return "" } catch { return error.description }
        }
        #expect(refusal([.user("U")]) == "mistral-common refuses it: Expected last role Assistant for finetuning but got user")
        #expect(refusal([.user("U"), .assistant("A"), .system("S"), .user("U"), .assistant("A")]) == "mistral-common refuses it: Unexpected role 'system' after role 'assistant'")
        let call: JSONValue = try JSONParser.parse(#"[{"id": "call_abc123def", "type": "function", "function": {"name": "f", "arguments": "{}"}}]"#)
        #expect(refusal([.user("U"), Message(role: .assistant, content: nil, toolCalls: call), Message(role: .tool, content: "ok", toolCallID: "call_abc123def"), .assistant("A")])
            == "mistral-common refuses it: Tool call id was call_abc123def but must be a-z, A-Z, 0-9, with a length of 9.")
    }

    @Test func tokensCommandCountsTekkenChats() {
        let dir = TempDir()
        defer { dir.remove() }
        let tekken = packageRoot + "/Tests/SFTPrepTests/Fixtures/mistral/tekken-v3.json"
        let input = dir.write("c.jsonl", #"{"messages":[{"role":"user","content":"Where is my order?"},{"role":"assistant","content":"It ships tomorrow."}]}"# + "\n"
            + #"{"messages":[{"role":"user","content":"Hi"}]}"# + "\n")
        let r = runCLI(["tokens", input, "--tokenizer", tekken])
        let t = try! HFTokenizer.load(tekken)
        let expected = 1 + 1 + t.encode("Where is my order?").count + 1 + t.encode("It ships tomorrow.").count + 1
        #expect(r.code == 1 && r.stdout == "\(expected)\nnull\n", "\(r.stdout)")
        #expect(r.stderr.contains("c.jsonl:2: Mistral's chat encoding failed: mistral-common refuses it: Expected last role Assistant for finetuning but got user; printing null"), "\(r.stderr)")
    }
}
