import Testing
@testable import SFTPrep

@Suite struct JSONRecordMapperTests {
    private func map(_ json: String, forced: InputFormat? = nil) throws -> (Conversation, InputFormat) {
        let o = try #require(try JSONParser.parse(json).objectValue)
        return try JSONRecordMapper(forced: forced).map(o, source: "in.jsonl", line: 3)
    }

    private func error(_ json: String) -> RecordError? {
        do { _ = try map(json); return nil } catch let e as RecordError { return e } catch { return nil }
    }

    @Test func openAIChatKeepsToolsWeightNameToolCallsAndExtraColumns() throws {
        let (c, f) = try map(#"""
        {"messages":[{"role":"system","content":"S"},{"role":"user","content":"Q","name":"ann"},
        {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
        {"role":"tool","tool_call_id":"c1","content":"R"},{"role":"assistant","content":"A","weight":0}],
        "tools":[{"type":"function","function":{"name":"f"}}],"parallel_tool_calls":false,"category":"billing","id":"x-1"}
        """#)
        #expect(f == .openai)
        #expect(c.messages.map(\.role) == [.system, .user, .assistant, .tool, .assistant])
        #expect(c.messages[1].name == "ann")
        #expect(c.messages[2].content == nil)
        #expect(c.messages[2].toolCalls?.arrayValue?.count == 1)
        #expect(c.messages[3].toolCallID == "c1")
        #expect(c.messages[4].weight == 0)
        #expect(c.tools?.arrayValue?.count == 1)
        #expect(c.parallelToolCalls == .bool(false))
        #expect(c.metadata.fields.keys == ["id", "source", "line", "format", "category"])
        #expect(c.id == "x-1")
        #expect(c.metadata.location == "in.jsonl:3")
    }

    @Test func contentAsTextPartsIsJoined() throws {
        let (c, _) = try map(#"{"messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]},{"role":"assistant","content":"c"}]}"#)
        #expect(c.messages[0].content == "a\nb")
    }

    @Test func shareGPTMapsRoleAliasesAndSystemKey() throws {
        let (c, f) = try map(#"{"system":"Be nice","conversations":[{"from":"human","value":"hi"},{"from":"gpt","value":"hello"},{"from":"observation","value":"obs"},{"from":"chatgpt","value":"ok"}]}"#)
        #expect(f == .sharegpt)
        #expect(c.messages == [.system("Be nice"), .user("hi"), .assistant("hello"), Message(role: .tool, content: "obs"), .assistant("ok")])
    }

    @Test func alpacaJoinsInstructionAndInputWithABlankLine() throws {
        let (c, f) = try map(#"{"instruction":"Summarise","input":"Long text","output":"Short","system":"S"}"#)
        #expect(f == .alpaca)
        #expect(c.messages == [.system("S"), .user("Summarise\n\nLong text"), .assistant("Short")])
        let (c2, _) = try map(#"{"instruction":"Say hi","input":"","output":"Hi"}"#)
        #expect(c2.messages == [.user("Say hi"), .assistant("Hi")])
    }

    @Test func alpacaHistoryBecomesEarlierTurns() throws {
        let (c, _) = try map(#"{"instruction":"And now?","input":"","output":"Done","history":[["First?","Yes"]]}"#)
        #expect(c.messages == [.user("First?"), .assistant("Yes"), .user("And now?"), .assistant("Done")])
    }

    @Test func promptCompletionAndPairShapes() throws {
        #expect(try map(#"{"prompt":"P","completion":"C"}"#).0.messages == [.user("P"), .assistant("C")])
        #expect(try map(#"{"question":"Q","answer":"A","topic":"t"}"#).0.messages == [.user("Q"), .assistant("A")])
        #expect(try map(#"{"input":"I","output":"O"}"#).1 == .pairs)
        #expect(try map(#"{"query":"Q","response":"R"}"#).0.metadata.format == "pairs")
        #expect(try map(#"{"question":"Q","answer":"A","topic":"t"}"#).0.metadata.label("topic") == "t")
    }

    @Test func pipeMetadataKeepsTheOriginalLocation() throws {
        let (c, _) = try map(#"{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}],"metadata":{"id":"k","source":"orig.csv","line":42,"format":"csv","category":"x"}}"#)
        #expect(c.metadata.location == "orig.csv:42")
        #expect(c.metadata.format == "csv")
        #expect(c.metadata.label("category") == "x")
        #expect(c.id == "k")
    }

    @Test func errorsNameTheField() {
        #expect(error(#"{"messages":"hi"}"#) == RecordError(.invalidField, field: "messages", "\"messages\" must be an array, found a string"))
        #expect(error(#"{"messages":[{"role":"user","content":"a"},{"role":"wizard","content":"b"}]}"#)?.field == "messages[1].role")
        #expect(error(#"{"messages":[{"content":"a"}]}"#)?.reason == "missing_field")
        #expect(error(#"{"messages":[{"role":"assistant","content":"a","weight":2}]}"#)?.message == "weight must be 0 or 1, found 2")
        #expect(error(#"{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{}}]}]}"#)?.reason == "unsupported_content")
        #expect(error(#"{"foo":1,"bar":2}"#)?.reason == "unrecognized_record")
        #expect(error(#"{"instruction":"x","output":null}"#)?.field == "output")
    }
}
