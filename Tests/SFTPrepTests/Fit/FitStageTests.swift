import Foundation
import Testing
@testable import SFTPrep

@Suite struct FitStageTests {
    let counter = ChatTokenCounter(tokenizer: BPETokenizer.shared(.o200kBase), accounting: ChatAccounting())

    func exchange(_ i: Int, words: Int = 20) -> [Message] {
        [.user("Question \(i): " + String(repeating: "tell me about the plan ", count: words)),
         .assistant("Answer \(i): " + String(repeating: "the plan includes support ", count: words))]
    }

    @Test func trimOldestRemovesWholeExchangesAfterTheSystemPromptUntilItFits() {
        let system = Message.system("You are Acme support.")
        let c = Conversation(messages: [system] + (0..<5).flatMap { exchange($0) })
        // Room for the system prompt and the last two exchanges, not three.
        let lastTwo = Conversation(messages: [system] + exchange(3) + exchange(4))
        let limit = counter.count(lastTwo).total + 5
        var changes = ReasonCounts()
        guard case .keep(let out) = FitStage(maxTokens: limit, mode: .trimOldest, counter: counter).apply(c, changes: &changes) else {
            Issue.record("dropped")
            return
        }
        #expect(out.messages == lastTwo.messages)
        #expect(changes["trimmed_oldest_exchanges"] == 3 && changes["trimmed_to_fit"] == 1)
        // Tool results stay with the exchange they belong to.
        let call = Message(role: .assistant, content: nil, toolCalls: .array([]))
        let tool = Message(role: .tool, content: "found", toolCallID: "c1")
        let withTools = Conversation(messages: [.user("Look it up " + String(repeating: "please ", count: 200)), call, tool, .assistant("Found it.")] + exchange(9, words: 1))
        var none = ReasonCounts()
        guard case .keep(let trimmed) = FitStage(maxTokens: counter.count(Conversation(messages: exchange(9, words: 1))).total, mode: .trimOldest, counter: counter).apply(withTools, changes: &none) else {
            Issue.record("dropped")
            return
        }
        #expect(trimmed.messages == exchange(9, words: 1))
    }

    @Test func theLastExchangeIsNeverRemovedAndDropCountsTokens() {
        let c = Conversation(messages: exchange(0, words: 1) + exchange(1, words: 100))
        var changes = ReasonCounts()
        let result = FitStage(maxTokens: 50, mode: .trimOldest, counter: counter).apply(c, changes: &changes)
        guard case .drop(let reason, let message) = result else { Issue.record("kept"); return }
        #expect(reason == .tooLong)
        #expect(message.hasSuffix("tokens after removing 1 older exchange; the last exchange alone is over --max-tokens 50"))
        let total = counter.count(c).total
        guard case .drop(_, let m) = FitStage(maxTokens: 50, mode: .drop, counter: counter).apply(c, changes: &changes) else { Issue.record("kept"); return }
        #expect(m == "\(NumberFormatting.grouped(total)) tokens (o200k_base), over --max-tokens 50")
        // An example that fits is left alone.
        guard case .keep(let same) = FitStage(maxTokens: total, mode: .drop, counter: counter).apply(c, changes: &changes) else { Issue.record("dropped"); return }
        #expect(same.messages == c.messages)
    }

    @Test func runFitsAndTheOutputPassesValidateAtThatLength() throws {
        let dir = TempDir()
        defer { dir.remove() }
        var lines: [String] = []
        for i in 0..<30 {
            var messages = (0..<(i % 4 + 1)).flatMap { exchange(i * 10 + $0, words: 15) }
            messages[0].content! += " ticket \(i)"
            let c = Conversation(messages: messages)
            lines.append(String(decoding: ChatRecordWriter.upload.line(c), as: UTF8.self).trimmingCharacters(in: .newlines))
        }
        let input = dir.write("long.jsonl", lines.joined(separator: "\n") + "\n")
        let r = runCLI(["run", input, "--out", dir.path + "/out", "--max-tokens", "300", "--fit", "trim-oldest", "--no-dedup"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stderr.contains("fit "))
        #expect(r.stderr.contains("trimmed_to_fit"))
        let v = runCLI(["validate", dir.path + "/out/train.jsonl", "--max-tokens", "300", "--min-examples", "1"])
        #expect(v.code == 0, "\(v.stdout)")
        let report = try #require(try JSONParser.parse(Array(dir.read("out/report.json").utf8)).objectValue)
        #expect(report["settings"]?.objectValue?["max tokens"] == .string("300, longer examples: trim-oldest"))
        #expect(runCLI(["run", input, "--out", dir.path + "/x", "--fit", "trim-oldest"]).code == 2)
        #expect(runCLI(["clean", input, "--max-tokens", "300", "--fit", "shorten"]).stderr.contains("--fit takes drop or trim-oldest, got 'shorten'"))
    }
}
