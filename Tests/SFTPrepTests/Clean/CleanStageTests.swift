import Testing
@testable import SFTPrep

@Suite struct CleanStageTests {
    private func run(_ messages: [Message], _ configure: (inout CleanOptions) -> Void = { _ in }) -> (StageResult, ReasonCounts) {
        var o = CleanOptions()
        configure(&o)
        var stage = CleanStage(options: o)
        let r = stage.process(Conversation(messages: messages))
        return (r, stage.changes)
    }

    private func kept(_ r: StageResult) -> [Message]? {
        if case .keep(let c) = r { return c.messages }
        return nil
    }

    @Test func mergesConsecutiveTurnsAndRemovesEmptyOnes() {
        let (r, counts) = run([.user("hi"), .user("   "), .user("my order is late"), .assistant("Sorry!"), .assistant("It ships today.")])
        #expect(kept(r) == [.user("hi\nmy order is late"), .assistant("Sorry!\nIt ships today.")])
        #expect(counts.counts["merged_turns"] == 2)
        #expect(counts.counts["empty_messages_removed"] == 1)
    }

    @Test func toolMessagesAndToolCallsAreNeverMerged() {
        let call = Message(role: .assistant, content: nil, toolCalls: .array([]))
        let messages = [Message.user("q"), call, Message(role: .tool, content: "a", toolCallID: "1"), Message(role: .tool, content: "b", toolCallID: "2"), .assistant("done")]
        #expect(kept(run(messages).0) == messages)
    }

    @Test func mergedWeightIsTrainedIfEitherPartWas() {
        let m = [Message.user("q"), Message(role: .assistant, content: "a", weight: 0), Message(role: .assistant, content: "b")]
        #expect(kept(run(m).0)?.last?.weight == 1)
    }

    @Test func trailingUserTurnIsTrimmedDroppedOrKept() {
        let m = [Message.user("q"), .assistant("a"), .user("thanks!")]
        #expect(kept(run(m).0) == [.user("q"), .assistant("a")])
        #expect(run(m) { $0.trailingUser = .drop }.0 == .drop(reason: .trailingUserMessage, message: "the conversation ends with an unanswered user message"))
        #expect(kept(run(m) { $0.trailingUser = .keep }.0) == m)
    }

    @Test func dropsWithReasons() {
        #expect(run([.user("only a question")]).0 == .drop(reason: .noAssistantMessage, message: "the conversation has no assistant message to learn from"))
        #expect(run([.assistant("Thanks for contacting us!"), .user("ok")]).0 == .drop(reason: .noUserMessage, message: "no user message is left before the assistant's answer"))
        #expect(run([.system("s"), .assistant("a")]).0 == .drop(reason: .noUserMessage, message: "the conversation has no user message"))
        #expect(run([.user(" "), .assistant("\n")]).0 == .drop(reason: .emptyConversation, message: "no message has any text"))
        let mid = [Message.user("q"), .system("be brief"), .assistant("a")]
        if case .drop(let reason, _) = run(mid).0 { #expect(reason == .systemNotFirst) } else { Issue.record("expected a drop") }
        #expect(kept(run(mid) { $0.midSystem = .keep }.0) == mid)
    }

    @Test func lengthFilters() {
        let m = [Message.user("question"), .assistant("ok")]
        if case .drop(let reason, _) = run(m, { $0.minAssistantChars = 5 }).0 { #expect(reason == .assistantTooShort) } else { Issue.record("expected a drop") }
        if case .drop(let reason, _) = run(m, { $0.maxChars = 5 }).0 { #expect(reason == .tooLong) } else { Issue.record("expected a drop") }
        if case .drop(let reason, _) = run(m, { $0.maxMessages = 1 }).0 { #expect(reason == .tooManyMessages) } else { Issue.record("expected a drop") }
        #expect(kept(run(m) { $0.minAssistantChars = 2; $0.maxChars = 10; $0.maxMessages = 2 }.0) == m)
    }

    @Test func systemPromptAddedOrReplaced() {
        let plain = [Message.user("q"), .assistant("a")]
        let withSystem = [Message.system("old"), .user("q"), .assistant("a")]
        #expect(kept(run(plain) { $0.systemPrompt = "S" }.0) == [.system("S"), .user("q"), .assistant("a")])
        #expect(kept(run(withSystem) { $0.systemPrompt = "S" }.0) == withSystem)
        #expect(kept(run(withSystem) { $0.systemPrompt = "S"; $0.replaceSystem = true }.0) == [.system("S"), .user("q"), .assistant("a")])
    }

    @Test func batchResultsAndCountsEqualOneByOneWhateverTheThreads() {
        let batch = (0..<500).map { i in
            Conversation(messages: [.user(" q\(i) <p>a</p><p>b</p> "), .user("more"), .assistant(i % 7 == 0 ? "" : "Itâ€™s \(i)")])
        }
        var sequential = CleanStage()
        let one = batch.map { sequential.process($0) }
        for threads in [1, 2, 4] {
            let saved = ParallelMap.threads
            ParallelMap.threads = threads
            var parallel = CleanStage()
            #expect(parallel.process(batch: batch) == one)
            #expect(parallel.changes == sequential.changes)
            ParallelMap.threads = saved
        }
    }
}
