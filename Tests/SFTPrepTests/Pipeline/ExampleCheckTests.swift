import Testing
@testable import SFTPrep

@Suite struct ExampleCheckTests {
    private func check(_ messages: [Message]) -> StageResult { ExampleCheck().process(Conversation(messages: messages)) }

    @Test func keepsValidExamplesIncludingToolCallsWithoutText() {
        let c = [Message.user("q"), Message(role: .assistant, content: nil, toolCalls: .array([])), Message(role: .tool, content: "r"), .assistant("a")]
        #expect(check(c) == .keep(Conversation(messages: c)))
    }

    @Test func dropsWithReasons() {
        #expect(check([]) == .drop(reason: .emptyConversation, message: "the conversation has no messages"))
        #expect(check([.user("q")]) == .drop(reason: .noAssistantMessage, message: "the conversation has no assistant message to learn from"))
        #expect(check([.user("  \n"), .assistant("a")]) == .drop(reason: .emptyContent, message: "messages[0] (user) has no text"))
        #expect(check([.user("q"), Message(role: .assistant, content: nil)]) == .drop(reason: .emptyContent, message: "messages[1] (assistant) has no text"))
    }
}
