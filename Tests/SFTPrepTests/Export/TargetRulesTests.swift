import Foundation
import Testing
@testable import SFTPrep

/// Hand-made lines for the chat format: unique texts so that no duplicate or short-reply warning interferes.
enum Lines {
    static func user(_ n: Int) -> String { #"{"role":"user","content":"Question number \#(n)?"}"# }
    static func assistant(_ n: Int) -> String { #"{"role":"assistant","content":"Answer number \#(n)."}"# }
    static func system(_ n: Int) -> String { #"{"role":"system","content":"System prompt \#(n)."}"# }
    static func example(_ messages: String..., extra: String = "") -> String { #"{"messages":["# + messages.joined(separator: ",") + "]" + extra + "}" }
    /// `n` clean two-turn examples starting at `from`.
    static func clean(_ n: Int, from: Int = 100) -> [String] { (from..<from + n).map { example(user($0), assistant($0)) } }
    static let call = #"{"role":"assistant","tool_calls":[{"id":"abcDEF123","type":"function","function":{"name":"lookup","arguments":"{}"}}]}"#
    static let result = #"{"role":"tool","content":"found","tool_call_id":"abcDEF123"}"#
    static let tools = #","tools":[{"type":"function","function":{"name":"lookup","description":"Look it up","parameters":{"type":"object","properties":{}}}}]"#
}

@Suite struct TargetRulesTests {
    /// Validates `lines` (joined by newlines, after `prefix` bytes) for `target`; issues as "line severity code".
    private func issues(_ target: TargetProfile, _ lines: [String], prefix: [UInt8] = [], maxTokens: Int? = nil, minExamples: Int? = nil) throws -> [String] {
        let dir = TempDir()
        defer { dir.remove() }
        let path = dir.write("data.jsonl", bytes: prefix + Array((lines.joined(separator: "\n") + "\n").utf8))
        var o = UploadValidator.Options(model: try ModelRegistry.load().require("gpt-4o-mini"))
        o.profile = target
        o.maxTokens = maxTokens
        o.minExamples = minExamples
        return try UploadValidator(options: o).validate(path: path).issues.map { "\($0.line.map(String.init) ?? "-") \($0.severity.rawValue) \($0.code)" }
    }

    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    typealias L = Lines

    @Test func everyTargetAcceptsACleanFileInItsOwnShape() throws {
        for target in TargetProfile.all {
            let got = try issues(target, L.clean(max(10, target.minExamples)))
            #expect(got == [], "\(target.name): \(got)")
        }
    }

    @Test func openai() throws {
        #expect(try issues(.openai, L.clean(3)) == ["- error too_few_examples"])
        // The cookbook's loader fails on a byte-order mark and on a blank line.
        #expect(try issues(.openai, L.clean(10), prefix: Self.bom) == ["1 error bom"])
        #expect(try issues(.openai, [""] + L.clean(10)) == ["1 error blank_line"])
        #expect(try issues(.openai, [L.example(L.user(1), L.call, L.result, L.assistant(1), extra: L.tools + #","parallel_tool_calls":false"#)] + L.clean(9)) == [])
        var small = TargetProfile.openai
        small.maxFileBytes = 100
        #expect(try issues(small, L.clean(10)) == ["- error file_too_large"])
    }

    @Test func azureToleratesAByteOrderMarkWithAWarning() throws {
        #expect(try issues(.azureOpenAI, L.clean(10)) == [])
        #expect(try issues(.azureOpenAI, L.clean(10), prefix: Self.bom) == ["1 warning bom"])
        #expect(try issues(.azureOpenAI, [L.example(L.user(1), #"{"role":"assistant","content":"<|endoftext|> leaked"}"#)] + L.clean(9), prefix: Self.bom)
            == ["1 error special_token", "1 warning bom"])
    }

    @Test func together() throws {
        let got = try issues(.together, [
            L.example(L.user(1), L.assistant(1)),
            L.example(L.user(2), L.assistant(2), extra: #","id":"t-2""#),
            L.example(L.user(3), L.user(33), L.assistant(3)),
            L.example(L.user(4), #"{"role":"assistant","content":"Answer four.","weight":1.0}"#),
            "",
            L.example(L.user(6), L.call, L.result, L.assistant(6)),
            #"{"prompt":"Question seven?","completion":"Answer seven."}"#,
            L.example(L.user(8), L.call, L.result, L.assistant(8), extra: L.tools),
        ], prefix: Self.bom)
        // Two user turns in a row pass Together's checker: no error for line 3.
        #expect(got == ["1 error bom", "2 error unknown_key", "4 error invalid_weight", "5 error blank_line",
                        "6 error tools_unsupported", "7 error missing_messages", "7 error mixed_formats"])
        // Other targets let the same weight and the key pass (the key with a warning).
        #expect(try issues(.openai, [L.example(L.user(4), #"{"role":"assistant","content":"Answer four.","weight":1.0}"#)], minExamples: 1) == [])
    }

    @Test func fireworks() throws {
        #expect(try issues(.fireworks, [L.example(L.system(1), L.user(1), L.assistant(1)), L.example(L.user(2), L.assistant(2), L.system(2), L.user(22), L.assistant(22))])
            == ["2 error system_not_first", "- error too_few_examples"])
        var capped = TargetProfile.fireworks
        capped.maxExamples = 3
        #expect(try issues(capped, L.clean(4)) == ["- error too_many_examples"])
    }

    @Test func mistral() throws {
        let call = #"{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{}"}}]}"#
        let objectArgs = #"{"role":"assistant","tool_calls":[{"id":"abcDEF123","type":"function","function":{"name":"lookup","arguments":{"q":1}}}]}"#
        let both = #"{"role":"assistant","content":"Let me look.","tool_calls":[{"id":"abcDEF123","type":"function","function":{"name":"lookup","arguments":"{}"}}]}"#
        let got = try issues(.mistral, [
            L.example(L.user(1), L.assistant(1)),
            L.example(L.user(2), L.assistant(2), L.user(22)),
            L.example(L.system(3), L.system(33), L.user(3), L.assistant(3)),
            L.example(L.user(4), L.assistant(4), L.system(4), L.user(44), L.assistant(44)),
            L.example(L.user(5), both, L.result, L.assistant(5), extra: L.tools),
            L.example(L.user(6), call, #"{"role":"tool","content":"found","tool_call_id":"call_1"}"#, L.assistant(6), extra: L.tools),
            L.example(L.user(7), objectArgs, L.result, L.assistant(7), extra: L.tools),
            L.example(L.user(8), L.call, L.result, L.assistant(8), extra: #","tools":[{"type":"function","function":{"name":"lookup"}}]"#),
            L.example(L.user(9), L.result, L.assistant(9)),
        ])
        #expect(got == ["2 error last_not_assistant", "3 error multiple_system", "4 error invalid_role_order", "5 error content_and_tool_calls",
                        "6 error invalid_tool_call_id", "7 error invalid_tool_call", "8 error invalid_tools", "8 error invalid_tools",
                        "9 error unknown_tool_call_id", "9 error invalid_role_order", "- warning inconsistent_system"])
    }

    @Test func bedrockChecksChatFilesAndItsOwnLayout() throws {
        let claude = #"{"system":"Be brief.","messages":[{"role":"user","content":"Question ten?"},{"role":"assistant","content":"Answer ten."}]}"#
        let got = try issues(.bedrock, [
            L.example(L.system(1), L.user(1), L.assistant(1)),
            L.example(L.assistant(2), L.user(2), L.assistant(22)),
            L.example(L.user(3), L.user(33), L.assistant(3)),
            L.example(L.user(4), L.assistant(4), L.user(44)),
            L.example(L.user(5), L.assistant(5), extra: L.tools),
            L.example(L.assistant(6)),
            L.example(L.user(7), L.assistant(7), L.system(7), L.user(77), L.assistant(77)),
            L.example(L.user(8), L.assistant(8), extra: #","id":"b-8""#),
            claude,
            #"{"system":"Be brief.","messages":[{"role":"user","content":"Question eleven?"},{"role":"assistant","content":"Answer eleven."}],"id":"b-11"}"#,
            #"{"system":"Be brief.","messages":[{"role":"user","content":"Question twelve?"},{"role":"model","content":"Answer twelve."}]}"#,
            L.example(L.user(13), L.call, L.result, L.assistant(13)),
        ])
        #expect(got == ["2 error first_not_user", "3 error consecutive_same_role", "4 error last_not_assistant", "5 error tools_unsupported",
                        "6 error too_few_messages", "6 error first_not_user", "7 error system_not_first", "8 error unknown_key",
                        "10 error unknown_key", "11 error invalid_format", "12 error tools_unsupported", "- error too_few_examples", "- warning inconsistent_system"])
    }

    @Test func bedrockNovaReadsTheConverseSchema() throws {
        let ok = #"{"schemaVersion":"bedrock-conversation-2024","system":[{"text":"Be brief."}],"messages":[{"role":"user","content":[{"text":"Question one?"}]},{"role":"assistant","content":[{"text":"Answer one."}]}]}"#
        let version = #"{"schemaVersion":"bedrock-conversation-2023","messages":[{"role":"user","content":[{"text":"Question two?"}]},{"role":"assistant","content":[{"text":"Answer two."}]}]}"#
        let image = #"{"schemaVersion":"bedrock-conversation-2024","messages":[{"role":"user","content":[{"image":{"format":"png"}}]},{"role":"assistant","content":[{"text":"Answer three."}]}]}"#
        #expect(try issues(.bedrockNova, [ok, version, image]) == ["2 error invalid_format", "3 error unsupported_content", "- error too_few_examples"])
    }

    @Test func vertexReadsGeminiRecordsAndEstimatesTokens() throws {
        let ok = #"{"systemInstruction":{"parts":[{"text":"Be brief."}]},"contents":[{"role":"user","parts":[{"text":"Question one?"}]},{"role":"model","parts":[{"text":"Answer one."}]}]}"#
        let role = #"{"contents":[{"role":"user","parts":[{"text":"Question two?"}]},{"role":"assistant","parts":[{"text":"Answer two."}]}]}"#
        let call = #"{"contents":[{"role":"user","parts":[{"text":"Question three?"}]},{"role":"model","parts":[{"functionCall":{"name":"f","args":{}}}]}]}"#
        let long = L.example(L.user(6), #"{"role":"assistant","content":"\#(String(repeating: "word ", count: 60))end."}"#)
        let got = try issues(.vertex, [ok, role, call, L.example(L.user(4), L.assistant(4), L.system(4), L.user(44), L.assistant(44)),
                                       L.example(L.system(5), L.system(55), L.user(5), L.assistant(5)), long], maxTokens: 50)
        // Line 3's functionCall part is read as a tool call now (Gemini function calling): no error.
        #expect(got == ["2 error invalid_format", "4 error system_not_first", "5 error multiple_system", "6 error too_long",
                        "- warning inconsistent_system"])
        let dir = TempDir()
        defer { dir.remove() }
        var o = UploadValidator.Options(model: try ModelRegistry.load().require("gpt-4o-mini"))
        o.profile = .vertex
        o.maxTokens = 50
        let r = try UploadValidator(options: o).validate(path: dir.write("v.jsonl", long + "\n"))
        #expect(r.errors.first?.message == "about 78 tokens (estimated with o200k_base; vertex's tokenizer differs), over vertex's limit of 50")
        var small = TargetProfile.vertex
        small.maxFileBytes = 10
        #expect(try issues(small, [ok]) == ["- error file_too_large"])
    }

