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
        for section in ["Records through the stages", "Why records were dropped or rejected", "Example length (tokens)", "Split", "Redaction", "Training cost", "Inputs"] {
            #expect(html.contains("<h2>\(section)"), "missing section \(section)")
        }
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
        #expect(html.contains("1 examples exceed the limit and would be cut off: x:3"))
    }
}
