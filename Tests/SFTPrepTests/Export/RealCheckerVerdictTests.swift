import Foundation
import Testing
@testable import SFTPrep

/// One-record case files (padded to the target's minimum file size) with the
/// verdicts of each target's own checker, recorded by
/// `Sources/sftprep-bench/reference/targets_eval.py run … --write-verdicts`
/// (the providers' own checkers, run outside the repository: OpenAI's cookbook checks,
/// together 2.14.0, mistral-finetune with mistral-common 1.5.4, the Bedrock
/// Claude sample validator, amzn-nova-forge 1.4.10 for Nova 1 and Nova 2 Lite
/// (`targets_eval.py nova2`), aiplatform's protobuf types, axolotl 0.19.0's
/// 36 chat templates). `validate --target` must give the
/// same verdict on every file but the deliberate exceptions below.
@Suite struct RealCheckerVerdictTests {
    static let root = packageRoot + "/Tests/SFTPrepTests/Fixtures/targets"

    /// Where sftprep is stricter than the checker on purpose, and why.
    static let deliberate: [String: String] = [
        "openai/special_token": "OpenAI's service rejects special-token strings; the cookbook checks do not look",
        "trl/weight_zero_assistant": "TRL ignores weight and would train on the turn the user excluded",
        "axolotl/weight_zero_assistant": "axolotl ignores weight unless the data says \"training\": false (export --fix writes it)",
        "bedrock-nova-2/too_few_lines": "the Nova SDK counts rows (200 to 20,000 for Nova 2 Lite) in its training pre-flight, not in SFTDatasetValidator.validate",
    ]

    @Test func validateAgreesWithEachTargetsOwnChecker() throws {
        let verdicts = try #require(try JSONParser.parse(Array(Data(contentsOf: URL(fileURLWithPath: Self.root + "/verdicts.json")))).objectValue)
        let model = try ModelRegistry.load().require("gpt-4o-mini")
        var checked = 0
        var disagreements: [String] = []
        for target in verdicts {
            let profile = try TargetProfile.named(target.key)
            var options = UploadValidator.Options(model: model)
            options.profile = profile
            for c in try #require(target.value.objectValue) {
                let real = try #require(c.value.objectValue?["real"]?.boolValue)
                let report = try UploadValidator(options: options).validate(path: "\(Self.root)/\(target.key)/\(c.key).jsonl")
                checked += 1
                let key = "\(target.key)/\(c.key)"
                if report.ok == real { continue }
                if !real || Self.deliberate[key] == nil {
                    disagreements.append("\(key): checker \(real ? "passes" : "fails") (\(c.value.objectValue?["why"]?.stringValue ?? "")), sftprep \(report.ok ? "passes" : "fails: \(report.errors.map(\.code))")")
                }
            }
        }
        #expect(checked == 198)
        #expect(disagreements == [])
        // The deliberate exceptions are still exceptions: sftprep refuses, the checker passes.
        for key in Self.deliberate.keys.sorted() {
            var options = UploadValidator.Options(model: model)
            options.profile = try TargetProfile.named(String(key.split(separator: "/")[0]))
            #expect(try !UploadValidator(options: options).validate(path: "\(Self.root)/\(key).jsonl").ok, "\(key)")
        }
    }
}

@Suite struct TargetRuleTableTests {
    /// The guide's table is the profiles': change a profile and this fails until the page is regenerated.
    @Test func guideHoldsTheTableTheProfilesMake() throws {
        let readme = try String(contentsOfFile: packageRoot + "/docs/guide/targets.md", encoding: .utf8)
        let begin = try #require(readme.range(of: "<!-- targets-table:begin -->\n"))
        let end = try #require(readme.range(of: "<!-- targets-table:end -->"))
        #expect(String(readme[begin.upperBound..<end.lowerBound]) == TargetRuleTable.markdown(),
                "regenerate it: swift run sftprep-bench targets-table")
        let table = TargetRuleTable.markdown()
        #expect(table.contains("| `weight: 0` on an assistant turn (`weight_unsupported`) | kept | kept | kept | kept | kept | E; `--fix` cuts untrained turns at the end |"))
        #expect(table.contains("| examples per file (`too_few_examples`, `too_many_examples`; `run` sizes its split) | ≥ 10 | ≥ 10 | ≥ 1 | 3 – 3,000,000 | ≥ 1 | 32 – 10,000 | 8 – 20,000 |"))
    }
}
