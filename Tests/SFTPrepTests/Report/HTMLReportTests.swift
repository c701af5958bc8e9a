import Foundation
import Testing
@testable import SFTPrep

@Suite struct HTMLReportTests {
    @Test func runWritesASelfContainedReportWithEverySection() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let r = runCLI(["run", packageRoot + "/SampleData", "--out", dir.path + "/out", "--assistant", "Acme Support", "-q"])
        #expect(r.code == 0)
        let html = dir.read("out/report.html")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for section in ["Records through the stages", "Why records were dropped or rejected", "Samples of dropped and rejected records",
                        "Example length (tokens)", "Train and validation", "Split", "Cleaning", "Redaction", "Training cost",
                        "Inputs: read → written, by file"] {
            #expect(html.contains("<h2>\(section)"), "missing section \(section)")
        }
        // The command, when, and the settings that decide the output.
        #expect(html.contains("<code>sftprep run \(packageRoot)/SampleData --out \(dir.path)/out --assistant &#39;Acme Support&#39; -q</code>")
                || html.contains("<code>sftprep run \(packageRoot)/SampleData --out \(dir.path)/out --assistant 'Acme Support' -q</code>"))
        #expect(html.contains("<span>seed:</span> 0") && html.contains("<span>validation:</span> 10.0%") && html.contains("<span>started:</span> 20"))
        // Samples: the first rejects of a reason, with where they came from and the filter for the rest.
        #expect(html.contains("<code>jq -c &#39;select(.reason == &quot;exact_duplicate&quot;)&#39; rejects.jsonl</code>")
                || html.contains("<code>jq -c 'select(.reason == &quot;exact_duplicate&quot;)' rejects.jsonl</code>"))
        #expect(html.contains("faq_examples.csv:10</td>"))
        // Cleaning and redaction excerpts; personal data shows masked or as placeholders, never as it was.
        #expect(html.contains("<td><code>html</code></td>"))
        #expect(html.contains("[EMAIL]"))
        #expect(!html.contains("tom.becker@example.org"))
        #expect(html.contains("tom.••••••@•••••••.org"))
        // Every model of the registry has a cost row, the cl100k_base ones too.
        for m in try ModelRegistry.load().models { #expect(html.contains("<td>\(m.id)</td>"), "no cost row for \(m.id)") }
        // Offline and script-free: no scripts, no external resources.
        #expect(!html.contains("<script"))
        #expect(!html.contains("src=") && !html.contains("href="))
        #expect(html.contains("every record accounted for"))
    }

    @Test func textIsEscapedAndTheLimitIsMarkedWhenInRange() {
        var r = RunReport()
        r.inputs = [RunReport.Input(read: InputReport(path: "a<b>&\"c\".jsonl", format: "openai"))]
        r.model = FineTuneModel(id: "tiny", aliases: [], provider: "", encoding: .o200kBase, maxExampleTokens: 100, trainingUSDPer1M: 1, seen: "2026-01", source: "")
        r.registry = try? ModelRegistry.load()
        r.trainTokens = DatasetStatistics(examples: 3, messages: 6, tokens: [20, 90, 150], trainedTokens: 10, locations: ["x:1", "x:2", "x:3"])
        let html = HTMLReport.render(r)
        #expect(html.contains("a&lt;b&gt;&amp;&quot;c&quot;.jsonl"))
        #expect(html.contains("limit 100"))
        #expect(html.contains("1 example exceeds the limit and would be cut off: x:3"))
        #expect(!html.contains("examples exceed"))
    }
}
