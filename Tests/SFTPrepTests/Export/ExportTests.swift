import Foundation
import Testing
@testable import SFTPrep

@Suite struct ExportTests {
    typealias L = Lines

    /// Lines that break rules of one target or another, but that --fix can repair (or drop) for every target.
    static let messy: [String] = L.clean(12) + [
        L.example(L.user(1), L.user(11), L.assistant(1), extra: #","id":"m-1","category":"billing""#),
        L.example(L.system(2), L.user(2), L.assistant(2), L.user(22)),
        L.example(L.user(3), #"{"role":"assistant","tool_calls":[{"id":"call_x","type":"function","function":{"name":"lookup","arguments":{"q":"x"}}}]}"#,
                  #"{"role":"tool","content":"found","tool_call_id":"call_x"}"#, L.assistant(3), extra: L.tools),
        #"{"conversations":[{"from":"human","value":"Question four?"},{"from":"gpt","value":"Answer four."}]}"#,
        L.example(L.user(5), L.assistant(5), L.system(5), L.user(55), L.assistant(55)),
    ]

    private func cli(_ args: [String]) -> CLIResult { runCLI(args) }

    @Test func fixedExportPassesValidateForEveryTarget() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let input = dir.write("messy.jsonl", Self.messy.joined(separator: "\n") + "\n")
        for target in TargetProfile.all {
            let out = dir.path + "/\(target.name).jsonl"
            // Bedrock's minimum file sizes (32, 8) are tested on their own below.
            let e = cli(["export", input, "--target", target.name, "--fix", "-o", out, "--rejects", dir.path + "/\(target.name).rejects.jsonl", "--min-examples", "1"])
            if target.toolUseInAllOrNone {
                // Nova 2 takes all tool examples or none in a file; the messy file has one: a whole-file error, said by both.
                #expect(e.code == 1 && e.stderr.contains("error: inconsistent_tools: 1 of 16 examples in the output have tool calls"), "\(e.stderr)")
                #expect(cli(["validate", out, "--target", target.name, "--min-examples", "1"]).stdout.contains("error: inconsistent_tools"))
            } else {
                #expect(e.code == 0, "\(target.name): \(e.stderr)")
                let v = cli(["validate", out, "--target", target.name, "--min-examples", "1"])
                #expect(v.code == 0, "\(target.name): \(v.stdout)")
                #expect(!v.stdout.contains(": error:"), "\(target.name): \(v.stdout)")
            }
            // Every input line is written or rejected with a reason.
            let written = try jsonLines(dir.read("\(target.name).jsonl").replacingOccurrences(of: "\u{FEFF}", with: "")).count
            let rejected = try jsonLines(dir.read("\(target.name).rejects.jsonl"))
            #expect(written + rejected.count == Self.messy.count, "\(target.name)")
            for r in rejected { #expect(r.objectValue?["reason"]?.stringValue?.isEmpty == false) }
        }
        // The mid-conversation system prompt cannot be moved safely: fireworks drops it, openai keeps it.
        #expect(try jsonLines(dir.read("fireworks.rejects.jsonl")).compactMap { $0.objectValue?["reason"]?.stringValue } == ["system_not_first"])
        #expect(try jsonLines(dir.read("openai.rejects.jsonl")).isEmpty)
        #expect(try jsonLines(dir.read("bedrock.rejects.jsonl")).compactMap { $0.objectValue?["reason"]?.stringValue } == ["tools_unsupported", "system_not_first"])
        // Chat templates refuse a mid-conversation system prompt as well (roles must alternate).
        #expect(try jsonLines(dir.read("trl.rejects.jsonl")).compactMap { $0.objectValue?["reason"]?.stringValue } == ["system_not_first"])
    }

    @Test func withoutFixBrokenExamplesAreRefusedWithTheirLineAndNothingIsChanged() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let input = dir.write("messy.jsonl", Self.messy.joined(separator: "\n") + "\n")
        let e = cli(["export", input, "--target", "trl", "-o", dir.path + "/t.jsonl", "--rejects", dir.path + "/r.jsonl"])
        #expect(e.code == 1)
        #expect(e.stderr.contains("messy.jsonl:13: error: consecutive_same_role: messages[0] and messages[1] are both user; trl needs roles to alternate"))
        #expect(e.stderr.contains("messy.jsonl:16: error: missing_messages"))
        #expect(e.stderr.contains("rerun with --fix"))
        // The refused lines (13: same role twice, 15: arguments as an object, 16: ShareGPT, 17: a system prompt mid-way)
        // are absent; everything else is byte-for-byte the input.
        let written = dir.read("t.jsonl").split(separator: "\n").map(String.init)
        #expect(written == Array(Self.messy.prefix(12)) + [Self.messy[13]])
        #expect(try jsonLines(dir.read("r.jsonl")).compactMap { $0.objectValue?["line"]?.scalarText } == ["13", "15", "16", "17"])
    }

    @Test func fixRepairsAreExactAndCounted() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let legacy = #"{"messages":[{"role":"user","content":"Weather in Oslo?"},{"role":"assistant","content":null,"function_call":{"name":"get_weather","arguments":{"city":"Oslo"}}},{"role":"function","name":"get_weather","content":"{\"temp\":3}"},{"role":"assistant","content":"It is 3 °C in Oslo."}],"functions":[{"name":"get_weather","description":"Weather by city","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}],"id":"w1"}"#
        let sharegpt = #"{"conversations":[{"from":"human","value":"Hi"},{"from":"human","value":"Anyone there?"},{"from":"gpt","value":"Hello! How can I help?"},{"from":"human","value":"Thanks"}]}"#
        let input = dir.write("in.jsonl", legacy + "\n" + sharegpt + "\n")
        let e = cli(["export", input, "--target", "mistral", "--fix", "--min-examples", "1"])
        #expect(e.code == 0)
        #expect(e.stderr == "sftprep: export: 2 read, 2 written for mistral (standard output); repaired: arguments_to_string 1, converted_from_sharegpt 1, dropped_key 1, legacy_function_call 1, legacy_function_result 1, legacy_functions 1, trimmed_trailing_turns 1\n")
        let lines = try jsonLines(e.stdout)
        let messages = try #require(lines[0].objectValue?["messages"]?.arrayValue)
        let call = try #require(messages[1].objectValue?["tool_calls"]?.arrayValue?.first?.objectValue)
        let id = try #require(call["id"]?.stringValue)
        #expect(TargetRules.isAlphanumeric(id, length: 9))
        #expect(call["function"]?.objectValue?["arguments"] == .string(#"{"city":"Oslo"}"#))
        #expect(messages[2] == .object(JSONObject([JSONMember("role", .string("tool")), JSONMember("content", .string(#"{"temp":3}"#)), JSONMember("tool_call_id", .string(id))])))
        #expect(lines[0].objectValue?["tools"]?.arrayValue?.first?.objectValue?["type"] == .string("function"))
        #expect(lines[0].objectValue?["id"] == nil)
        // Mistral allows user after user: the ShareGPT turns are converted and the unanswered one trimmed, not merged.
        #expect(e.stdout.split(separator: "\n")[1] == #"{"messages":[{"role":"user","content":"Hi"},{"role":"user","content":"Anyone there?"},{"role":"assistant","content":"Hello! How can I help?"}]}"#)
        // Chat templates need roles to alternate (TRL): merged.
        let t = cli(["export", input, "--target", "trl", "--fix"])
        #expect(t.stdout.split(separator: "\n")[1] == #"{"messages":[{"role":"user","content":"Hi\nAnyone there?"},{"role":"assistant","content":"Hello! How can I help?"}]}"#)
        #expect(t.stderr.contains("merged_turns 1"))
        // With --fix a dropped example is not a failure: --quiet prints nothing (the reasons are in --rejects).
        let broken = dir.write("broken.jsonl", Lines.clean(10).joined(separator: "\n") + "\n{\"messages\": [\n")
        let q = cli(["export", broken, "--target", "openai", "--fix", "-q"])
        #expect(q.code == 0 && q.stderr.isEmpty, "\(q.stderr)")
        let loud = cli(["export", broken, "--target", "openai", "-q"])
        #expect(loud.code == 1 && loud.stderr.contains("broken.jsonl:11: error: invalid_json"))
        // Deterministic: the same input gives the same ids.
        #expect(cli(["export", input, "--target", "mistral", "--fix"]).stdout == e.stdout)
    }

