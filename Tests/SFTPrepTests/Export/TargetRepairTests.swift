import Foundation
import Testing
@testable import SFTPrep

/// What `export --fix` does where a target's checker and its docs part ways:
/// weights it cannot express, tool-call keys templates read, Bedrock's reserved
/// words and file sizes, Mistral's tool rules, Together's one content form.
@Suite struct TargetRepairTests {
    typealias L = Lines

    private func export(_ target: String, _ lines: [String], fix: Bool = true, extra: [String] = []) -> (code: Int32, out: [String], stderr: String, rejects: [String]) {
        let dir = TempDir()
        defer { dir.remove() }
        let input = dir.write("in.jsonl", lines.joined(separator: "\n") + "\n")
        let r = runCLI(["export", input, "--target", target, "--min-examples", "1", "--rejects", dir.path + "/r.jsonl"] + (fix ? ["--fix"] : []) + extra)
        let rejects = (try? jsonLines(dir.read("r.jsonl")))?.compactMap { $0.objectValue?["reason"]?.stringValue } ?? []
        return (r.code, r.stdout.split(separator: "\n").map(String.init), r.stderr, rejects)
    }

    private func validate(_ target: String, _ lines: [String]) -> CLIResult {
        let dir = TempDir()
        defer { dir.remove() }
        return runCLI(["validate", dir.write("v.jsonl", lines.joined(separator: "\n") + "\n"), "--target", target, "--min-examples", "1"])
    }

