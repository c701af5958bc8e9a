import Foundation
import Testing
@testable import SFTPrep

@Suite struct ValidateTests {
    static let broken = packageRoot + "/Tests/SFTPrepTests/Fixtures/validate-broken.jsonl"

    private func validate(_ path: String, maxTokens: Int? = nil, minExamples: Int = 10) throws -> UploadValidator.Report {
        var model = try #require(try ModelRegistry.load().model("gpt-4o-mini"))
        if let maxTokens { model.maxExampleTokens = maxTokens }
        var o = UploadValidator.Options(model: model)
        o.minExamples = minExamples
        return try UploadValidator(options: o).validate(path: path)
    }

    /// One hand-made line per rule: the exact codes, severities and lines.
    @Test func everyRuleReportsItsCodeAndLine() throws {
        let r = try validate(Self.broken, maxTokens: 10_000, minExamples: 40)
        let got = r.issues.map { "\($0.line.map(String.init) ?? "-") \($0.severity.rawValue) \($0.code)" }
        #expect(got == [
            "2 error invalid_json", "3 error not_an_object", "4 error missing_messages",
            "5 error messages_not_array", "6 error empty_messages", "7 error message_not_object", "8 error missing_role", "9 error unknown_role",
            "10 error missing_content", "11 error null_content", "12 error invalid_content", "13 error empty_content", "14 error unknown_message_key",
            "15 error no_assistant_message", "15 warning last_not_assistant", "16 error invalid_weight", "16 warning short_reply",
            "17 error invalid_tool_call", "17 error invalid_tool_call", "18 error unknown_tool_call_id", "19 error invalid_tools",
            "20 error special_token", "21 error too_long", "21 warning whitespace", "21 warning long_reply", "22 warning duplicate_example",
            "23 warning short_reply", "23 warning all_weights_zero", "24 error blank_line", "25 warning whitespace", "26 warning short_reply",
            // OpenAI's cookbook checker reads content as a string: text parts fail it (export --fix writes strings).
            "29 error content_parts", "- error too_few_examples", "- warning inconsistent_system",
        ])
        #expect(r.issues.first { $0.code == "duplicate_example" }?.message == "same example as line 1")
        #expect(r.statistics.examples == 28)
        #expect(!r.ok)
    }

    @Test func aCleanRunOutputPassesAndExitsZero() throws {
        let dir = TempDir()
        defer { dir.remove() }
        _ = runCLI(["run", packageRoot + "/SampleData", "--out", dir.path + "/out", "--assistant", "Acme Support", "-q"])
        let r = runCLI(["validate", dir.path + "/out/train.jsonl"])
        #expect(r.code == 0)
        #expect(r.stdout.hasPrefix("\(dir.path)/out/train.jsonl: warning: inconsistent_system:"))
        let train = try jsonLines(dir.read("out/train.jsonl")).count
        #expect(train > 50)
        #expect(r.stdout.contains("OK: 0 errors, 1 warning in \(train) examples"))
    }

    @Test func exitCodesAndJSON() throws {
        let r = runCLI(["validate", Self.broken, "--json", "--min-examples", "40"])
        #expect(r.code == 1)
        let o = try #require(try JSONParser.parse(r.stdout).objectValue)
        #expect(o["ok"] == .bool(false))
        #expect(o["examples"] == .number("28"))
        let errors = try #require(o["errors"]?.arrayValue)
        #expect(errors.first == .object(JSONObject([JSONMember("line", .number("2")), JSONMember("code", .string("invalid_json")),
                                                     JSONMember("message", .string("invalid JSON at column 15: unexpected end of input, expected a value"))])))
        #expect(errors.last?.objectValue?["line"] == nil)   // whole-file errors have no line
        #expect(o["stats"]?.objectValue?["model"] == .string("gpt-4o-mini-2024-07-18"))
        #expect(runCLI(["validate"]).code == 2)
        #expect(runCLI(["validate", "/nonexistent.jsonl"]).code == 2)
        #expect(runCLI(["validate", Self.broken, "--model", "gpt-5"]).stderr.contains("unknown model 'gpt-5'"))
    }

    @Test func aJSONArrayFileIsNamedAsSuch() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let path = dir.write("data.json", "[\n {\"messages\": []}\n]\n")
        let r = try validate(path)
        #expect(r.issues.map(\.code) == ["not_jsonl"])
    }
}

@Suite struct StatsTests {
    @Test func epochRuleAndBilling() {
        let rule = EpochRule()
        #expect(rule.epochs(examples: 10) == 10)      // 30 < 100 → min(25, 100/10)
        #expect(rule.epochs(examples: 3) == 25)       // min(25, 33)
        #expect(rule.epochs(examples: 50) == 3)
        #expect(rule.epochs(examples: 10_000) == 2)   // 30,000 > 25,000 → 25,000/10,000
        #expect(rule.epochs(examples: 100_000) == 1)
        let model = FineTuneModel(id: "m", aliases: [], provider: "", encoding: .o200kBase, maxExampleTokens: 100, trainingUSDPer1M: 2, seen: "", source: "")
        let s = DatasetStatistics(examples: 4, messages: 8, tokens: [50, 150, 100, 10], trainedTokens: 0, locations: ["a", "b", "c", "d"])
        let c = s.cost(model, rule: rule)
        #expect(c.epochs == 25)
        #expect(c.billingTokens == (50 + 100 + 100 + 10) * 25)
        #expect(abs(c.usd - Double(c.billingTokens) / 1_000_000 * 2) < 1e-12)
        #expect(c.overLimit == 1)
        #expect(s.overLimit(100).map(\.location) == ["b"])
        #expect(s.percentile(50) == 50 && s.percentile(90) == 150 && s.percentile(95) == 150)
    }