    @Test func roundTripsThroughVertexAndBedrockPreserveTheConversation() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let original = [
            L.example(L.system(1), L.user(1), L.assistant(1), L.user(11), L.assistant(11)),
            L.example(L.user(2), #"{"role":"assistant","content":"Line one\nline \"two\" — ünïcödé 🚀"}"#),
        ].joined(separator: "\n") + "\n"
        let input = dir.write("chat.jsonl", original)
        for target in ["vertex", "bedrock", "bedrock-nova"] {
            let native = dir.path + "/\(target).jsonl"
            #expect(cli(["export", input, "--target", target, "-o", native, "--min-examples", "1"]).code == 0)
            #expect(cli(["validate", native, "--target", target, "--min-examples", "1"]).code == 0)
            let back = cli(["export", native, "--target", "openai", "--min-examples", "1"])
            #expect(back.code == 0)
            #expect(back.stdout == original, "\(target)")
        }
        #expect(dir.read("vertex.jsonl").hasPrefix(#"{"systemInstruction":{"parts":[{"text":"System prompt 1."}]},"contents":[{"role":"user","parts":[{"text":"Question number 1?"}]},{"role":"model","parts":[{"text":"Answer number 1."}]}"#))
        #expect(dir.read("bedrock.jsonl").hasPrefix(#"{"system":"System prompt 1.","messages":[{"role":"user","content":"Question number 1?"},{"role":"assistant","content":"Answer number 1."}"#))
        #expect(dir.read("bedrock-nova.jsonl").hasPrefix(#"{"schemaVersion":"bedrock-conversation-2024","system":[{"text":"System prompt 1."}],"messages":[{"role":"user","content":[{"text":"Question number 1?"}]}"#))
    }