    static let untrainedLast = L.example(L.user(1), L.assistant(1), L.user(2), #"{"role":"assistant","content":"Answer number 2.","weight":0}"#)
    static let untrainedFirst = L.example(L.user(3), #"{"role":"assistant","content":"Answer number 3.","weight":0}"#, L.user(4), L.assistant(4))

    @Test func weightZeroWhereEveryTurnTrains() {
        for target in ["trl", "vertex", "bedrock", "bedrock-nova"] {
            #expect(validate(target, [Self.untrainedLast]).stdout.contains("error: weight_unsupported: messages[3] has weight 0, but \(target) trains on every assistant turn"))
            let e = export(target, [Self.untrainedLast, Self.untrainedFirst])
            // The untrained end is cut; an untrained turn before a trained one cannot be kept: refused.
            #expect(e.out.count == 1 && e.rejects == ["weight_unsupported"], "\(target): \(e.stderr)")
            #expect(e.stderr.contains("cut_untrained_turns 2"))
        }
        #expect(export("trl", [Self.untrainedLast]).out == [L.example(L.user(1), L.assistant(1))])
        // Targets with weights keep them as they are.
        #expect(export("openai", [Self.untrainedLast]).out == [Self.untrainedLast])
    }

    @Test func axolotlGetsItsTrainingFlagAndTheConfigLine() {
        #expect(validate("axolotl", [Self.untrainedFirst]).stdout.contains("error: weight_unsupported: messages[1] has weight 0, which axolotl ignores"))
        let e = export("axolotl", [Self.untrainedFirst])
        #expect(e.out == [L.example(L.user(3), #"{"role":"assistant","content":"Answer number 3.","training":false}"#, L.user(4), L.assistant(4))])
        #expect(e.stderr.contains("training_flag_written 1"))
        #expect(e.stderr.contains("export: axolotl reads the \"training\": false flags only with 'message_field_training: training' in the dataset's config"))
        #expect(validate("axolotl", e.out).code == 0)
        // Exporting the exported file again keeps the flag.
        #expect(export("axolotl", e.out, fix: false).out == e.out)
    }

    @Test func leniencyTheCheckersShowIsAWarningAndFixWritesTheStrictForm() {
        let booleanWeight = L.example(L.user(1), #"{"role":"assistant","content":"Answer number 1.","weight":true}"#)
        let userWeight = L.example(#"{"role":"user","content":"Question number 2?","weight":1}"#, L.assistant(2))
        let untyped = L.example(L.user(3), #"{"role":"assistant","content":"","tool_calls":[{"id":"abcDEF123","function":{"name":"lookup","arguments":"{}"}}]}"#, L.result, L.assistant(3), extra: L.tools)
        let v = validate("together", [booleanWeight, userWeight, untyped])
        #expect(v.code == 0)
        #expect(v.stdout.contains("1: warning: weight_boolean") && v.stdout.contains("2: warning: weight_ignored") && v.stdout.contains("3: warning: tool_call_type"))
        let e = export("together", [booleanWeight, userWeight, untyped])
        #expect(e.out[0] == L.example(L.user(1), #"{"role":"assistant","content":"Answer number 1.","weight":1}"#))
        #expect(e.out[1] == L.example(L.user(2), L.assistant(2)))
        #expect(e.out[2].contains(#"{"id":"abcDEF123","function":{"name":"lookup","arguments":"{}"},"type":"function"}"#))
        #expect(e.stderr.contains("added_tool_call_type 1") && e.stderr.contains("dropped_user_weight 1"))
    }

    @Test func chatTemplatesNeedContentAndTypeOnToolCalls() {
        let bare = L.example(L.user(1), #"{"role":"assistant","tool_calls":[{"id":"abcDEF123","function":{"name":"lookup","arguments":"{}"}}]}"#, L.result, L.assistant(1), extra: L.tools)
        let v = validate("trl", [bare])
        #expect(v.stdout.contains("error: missing_content: messages[1] carries tool calls but no \"content\" key"))
        #expect(v.stdout.contains("error: invalid_tool_call: messages[1].tool_calls[0] has no \"type\""))
        let e = export("axolotl", [bare])
        #expect(e.out.first?.contains(#"{"role":"assistant","content":"","tool_calls":[{"id":"abcDEF123","function":{"name":"lookup","arguments":"{}"},"type":"function"}]}"#) == true)
        #expect(validate("openai", [bare]).code == 0)   // OpenAI's checks take both as they are
    }

    @Test func bedrockReservedWordsAndNovaSystemKeys() {
        let log = L.example(L.user(1), #"{"role":"assistant","content":"The log reads:\nHuman: hi\nAssistant: hello"}"#)
        let labels = L.example(#"{"role":"user","content":"What do User: and Bot: mean?"}"#, L.assistant(2))
        #expect(validate("bedrock", [log]).stdout.contains(#"error: reserved_text: messages[1] content contains "\nHuman:", which bedrock reserves"#))
        #expect(validate("bedrock", [labels]).code == 0)   // Claude reserves only the newline forms
        #expect(validate("bedrock-nova", [labels]).stdout.contains(#"error: reserved_text: messages[0] content contains "User:""#))
        #expect(export("bedrock-nova", [log, labels]).rejects == ["reserved_text", "reserved_text"])
        // Every Nova record carries "system", so a mix of prompts and none is one the SDK accepts.
        let e = export("bedrock-nova", [L.example(L.system(1), L.user(3), L.assistant(3)), L.example(L.user(4), L.assistant(4))])
        #expect(e.out[1] == #"{"schemaVersion":"bedrock-conversation-2024","system":[],"messages":[{"role":"user","content":[{"text":"Question number 4?"}]},{"role":"assistant","content":[{"text":"Answer number 4."}]}]}"#)
        #expect(validate("bedrock-nova", e.out).code == 0)
        let mixed = [e.out[0], e.out[1].replacingOccurrences(of: #""system":[],"#, with: "")]
        #expect(validate("bedrock-nova", mixed).stdout.contains("error: inconsistent_system: 1 example has a system prompt (first: line 1) and 1 does not (first: line 2); bedrock-nova refuses the file"))
        #expect(validate("bedrock", mixed.map { _ in L.example(L.user(5), L.assistant(5)) } + [L.example(L.system(6), L.user(6), L.assistant(6))]).code == 0)
    }

    @Test func mistralToolRules() {
        func tools(_ function: String) -> String { #","tools":[{"type":"function","function":\#(function)}]"# }
        let noDescription = L.example(L.user(1), L.call, L.result, L.assistant(1), extra: tools(#"{"name":"lookup","parameters":{"type":"object"}}"#))
        let emptyParameters = L.example(L.user(2), L.call, L.result, L.assistant(2), extra: tools(#"{"name":"lookup","description":"Look it up","parameters":{}}"#))
        let twoCallsOneResult = L.example(L.user(3), #"{"role":"assistant","tool_calls":[{"id":"abcDEF123","type":"function","function":{"name":"lookup","arguments":"{}"}},{"id":"ghiJKL456","type":"function","function":{"name":"lookup","arguments":"{}"}}]}"#, L.result, L.assistant(3), extra: L.tools)
        let greeting = L.example(L.system(4), L.assistant(4))
        let v = validate("mistral", [noDescription, emptyParameters, twoCallsOneResult, greeting])
        #expect(v.stdout.contains("1: error: invalid_tools: tools[0].function needs a \"description\" for mistral"))
        #expect(!v.stdout.contains("2: error"))
        #expect(v.stdout.contains("3: error: tool_results_mismatch: messages[1] makes 2 tool calls answered by 1 tool message"))
        #expect(v.stdout.contains("4: error: first_not_user: messages[1] is from assistant"))
        #expect(export("mistral", [noDescription, emptyParameters, twoCallsOneResult, greeting]).rejects == ["invalid_tools", "tool_results_mismatch", "first_not_user"])
    }

    @Test func togetherTakesOneContentFormPerExample() {
        let mixed = L.example(#"{"role":"user","content":[{"type":"text","text":"Question number 1?"}]}"#, L.assistant(1))
        #expect(validate("together", [mixed]).stdout.contains("error: mixed_content: 1 message has string content and 1 a list of parts"))
        #expect(export("together", [mixed]).out == [L.example(L.user(1), L.assistant(1))])
        #expect(validate("axolotl", [mixed]).code == 0)
        #expect(validate("trl", [mixed]).stdout.contains("error: content_parts"))
    }

    @Test func vertexReadsTheProtobufFieldName() {
        let snake = #"{"system_instruction":{"parts":[{"text":"Be brief."}]},"contents":[{"role":"user","parts":[{"text":"Hi"}]},{"role":"model","parts":[{"text":"Hello there."}]}]}"#
        #expect(validate("vertex", [snake]).code == 0)
        #expect(export("vertex", [snake]).out == [#"{"systemInstruction":{"parts":[{"text":"Be brief."}]},"contents":[{"role":"user","parts":[{"text":"Hi"}]},{"role":"model","parts":[{"text":"Hello there."}]}]}"#])
        #expect(export("openai", [snake]).out == [L.example(#"{"role":"system","content":"Be brief."}"#, #"{"role":"user","content":"Hi"}"#, #"{"role":"assistant","content":"Hello there."}"#)])
    }

    @Test func runSizesItsSplitForBedrocksMinimumFileSize() throws {
        let dir = TempDir()
        defer { dir.remove() }
        func examples(_ n: Int) -> String {
            (0..<n).map { i in L.example(#"{"role":"user","content":"\#(RunSizing.question(i))"}"#, #"{"role":"assistant","content":"\#(RunSizing.answer(i))"}"#) }.joined(separator: "\n") + "\n"
        }
        // 70 examples: 10% would be 7 validation examples, below Claude's 32: raised to 32.
        let big = runCLI(["run", dir.write("big.jsonl", examples(70)), "--out", dir.path + "/big", "--target", "bedrock", "--no-redact"])
        #expect(big.code == 0, "\(big.stderr)")
        #expect(big.stderr.contains("validation set to 32 examples (from 7): bedrock needs at least 32 in each file"))
        // 69 kept (dedup takes one near duplicate: examples that share verb and topic 48 apart): 37 + 32.
        #expect(try jsonLines(dir.read("big/train.jsonl")).count == 37, "\(big.stderr)")
        #expect(try jsonLines(dir.read("big/validation.jsonl")).count == 32)
        let report = try #require(try JSONParser.parse(Array(dir.read("big/report.json").utf8)).objectValue)
        #expect(report["split"]?.objectValue?["adjusted"]?.stringValue?.hasPrefix("validation set to 32") == true)
        // 40: not enough for two files of 32: all train, and it says so.
        let mid = runCLI(["run", dir.write("mid.jsonl", examples(40)), "--out", dir.path + "/mid", "--target", "bedrock", "--no-redact"])
        #expect(mid.code == 0 && mid.stderr.contains("no validation examples: 40 kept, and bedrock needs at least 32 in each file"))
        #expect(try jsonLines(dir.read("mid/train.jsonl")).count == 40 && dir.read("mid/validation.jsonl").isEmpty)
        // 20: fewer than Claude takes at all.
        let small = runCLI(["run", dir.write("small.jsonl", examples(20)), "--out", dir.path + "/small", "--target", "bedrock", "--no-redact"])
        #expect(small.code == 1 && small.stderr.contains("20 examples kept; bedrock needs at least 32 in train.jsonl, so nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/small/train.jsonl"))
    }
}

/// Distinct questions and answers, so that dedup keeps every one.
enum RunSizing {
    static let topics = ["refund", "invoice", "password", "delivery", "warranty", "address", "discount", "export", "dark mode", "plan",
                         "receipt", "login", "parcel", "subscription", "voucher", "account"]
    static let verbs = ["change", "find", "cancel", "renew", "check", "fix"]
    static func question(_ i: Int) -> String { "How do I \(verbs[i % verbs.count]) my \(topics[i % topics.count]) (case \(i * 7919 % 1000))?" }
    static func answer(_ i: Int) -> String { "To \(verbs[i % verbs.count]) your \(topics[i % topics.count]), open the \(topics[(i / 3) % topics.count]) page and follow step \(i % 9 + 1)." }
}

/// Tool calling in Gemini's and Bedrock Converse's own terms.
@Suite struct NativeToolCallTests {
    typealias L = Lines
    static let chat = L.example(L.user(1), #"{"role":"assistant","content":"","tool_calls":[{"id":"abcDEF123","type":"function","function":{"name":"lookup","arguments":"{\"q\":\"x\"}"}}]}"#,
                                #"{"role":"tool","content":"{\"found\":true}","tool_call_id":"abcDEF123"}"#, L.user(2), L.assistant(2),
                                extra: #","tools":[{"type":"function","function":{"name":"lookup","description":"Look it up","parameters":{"type":"object","properties":{"q":{"type":["string","null"]}},"required":["q"]}}}]"#)

    private func export(_ lines: [String], _ target: String) -> CLIResult {
        let dir = TempDir()
        defer { dir.remove() }
        return runCLI(["export", dir.write("in.jsonl", lines.joined(separator: "\n") + "\n"), "--target", target, "--min-examples", "1"])
    }

    @Test func vertexWritesFunctionPartsAndDeclarations() {
        let v = export([Self.chat], "vertex")
        #expect(v.code == 0, "\(v.stderr)")
        #expect(v.stdout == #"{"contents":[{"role":"user","parts":[{"text":"Question number 1?"}]},{"role":"model","parts":[{"functionCall":{"name":"lookup","args":{"q":"x"}}}]},{"role":"user","parts":[{"functionResponse":{"name":"lookup","response":{"found":true}}},{"text":"Question number 2?"}]},{"role":"model","parts":[{"text":"Answer number 2."}]}],"tools":[{"functionDeclarations":[{"name":"lookup","description":"Look it up","parameters":{"type":"OBJECT","properties":{"q":{"type":"STRING","nullable":true}},"required":["q"]}}]}]}"# + "\n")
        // And back: the same conversation, with Gemini's lack of ids made up as call_1, call_2, …
        let back = export([String(v.stdout.dropLast())], "openai")
        #expect(back.stdout == Self.chat.replacingOccurrences(of: "abcDEF123", with: "call_1").replacingOccurrences(of: #"["string","null"]"#, with: #""string","nullable":true"#) + "\n")
        // A JSON Schema Gemini's Schema cannot hold goes to parametersJsonSchema as it is.
        let strict = Self.chat.replacingOccurrences(of: #""required":["q"]"#, with: #""required":["q"],"additionalProperties":false"#)
        #expect(export([strict], "vertex").stdout.contains(#""parametersJsonSchema":{"type":"object","properties":{"q":{"type":["string","null"]}},"required":["q"],"additionalProperties":false}"#))
        // Lower-case types in a Gemini record fail Google's strict parse: refused.
        let lower = #"{"contents":[{"role":"user","parts":[{"text":"Hi"}]},{"role":"model","parts":[{"text":"Hello."}]}],"tools":[{"functionDeclarations":[{"name":"f","parameters":{"type":"object"}}]}]}"#
        #expect(export([lower], "vertex").stderr.contains(#"invalid_tools: tools[0].functionDeclarations[0].parameters.type is "object"; Gemini's schema types are upper case"#))
    }

    @Test func novaTwoWritesToolUseAndNovaOneRefusesIt() {
        let n = export([Self.chat], "bedrock-nova-2")
        #expect(n.code == 0, "\(n.stderr)")
        #expect(n.stdout == #"{"schemaVersion":"bedrock-conversation-2024","system":[],"toolConfig":{"tools":[{"toolSpec":{"name":"lookup","description":"Look it up","inputSchema":{"json":{"type":"object","properties":{"q":{"type":["string","null"]}},"required":["q"]}}}}]},"messages":[{"role":"user","content":[{"text":"Question number 1?"}]},{"role":"assistant","content":[{"toolUse":{"toolUseId":"abcDEF123","name":"lookup","input":{"q":"x"}}}]},{"role":"user","content":[{"toolResult":{"toolUseId":"abcDEF123","content":[{"json":{"found":true}}]}},{"text":"Question number 2?"}]},{"role":"assistant","content":[{"text":"Answer number 2."}]}]}"# + "\n")
        #expect(export([String(n.stdout.dropLast())], "openai").stdout == Self.chat + "\n")
        let one = export([Self.chat], "bedrock-nova")
        #expect(one.code == 1 && one.stderr.contains("Nova Micro, Lite and Pro do not train on tool use; --target bedrock-nova-2 does"))
        // Nova 2 takes a file of tool examples or of plain ones, not both.
        let mixed = export([Self.chat, L.example(L.user(3), L.assistant(3))], "bedrock-nova-2")
        #expect(mixed.code == 1 && mixed.stderr.contains("error: inconsistent_tools: 1 of 2 examples in the output have tool calls (toolUse) (first: line 1)"))
    }
}