    @Test func trlAndAxolotlWarnAboutTheirSequenceLength() throws {
        let long = L.example(L.user(2), #"{"role":"assistant","content":"\#(String(repeating: "word ", count: 60))end."}"#)
        let human = L.example(#"{"role":"human","content":"Question three?"}"#, #"{"role":"gpt","content":"Answer three."}"#)
        #expect(try issues(.trl, [L.example(L.user(1), L.assistant(1)), long, human], maxTokens: 50) == ["2 warning too_long", "3 error unknown_role", "3 error unknown_role"])
        #expect(try issues(.axolotl, [L.example(L.user(1), L.assistant(1)), long, human], maxTokens: 50) == ["2 warning too_long"])
        let dir = TempDir()
        defer { dir.remove() }
        for (target, behaviour) in [(TargetProfile.trl, "TRL truncates the end silently"), (.axolotl, "axolotl drops it by default")] {
            var o = UploadValidator.Options(model: try ModelRegistry.load().require("gpt-4o-mini"))
            o.profile = target
            o.maxTokens = 50
            let r = try UploadValidator(options: o).validate(path: dir.write("t.jsonl", long + "\n"))
            #expect(r.warnings.first?.message.contains(behaviour) == true)
        }
    }

    @Test func targetNamesAndAliases() throws {
        #expect(try TargetProfile.named("Azure").name == "azure-openai")
        #expect(try TargetProfile.named("bedrock-conversation-2024").name == "bedrock-nova")
        #expect(throws: SFTPrepError.self) { try TargetProfile.named("sagemaker") }
        let r = runCLI(["validate", "x.jsonl", "--target", "sagemaker"])
        #expect(r.code == 2)
        #expect(r.stderr.contains("unknown target 'sagemaker'; targets: openai, azure-openai, together"))
    }
}