    @Test func byteOrderMarkAndBlankLinesFollowTheTarget() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let input = dir.write("in.jsonl", bytes: [0xEF, 0xBB, 0xBF] + Array((L.clean(10).joined(separator: "\n\n") + "\n").utf8))
        // Azure's upload takes a file without a byte-order mark, and the cookbook loader its tutorial uses fails on one: none is written.
        let azure = cli(["export", input, "--target", "azure-openai", "-o", dir.path + "/a.jsonl"])
        #expect(azure.code == 0)
        #expect(azure.stderr.contains("9 blank lines removed"))
        #expect(dir.read("a.jsonl") == L.clean(10).joined(separator: "\n") + "\n")
        #expect(cli(["validate", input, "--target", "azure-openai"]).code == 1)   // the blank lines
        let bomOnly = dir.write("bom.jsonl", bytes: [0xEF, 0xBB, 0xBF] + Array((L.clean(10).joined(separator: "\n") + "\n").utf8))
        let v = cli(["validate", bomOnly, "--target", "azure-openai"])
        #expect(v.code == 0 && v.stdout.contains("warning: bom"))
        #expect(cli(["validate", bomOnly, "--target", "openai"]).code == 1)
        #expect(cli(["export", input, "--target", "together", "-o", dir.path + "/t.jsonl"]).code == 0)
        #expect(dir.read("t.jsonl") == L.clean(10).joined(separator: "\n") + "\n")
        #expect(cli(["validate", input, "--target", "together"]).code == 1)
        #expect(cli(["validate", dir.path + "/t.jsonl", "--target", "together"]).code == 0)
    }

    @Test func exportRefusesToOverwriteItsInputOrAnExistingFile() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let input = dir.write("in.jsonl", L.clean(10).joined(separator: "\n") + "\n")
        let same = cli(["export", input, "--target", "openai", "-o", input])
        #expect(same.code == 2)
        #expect(same.stderr.contains("is the input file"))
        _ = dir.write("exists.jsonl", "x\n")
        #expect(cli(["export", input, "--target", "openai", "-o", dir.path + "/exists.jsonl"]).code == 2)
        #expect(cli(["export", input, "--target", "openai", "-o", dir.path + "/exists.jsonl", "--force"]).code == 0)
        #expect(cli(["export", input]).stderr.contains("export needs --target NAME"))
        #expect(cli(["export", input, "--target", "openai", "-o", dir.path]).stderr.contains("is a directory; name a file"))
        #expect(cli(["export", input, "--target", "openai", "-o", "/dev/null"]).code == 0)
    }

    @Test func binariesAndEmptyFilesAreNamedNotExported() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let binary = dir.write("model.jsonl", bytes: [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00] + Array(repeating: 0x41, count: 100))
        let e = cli(["export", binary, "--target", "together"])
        #expect(e.code == 1)
        #expect(e.stderr == "sftprep: error: \(binary): not JSON Lines: a binary file (contains NUL bytes); nothing exported\n")
        let v = cli(["validate", binary, "--target", "together"])
        #expect(v.code == 1)
        #expect(v.stdout.hasPrefix("\(binary): error: not_text: not JSON Lines: a binary file (contains NUL bytes)\n"))
        let empty = dir.write("empty.jsonl", "")
        let x = cli(["export", empty, "--target", "mistral"])
        #expect(x.code == 1)
        #expect(x.stderr.contains("too_few_examples: 0 examples written; mistral needs at least 1"))
    }

    @Test func runWithATargetWritesFilesThatPassValidate() throws {
        let dir = TempDir()
        defer { dir.remove() }
        for target in ["mistral", "bedrock", "vertex", "azure-openai"] {
            let out = dir.path + "/\(target)"
            let r = cli(["run", packageRoot + "/SampleData", "--out", out, "--assistant", "Acme Support", "--target", target, "-q"])
            #expect(r.code == 0, "\(target): \(r.stderr)")
            for file in ["train.jsonl", "validation.jsonl"] {
                let v = cli(["validate", out + "/" + file, "--target", target, "--min-examples", "1"])
                #expect(v.code == 0, "\(target) \(file): \(v.stdout)")
            }
            let report = try #require(try JSONParser.parse(dir.read("\(target)/report.json")).objectValue)
            #expect(report["target"] == .string(target))
            #expect(report["totals"]?.objectValue?["balanced"] == .bool(true))
        }
        // The sample's tool-calling example cannot be expressed for Bedrock: dropped with the rule's code.
        let rejects = try jsonLines(dir.read("bedrock/rejects.jsonl"))
        #expect(rejects.contains { $0.objectValue?["stage"] == .string("target") && $0.objectValue?["reason"] == .string("tools_unsupported") })
        #expect(cli(["run", packageRoot + "/SampleData/openai", "--out", dir.path + "/x", "--target", "together", "--keep-metadata"]).code == 2)
        #expect(cli(["run", packageRoot + "/SampleData/openai", "--out", dir.path + "/x", "--target", "vertex", "--keep-metadata"]).code == 2)
        // OpenAI's format is the default output's: metadata may travel with it (a warning for validate, not an error).
        let kept = cli(["run", packageRoot + "/SampleData/openai", "--out", dir.path + "/openai-meta", "--target", "openai", "--keep-metadata", "-q"])
        #expect(kept.code == 0, "\(kept.stderr)")
        let first = try #require(try jsonLines(dir.read("openai-meta/train.jsonl")).first?.objectValue)
        #expect(first["metadata"]?.objectValue?["source"] != nil)
        #expect(cli(["validate", dir.path + "/openai-meta/train.jsonl", "--target", "openai"]).code == 0)
    }
}

