import Testing
@testable import SFTPrep

@Suite struct TranscriptReaderTests {
    @Test func turnsContinuationsAndSeparators() throws {
        let text = """
        Ticket 7
        Customer: My app crashes.
        Agent: Try this:

            rm -rf ~/.cache/app
            open App.app

        Then restart.
        ---
        Human: hi
        AI: hello
        Human: bye


        Q: What?
        A: That.
        """
        let r = try ingest(text: text, name: "t.txt")
        #expect(r.messages == [
            [.user("My app crashes."), .assistant("Try this:\n\n    rm -rf ~/.cache/app\n    open App.app\n\nThen restart.")],
            [.user("hi"), .assistant("hello"), .user("bye")],
            [.user("What?"), .assistant("That.")],
        ])
        #expect(r.conversations.map { $0.metadata.line } == [1, 10, 15])
        #expect(r.conversations[0].metadata["preamble"] == .string("Ticket 7"))
        #expect(r.report.format == "transcript")
    }

    @Test func namedSpeakersNeedAssistant() throws {
        let text = "Maria: is the shop open?\nDana: yes, until 6pm\nMaria: great\n"
        let r = try ingest(text: text, name: "chat.txt", options: IngestOptions(assistantNames: ["Dana"]))
        #expect(r.messages == [[.user("is the shop open?"), .assistant("yes, until 6pm"), .user("great")]])
        #expect(r.conversations[0].metadata["participants"] == .array([.string("Maria"), .string("Dana")]))
    }

    @Test func urlsAndTimesAreNotSpeakerLabels() throws {
        let text = "User: see http://x.test\nAssistant: at 10:30 ok\nnote:10 is not a label\n"
        let r = try ingest(text: text, name: "x.txt")
        #expect(r.messages == [[.user("see http://x.test"), .assistant("at 10:30 ok\nnote:10 is not a label")]])
    }

    @Test func blockWithoutSpeakersIsRejected() throws {
        let text = "User: a\nAssistant: b\n---\njust some notes\nmore notes\n---\n"
        let r = try ingest(text: text, name: "y.txt")
        #expect(r.conversations.count == 1)
        #expect(r.rejects.map(\.reason) == ["no_speaker_lines"])
        #expect(r.rejects[0].line == 4)
    }
}
