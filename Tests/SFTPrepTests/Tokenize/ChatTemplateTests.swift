import Foundation
import Testing
@testable import SFTPrep

@Suite struct ChatTemplateTests {
    private func render(_ template: String, _ variables: [String: JinjaValue] = [:]) throws -> String {
        try JinjaTemplate(template).render(variables, date: Date(timeIntervalSince1970: 1_733_443_200))  // 2024-12-06
    }

    /// The conversations of a fixture whose `expected_tokens` the counter does not give: (lines read, lines that differ).
    static func mismatches(_ counter: ChatTemplateCounter, _ fixture: String) throws -> (Int, [Int]) {
        let lines = try String(contentsOfFile: packageRoot + "/Tests/SFTPrepTests/Fixtures/" + fixture, encoding: .utf8).split(separator: "\n")
        var wrong: [Int] = []
        for (i, line) in lines.enumerated() {
            let o = try #require(try JSONParser.parse(String(line)).objectValue)
            let expected = try #require(o["expected_tokens"]?.doubleValue.map { Int($0) })
            let (c, _) = try JSONRecordMapper(forced: .openai).map(o, source: "", line: i + 1)
            if try counter.count(c) != expected { wrong.append(i) }
        }
        return (lines.count, wrong)
    }

    /// 200 conversations (with and without system prompts, several turns, tools, two calls and two
    /// results, CJK, emoji, quotes) with the count transformers 5.25 gives for Qwen 2.5
    /// (`apply_chat_template(messages, tools=tools, tokenize=True)`; reference/chat_template_eval.py).
    @Test func qwenChatCountsEqualApplyChatTemplate() throws {
        let qwen = try HFTokenizer.resolve("qwen2.5")
        let counter = try ChatTemplateCounter.load(tokenizerSpec: "qwen2.5", tokenizer: qwen, chatTemplate: nil, date: Date())
        let (lines, wrong) = try Self.mismatches(counter, "chat-template-qwen2.5.jsonl")
        #expect(lines == 200)
        #expect(wrong.isEmpty, "\(wrong.count) differ: \(wrong.prefix(5))")
        // The rendered text of a short example, exactly.
        let c = Conversation(messages: [.user("Hi"), .assistant("Hello!")])
        #expect(try counter.render(c) == "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello!<|im_end|>\n")
    }

    /// GPT-OSS by name, its template built in: 40 conversations (tools, two calls, CJK, emoji) with the count
    /// tiktoken's o200k_harmony gives for the template as transformers' Jinja renders it (gpt_oss_chat_eval.py).
    @Test func gptOSSChatCountsEqualTheReference() throws {
        let gpt = try HFTokenizer.resolve("gpt-oss")
        let counter = try ChatTemplateCounter.load(tokenizerSpec: "gpt-oss", tokenizer: gpt, chatTemplate: nil,
                                                   date: Date(timeIntervalSince1970: 1_796_515_200))  // 2026-12-06
        let (lines, wrong) = try Self.mismatches(counter, "chat-template-gpt-oss.jsonl")
        #expect(lines == 40)
        #expect(wrong.isEmpty, "\(wrong.count) differ: \(wrong.prefix(5))")
        #expect(try counter.render(Conversation(messages: [.user("Hi"), .assistant("Hello!")])).hasSuffix("<|start|>user<|message|>Hi<|end|><|start|>assistant<|channel|>final<|message|>Hello!<|return|>"))
    }

