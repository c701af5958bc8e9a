import Testing
@testable import SFTPrep

@Suite struct JSONRecordReaderTests {
    static let good = #"{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}"#

    @Test func brokenLinesBecomeRejectsWithLineNumbersAndReadingGoesOn() throws {
        let text = [Self.good, "", "{\"messages\": [", "[1,2]", "   ", Self.good].joined(separator: "\n")
        let r = try ingest(text: text, name: "a.jsonl")
        #expect(r.conversations.map { $0.metadata.line } == [1, 6])
        #expect(r.rejects.map(\.line) == [3, 4])
        #expect(r.rejects.map(\.reason) == ["invalid_json", "not_an_object"])
        #expect(r.rejects[0].message == "invalid JSON at column 15: unexpected end of input, expected a value")
        #expect(r.rejects[0].record == .string("{\"messages\": ["))
        #expect(r.report.records == 4)
        #expect(r.report.format == "openai")
    }

    @Test func invalidUTF8IsRejectedWithColumnAndOthersSurvive() throws {
        let bytes = Array((Self.good + "\n").utf8) + Array("{\"messages\":\"".utf8) + [0xC3, 0x28] + Array("\"}\n".utf8) + Array(Self.good.utf8)
        let dir = TempDir()
        defer { dir.remove() }
        let r = try ingest(dir.write("b.jsonl", bytes: bytes))
        #expect(r.conversations.count == 2)
        #expect(r.rejects.count == 1)
        #expect(r.rejects[0].reason == "invalid_utf8")
        #expect(r.rejects[0].line == 2)
        #expect(r.rejects[0].message == "invalid UTF-8 at column 14 (byte 0xC3)")
    }

    @Test func bomAndCRLFAreTolerated() throws {
        let text = "\u{FEFF}" + Self.good + "\r\n" + Self.good + "\r\n"
        let r = try ingest(text: text, name: "c.jsonl")
        #expect(r.conversations.count == 2)
        #expect(r.rejects.isEmpty)
    }

    @Test func jsonArrayIsStreamedWithElementLineNumbers() throws {
        let text = """
        [
          {"conversations": [{"from": "human", "value": "a"}, {"from": "gpt", "value": "b"}]},
          {"instruction": "i", "output": "o"},
          {"conversations": "oops"},
          "a string",
          {"question": "q,]}", "answer": "x\\"]"}
        ]
        """
        let r = try ingest(text: text, name: "d.json")
        #expect(r.conversations.map { $0.metadata.line } == [2, 3, 6])
        #expect(r.conversations.map { $0.metadata.format } == ["sharegpt", "alpaca", "pairs"])
        #expect(r.conversations[2].messages == [.user("q,]}"), .assistant("x\"]")])
        #expect(r.rejects.map(\.line) == [4, 5])
        #expect(r.report.format == "mixed: alpaca 1, pairs 1, sharegpt 1")
    }

    @Test func truncatedArrayKeepsEarlierElementsAndRejectsTheRest() throws {
        let text = "[\n {\"question\":\"q\",\"answer\":\"a\"},\n {\"question\":\"q2\",\"ans"
        let r = try ingest(text: text, name: "e.json")
        #expect(r.conversations.count == 1)
        #expect(r.rejects.count == 1)
        #expect(r.rejects[0].line == 3)
        #expect(r.rejects[0].message.contains("truncated"))
    }

    @Test func singlePrettyPrintedObjectIsOneRecord() throws {
        let text = "{\n  \"messages\": [\n    {\"role\": \"user\", \"content\": \"q\"},\n    {\"role\": \"assistant\", \"content\": \"a\"}\n  ]\n}\n"
        let r = try ingest(text: text, name: "f.json")
        #expect(r.conversations.count == 1)
        #expect(r.report.notes["layout_document"] == 1)
    }

    /// A broken first line is one reject: the file is still JSON Lines and the records after it come through.
    @Test func aBrokenFirstLineDoesNotSwallowTheFile() throws {
        for first in ["not json", "{\"messages\": [{\"role\": \"user\"", "{", "}"] {
            let text = [first, Self.good, "{\"x\":1}", Self.good].joined(separator: "\n") + "\n"
            let r = try ingest(text: text, name: "a.jsonl")
            #expect(r.conversations.map { $0.metadata.line } == [2, 4], "first line \(first.debugDescription)")
            #expect(r.rejects.map(\.line) == [1, 3], "first line \(first.debugDescription)")
            #expect(r.report.notes["layout_document"] == nil)
        }
        // Pretty-printed documents stay one record, even when an inner object sits on one line.
        let pretty = "{\n  \"messages\": [\n    {\"role\": \"user\", \"content\": \"q\"},\n    {\"role\": \"assistant\", \"content\": \"a\"}\n  ]\n}\n"
        #expect(JSONRecordReader.layout(of: Array(pretty.utf8)) == .document)
        #expect(JSONRecordReader.layout(of: Array("[\n{}\n]".utf8)) == .array)
        #expect(JSONRecordReader.layout(of: Array("garbage\n\(Self.good)\n".utf8)) == .lines)
    }

    @Test func aMultiMegabyteLineIsRead() throws {
        let big = String(repeating: "lorem ipsum ", count: 400_000)
        let line = #"{"messages":[{"role":"user","content":"\#(big)"},{"role":"assistant","content":"ok"}]}"#
        let r = try ingest(text: line + "\n" + Self.good, name: "g.jsonl")
        #expect(r.conversations.count == 2)
        #expect(r.conversations[0].messages[0].content?.utf8.count == big.utf8.count)
    }
}
