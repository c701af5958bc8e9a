import Testing
@testable import SFTPrep

/// The fast path for plain chat records must give what the general path (parse, then map) gives,
/// and must step aside for every record it does not fully understand.
@Suite struct PlainChatRecordTests {
    /// The general path alone: JSON tree, then the mapper.
    static func general(_ line: String) -> IngestItem {
        let mapper = JSONRecordMapper()
        guard let object = (try? JSONParser.parse(line))?.objectValue, let (c, _) = try? mapper.map(object, source: "in.jsonl", line: 7) else {
            return .reject(Reject(stage: "ingest", reason: "general path failed", message: "", source: "in.jsonl", line: 7))
        }
        return .conversation(c)
    }

    static func read(_ line: String, forced: InputFormat? = nil) -> (IngestItem, InputFormat?) {
        let outcome = Array(line.utf8).withUnsafeBufferPointer { JSONRecordReader(mapper: JSONRecordMapper(forced: forced)).record($0, source: "in.jsonl", line: 7) }
        guard case .item(let item, let format) = outcome else { fatalError("a help-desk record") }
        return (item, format)
    }

    static func fast(_ line: String) -> [Message]? { Array(line.utf8).withUnsafeBufferPointer { PlainChatRecord.messages($0) } }

    @Test func acceptedRecordsEqualTheGeneralPath() {
        let accepted = [
            #"{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello!"}]}"#,
            #"{"messages":[{"content":"Hi","role":"user"},{"content":"","role":"assistant"}]}"#,
            " { \"messages\" : [ { \"role\" : \"system\" , \"content\" : \"Be brief.\" } ,\n{\"role\":\"user\",\"content\":\"q\"}, {\"role\":\"tool\",\"content\":\"42\"} ] } \r",
            #"{"messages":[{"role":"user","content":"Tab\there, quote \" and \\ and \u00e9 and \ud83d\ude00 and \/"},{"role":"assistant","content":"日本語のテキスト"}]}"#,
        ]
        for line in accepted {
            #expect(PlainChatRecordTests.fast(line) != nil, "the fast path should take \(line.debugDescription)")
            let (item, format) = PlainChatRecordTests.read(line)
            #expect(item == PlainChatRecordTests.general(line), "\(line.debugDescription)")
            #expect(format == .openai)
        }
        guard case .conversation(let c) = PlainChatRecordTests.read(accepted[3]).0 else { Issue.record("not read"); return }
        #expect(c.messages[0].content == "Tab\there, quote \" and \\ and é and 😀 and /")
        #expect(c.metadata.source == "in.jsonl" && c.metadata.line == 7 && c.metadata.format == "openai" && c.metadata.id == nil)
    }

    @Test func everythingElseTakesTheGeneralPath() {
        let others = [
            #"{"id":"c1","messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}"#,   // another key
            #"{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}],"category":"billing"}"#,
            #"{"messages":[{"role":"human","content":"Hi"},{"role":"gpt","content":"Hello"}]}"#,   // role aliases
            #"{"messages":[{"role":"user","content":"Hi","name":"ann"},{"role":"assistant","content":"Hello"}]}"#,
            #"{"messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]},{"role":"assistant","content":"Hello"}]}"#,
            #"{"messages":[{"role":"user","content":null},{"role":"assistant","content":"Hello"}]}"#,
            #"{"messages":[{"role":"user","role":"user","content":"Hi"}]}"#,
            #"{"messages":[]}"#,
            #"{"messages":[{"role":"user","content":"Hi"}]} trailing"#,
            #"{"messages":[{"role":"user","content":"bad \q escape"}]}"#,
            #"{"messages":[{"role":"user","content":"Hi"}"#,
            #"{"conversations":[{"from":"human","value":"Hi"},{"from":"gpt","value":"Hello"}]}"#,
        ]
        for line in others {
            #expect(PlainChatRecordTests.fast(line) == nil, "the fast path should step aside for \(line.debugDescription)")
            let (item, _) = PlainChatRecordTests.read(line)
            if case .conversation = item { #expect(item == PlainChatRecordTests.general(line), "\(line.debugDescription)") }
        }
        // The general path still names the error.
        guard case .reject(let r) = PlainChatRecordTests.read(#"{"messages":[{"role":"user","content":"bad \q escape"}]}"#).0 else {
            Issue.record("a bad escape was read"); return
        }
        #expect(r.reason == "invalid_json" && r.line == 7)
    }

    /// A forced format other than OpenAI's is never bypassed.
    @Test func aForcedFormatIsRespected() {
        let line = #"{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}"#
        let (item, _) = Self.read(line, forced: .sharegpt)
        guard case .reject(let r) = item else { Issue.record("forced ShareGPT read an OpenAI record"); return }
        #expect(r.reason == "invalid_field")
    }
}