    /// `tokens --render`: the text the trainer tokenizes, one JSON string per example.
    @Test func tokensRenderPrintsTheTemplatesText() {
        let dir = TempDir()
        defer { dir.remove() }
        let input = dir.write("c.jsonl", #"{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello!"}]}"# + "\n")
        let r = runCLI(["tokens", input, "--tokenizer", "qwen2.5", "--render"])
        #expect(r.code == 0 && r.stdout == #""<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello!<|im_end|>\n""# + "\n", "\(r.stdout)")
        #expect(runCLI(["tokens", input, "--render"]).stderr.contains("--render shows the chat template's text: give --tokenizer, and no --field"))
    }

    /// What Llama 3.1–3.3, Gemma 4 and GPT-OSS templates use: comments holding quotes, `strftime_now is defined`,
    /// `range` with a negative step, `dictsort`.
    @Test func templateFeaturesOfLlamaGemmaAndGPTOSS() throws {
        #expect(try render("a{#- This means we're in ipython mode #}b") == "ab")
        #expect(try render("{% if strftime_now is defined %}{{ strftime_now('%d %b %Y') }}{% else %}26 Jul 2024{% endif %}") == "06 Dec 2024")
        #expect(try render("{% if nothing is defined %}x{% endif %}{{ raise_exception is defined }}") == "True")
        #expect(try render("{% for j in range(3, -1, -1) %}{{ j }}{% endfor %}|{{ range(0, 10, 4) | join(',') }}") == "3210|0,4,8")
        #expect(try render("{% for k, v in {'b': 1, 'A': 2, 'c': 3} | dictsort %}{{ k }}{{ v }}{% endfor %}") == "A2b1c3")
        #expect(throws: ChatTemplateError.self) { try render("{{ range(1, 5, 0) }}") }
    }

    /// Without tools, `tools` is None as transformers passes it: defined, and `none`.
    @Test func noToolsIsNoneNotUndefined() throws {
        let qwen = try HFTokenizer.resolve("qwen2.5")
        let counter = try ChatTemplateCounter(tokenizer: qwen, template: "{{ tools is none }}|{{ tools is defined }}")
        #expect(try counter.render(Conversation(messages: [.user("a"), .assistant("b")])) == "True|True")
    }

    @Test func whitespaceControlMatchesHuggingFacesJinjaSettings() throws {
        // trim_blocks: the newline after a block tag goes; lstrip_blocks: indentation before it goes.
        #expect(try render("{% if true %}\n    yes\n{% endif %}\nend") == "    yes\nend")
        #expect(try render("a  {%- if true -%}  b  {%- endif -%}  c") == "abc")
        #expect(try render("x\n    {% if true %}y{% endif %}") == "x\ny")
        #expect(try render("{{ 'a' }}\n{{ 'b' }}") == "a\nb")   // output tags keep their newline
        #expect(try render("{# note #}\ntext") == "text")
    }

    @Test func expressionsFiltersAndLoops() throws {
        let messages: JinjaValue = .list([.dict([("role", .string("user")), ("content", .string("Hi"))]),
                                          .dict([("role", .string("assistant")), ("content", .string("Yo"))])])
        #expect(try render("{% for m in messages %}{{ loop.index0 }}:{{ m.role }}={{ m['content'] }}{% if not loop.last %},{% endif %}{% endfor %}", ["messages": messages])
            == "0:user=Hi,1:assistant=Yo")
        #expect(try render("{{ messages[-1].content }}|{{ messages[::-1][0].role }}|{{ messages[1:] | length }}", ["messages": messages]) == "Yo|assistant|1")
        #expect(try render("{% set ns = namespace(n=0) %}{% for m in messages %}{% set ns.n = ns.n + 1 %}{% endfor %}{{ ns.n }}", ["messages": messages]) == "2")
        #expect(try render("{% set x = 1 %}{% for m in messages %}{% set x = 5 %}{% endfor %}{{ x }}", ["messages": messages]) == "1")  // loop scope
        #expect(try render(#"{{ {"a": [1, "é\n"], "b": none} | tojson }}"#) == #"{"a": [1, "é\n"], "b": null}"#)
        #expect(try render(#"{{ {"a": 1} | tojson(indent=2) }}"#) == "{\n  \"a\": 1\n}")
        #expect(try render("{{ x is defined }} {{ none is none }} {{ 'ab' in 'cab' }} {{ 3 if false else 4 }} {{ '  t ' | trim }}") == "False True True 4 t")
        #expect(try render("{{ ' a b '.strip().split(' ') | join('-') }} {{ 'Hi'.startswith('H') }}") == "a-b True")
        #expect(try render("{{ strftime_now('%d %b %Y') }}") == "06 Dec 2024")
        #expect(try render("{% macro greet(name, p='!') %}Hi {{ name }}{{ p }}{% endmacro %}{{ greet('Al') }}") == "Hi Al!")
        #expect(throws: ChatTemplateError.self) { try render("{{ raise_exception('Only user and assistant roles') }}") }
        #expect(throws: ChatTemplateError.self) { try render("{% if true %}unclosed") }
        #expect(throws: ChatTemplateError.self) { try render("{% for x in %}{% endfor %}") }
        #expect(throws: ChatTemplateError.self) { try render("{{ 'a' + 1 }}") }
    }