    @Test func statsCommandOnSampleOutputWithAPriceOverride() throws {
        let dir = TempDir()
        defer { dir.remove() }
        _ = runCLI(["run", packageRoot + "/SampleData", "--out", dir.path + "/out", "--assistant", "Acme Support", "-q"])
        let r = runCLI(["stats", dir.path + "/out/train.jsonl", "--json", "--price", "10", "--epochs", "2"])
        #expect(r.code == 0)
        let o = try #require(try JSONParser.parse(r.stdout).objectValue)
        let total = try #require(o["tokens"]?.objectValue?["total"]?.scalarText.flatMap { Int($0) })
        let train = try jsonLines(dir.read("out/train.jsonl")).count
        #expect(o["examples"] == .number(String(train)))
        #expect(o["epochs"] == .number("2"))
        #expect(o["billing_tokens"] == .number(String(total * 2)))
        #expect(o["comparison"]?.arrayValue?.count == 6)
        let text = runCLI(["stats", dir.path + "/out/train.jsonl"]).stdout
        #expect(text.contains("epochs              3 (default rule for \(train) examples)"))
        #expect(text.contains("◀ limit") == false)   // limit far above every example
    }

    @Test func chatTokenCountsFollowTheCookbook() {
        // Cookbook: 3 per message + tokens(role) + tokens(content), +1 + tokens(name), +3 per example.
        let t = BPETokenizer.shared(.o200kBase)
        let counter = ChatTokenCounter(tokenizer: t)
        let c = Conversation(messages: [Message(role: .user, content: "Hello world", name: "ann"), Message(role: .assistant, content: "Hi", weight: 1)])
        let expected = 3 + (3 + t.count("user") + t.count("Hello world") + 1 + t.count("ann")) + (3 + t.count("assistant") + t.count("Hi"))
        #expect(counter.count(c) == ChatTokenCounter.Count(total: expected, trained: t.count("Hi")))
        #expect(counter.count(Conversation(messages: [.user("q"), Message(role: .assistant, content: "a", weight: 0)])).trained == 0)
    }

    /// Reference values from the cookbook's num_tokens_for_tools run with tiktoken on the same definition.
    @Test func toolDefinitionOverheadMatchesTheCookbook() throws {
        let tools = try JSONParser.parse(#"[{"type":"function","function":{"name":"get_order_status","description":"Look up the delivery status of an order.","parameters":{"type":"object","properties":{"order_id":{"type":"string","description":"The order number, e.g. A-10482."},"detail":{"type":"string","description":"How much detail","enum":["short","full"]}},"required":["order_id"]}}}]"#)
        let registry = try ModelRegistry.load()
        #expect(ChatTokenCounter(tokenizer: .shared(.o200kBase), accounting: registry.accounting).toolTokens(tools) == 65)
        #expect(ChatTokenCounter(tokenizer: .shared(.cl100kBase), accounting: registry.accounting).toolTokens(tools) == 68)
    }

    @Test func tokensCommandFieldAndIds() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let path = dir.write("t.jsonl", "{\"text\":\"Hello world\"}\n{\"other\":1}\n")
        let ids = runCLI(["tokens", "--field", "text", "--ids", path])
        #expect(ids.stdout == "[13225,2375]\nnull\n")
        #expect(ids.code == 1)
        #expect(ids.stderr.contains("t.jsonl:2: no string at \"text\""))
        #expect(runCLI(["tokens", "--field", "text", "--encoding", "cl100k_base", path]).stdout == "2\nnull\n")
    }
}

@Suite struct UTF8SearchTests {
    @Test func findsNeedlesAsBytes() {
        #expect("abc<|endoftext|>".utf8Contains("<|endoftext|>"))
        #expect("<|endoftext|>".utf8Contains("<|endoftext|>"))
        #expect(!"<|endoftext|".utf8Contains("<|endoftext|>"))
        #expect("xx<|e<|endofprompt|>".utf8Contains("<|endofprompt|>"))
        #expect(!"".utf8Contains("a") && "".utf8Contains(""))
        #expect("naïve café".utf8Contains("é") && !"naïve cafe\u{301}".utf8Contains("é"))
        var rng = SplitMix(seed: 9)
        for _ in 0..<2_000 {
            let h = String((0..<Int(rng.next() % 40)).map { _ in "ab<|".randomElement(using: &rng)! })
            let n = String((0..<(1 + Int(rng.next() % 3))).map { _ in "ab<|".randomElement(using: &rng)! })
            #expect(h.utf8Contains(n) == (h.range(of: n) != nil), "\(h) / \(n)")
        }
    }
}