@Suite struct TargetCostTests {
    @Test func togetherProcessedTokensAndBracketPrice() throws {
        var x = TargetCost.Inputs(trainTokens: 1_000_000)
        x.epochs = 3
        x.validationTokens = 100_000
        x.evaluations = 2
        let lines = try #require(TargetCost.estimate(.together, x))
        #expect(lines.map(\.key) == ["tokens_processed", "price_usd_per_1m", "estimated_cost_usd"])
        #expect(lines.map(\.value) == [.number("3200000"), .number("0.48"), .number("1.54")])
        x.modelSizeB = 70
        x.fullFineTuning = true
        #expect(TargetCost.estimate(.together, x)?.last?.value == .number("10.24"))
        x.price = 1
        #expect(TargetCost.estimate(.together, x)?.last?.value == .number("3.2"))
    }

    @Test func mistralTrainingTimeFollowsMistralFinetune() throws {
        let lines = try #require(TargetCost.estimate(.mistral, TargetCost.Inputs(trainTokens: 10_000_000)))
        // steps = int(10,000,000 / (32,768 × 8) × 3) = 114; seconds = 114 × 262,144 / 8 / wps + 300.
        #expect(lines.first { $0.key == "max_steps" }?.value == .number("114"))
        #expect(lines.first { $0.key == "eta_seconds_open-mistral-7b" }?.value == .number("953"))
        #expect(lines.first { $0.key == "eta_seconds_open-mixtral-8x22b" }?.value == .number("4009"))
        #expect(lines.first { $0.key == "eta_seconds_open-mistral-7b" }?.text.hasPrefix("training time     00:15:53 on 8 H100s") == true)
    }

    @Test func othersGiveTokensAndLeaveThePriceToTheUser() throws {
        #expect(TargetCost.estimate(.openai, TargetCost.Inputs(trainTokens: 5)) == nil)
        let lines = try #require(TargetCost.estimate(.vertex, TargetCost.Inputs(trainTokens: 2_000_000)))
        #expect(lines.map(\.value) == [.number("2000000"), .null])
        var x = TargetCost.Inputs(trainTokens: 2_000_000)
        x.price = 2
        x.epochs = 2
        #expect(TargetCost.estimate(.fireworks, x)?.last?.value == .number("8.0"))
        let dir = TempDir()
        defer { dir.remove() }
        let path = dir.write("d.jsonl", Lines.clean(3).joined(separator: "\n") + "\n")
        let r = runCLI(["stats", path, "--target", "together", "--json"])
        #expect(r.code == 0)
        #expect(try JSONParser.parse(r.stdout).objectValue?["target_cost"]?.objectValue?["target"] == .string("together"))
    }
}