    @Test func tokensCommandCountsThroughTheTemplate() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let input = dir.write("c.jsonl", #"{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello!"}]}"# + "\n")
        let r = runCLI(["tokens", input, "--tokenizer", "qwen2.5"])
        let qwen = try HFTokenizer.resolve("qwen2.5")
        let expected = qwen.encode("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello!<|im_end|>\n").count
        #expect(r.code == 0 && r.stdout == "\(expected)\n", "\(r.stderr)")
        let broken = dir.write("t.jinja", "{{ raise_exception('no') }}")
        let failed = runCLI(["tokens", input, "--tokenizer", "qwen2.5", "--chat-template", broken])
        #expect(failed.code == 1 && failed.stdout == "null\n" && failed.stderr.contains(":1: the chat template failed: the template refused the example: no"))
    }

    @Test func statsAndRunCountInTheModelsOwnTokens() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let s = runCLI(["stats", packageRoot + "/SampleData/openai/helpdesk_messy.jsonl", "--tokenizer", "qwen2.5", "--max-tokens", "60", "--price", "2", "--epochs", "2"])
        #expect(s.code == 0, "\(s.stderr)")
        #expect(s.stdout.hasPrefix("Dataset (qwen2.5 tokenizer and chat template, exact)\n  examples            10\n"))
        #expect(s.stdout.contains("over --max-tokens") && s.stdout.contains("  epochs              2\n"))
        // run fits to the model's own count: every train example, counted as the trainer counts, fits.
        let r = runCLI(["run", packageRoot + "/SampleData", "--out", dir.path + "/out", "--assistant", "Acme Support",
                        "--max-tokens", "120", "--fit", "trim-oldest", "--tokenizer", "qwen2.5", "-q"])
        #expect(r.code == 0, "\(r.stderr)")
        let counts = runCLI(["tokens", dir.path + "/out/train.jsonl", "--tokenizer", "qwen2.5"]).stdout.split(separator: "\n").compactMap { Int($0) }
        #expect(!counts.isEmpty && counts.allSatisfy { $0 <= 120 })
        // The report's statistics are the open model's: the same counts, and no OpenAI cost.
        let report = try #require(try JSONParser.parse(Array(dir.read("out/report.json").utf8)).objectValue)
        let tokens = try #require(report["tokens"]?.objectValue)
        #expect(tokens["tokenizer"] == .string("qwen2.5 with its chat template") && tokens["max_example_tokens"] == .number("120"))
        #expect(tokens["tokens"]?.objectValue?["total"]?.doubleValue.map { Int($0) } == counts.reduce(0, +))
        #expect(report["cost"] == .array([]))
        #expect(dir.read("out/report.html").contains("tokens per example (qwen2.5 with its chat template, train.jsonl)"))
        #expect(runCLI(["run", packageRoot + "/SampleData", "--out", dir.path + "/x", "--tokenizer", "qwen2.5"]).stderr.contains("--tokenizer counts for --max-tokens"))
    }

    @Test func validateCountsInTheModelsOwnTokens() throws {
        let qwen = try HFTokenizer.resolve("qwen2.5")
        let counter = try ChatTemplateCounter.load(tokenizerSpec: "qwen2.5", tokenizer: qwen, chatTemplate: nil, date: Date())
        let dir = TempDir()
        defer { dir.remove() }
        let short = #"{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello!"}]}"#
        let long = #"{"messages":[{"role":"user","content":"Tell me everything about the plan"},{"role":"assistant","content":"\#(String(repeating: "The plan includes support. ", count: 8))"}]}"#
        let path = dir.write("v.jsonl", short + "\n" + long + "\n")
        let (c, _) = try JSONRecordMapper(forced: .openai).map(try #require(try JSONParser.parse(long).objectValue), source: "", line: 2)
        let own = try counter.count(c)
        let limit = own - 1
        let trl = runCLI(["validate", path, "--tokenizer", "qwen2.5", "--max-length", String(limit), "--target", "trl", "--min-examples", "1"])
        #expect(trl.code == 0 && trl.stdout.contains("v.jsonl:2: warning: too_long: \(own) tokens (qwen2.5 with its chat template), over the maximum length \(limit)"))
        let together = runCLI(["validate", path, "--tokenizer", "qwen2.5", "--max-tokens", String(limit), "--target", "together"])
        #expect(together.code == 1 && together.stdout.contains("v.jsonl:2: error: too_long: \(own) tokens"))
        #expect(runCLI(["validate", path, "--tokenizer", "qwen2.5", "--max-tokens", String(own), "--target", "together"]).code == 0)
    }

    /// A registry entry (`--models FILE`) that names its tokenizer: `--model` then counts in that model's own
    /// tokens, with the entry's maximum length and price, in stats, tokens and run.
    @Test func aRegistryEntryNamesItsTokenizer() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let models = dir.write("models.json", #"{"models": [{"id": "qwen2.5-7b-instruct", "tokenizer": "qwen2.5", "max_example_tokens": 60, "training_usd_per_1m": 2}]}"#)
        let data = packageRoot + "/SampleData/openai/helpdesk_messy.jsonl"
        let byModel = runCLI(["stats", data, "--models", models, "--model", "qwen2.5-7b-instruct", "--epochs", "2"])
        let byHand = runCLI(["stats", data, "--tokenizer", "qwen2.5", "--max-tokens", "60", "--price", "2", "--epochs", "2"])
        #expect(byModel.code == 0 && byModel.stdout == byHand.stdout, "\(byModel.stderr)")
        #expect(byModel.stdout.contains("over --max-tokens") && byModel.stdout.contains(" at $2.00 per 1M tokens"))
        #expect(runCLI(["tokens", data, "--models", models, "--model", "qwen2.5-7b-instruct"]).stdout == runCLI(["tokens", data, "--tokenizer", "qwen2.5"]).stdout)
        let r = runCLI(["run", packageRoot + "/SampleData", "--out", dir.path + "/out", "--assistant", "Acme Support", "--models", models, "--model", "qwen2.5-7b-instruct", "-q"])
        #expect(r.code == 0, "\(r.stderr)")
        let report = try #require(try JSONParser.parse(Array(dir.read("out/report.json").utf8)).objectValue)
        #expect(report["tokens"]?.objectValue?["tokenizer"] == .string("qwen2.5 with its chat template"))
        #expect(report["tokens"]?.objectValue?["max_example_tokens"] == .number("60"))
        // An entry needs an encoding or a tokenizer.
        let bad = dir.write("bad.json", #"{"models": [{"id": "x", "max_example_tokens": 60, "training_usd_per_1m": 2}]}"#)
        #expect(runCLI(["stats", data, "--models", bad, "--model", "x"]).stderr.contains("models[0] needs id, encoding (o200k_base or cl100k_base) or tokenizer"))
    }
}
