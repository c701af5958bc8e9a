/// The last stage of `run --target`: makes `export --fix`'s safe repairs and
/// lets through only examples the target accepts, so `run`'s output passes
/// `validate --target` by construction. Refusals carry the target's rule code.
public struct TargetStage: RecordStage {
    public let name = "target"
    let checker: ExampleChecker
    let repairer: ExampleRepairer
    private var counts = ReasonCounts()
    public var changes: ReasonCounts { counts }

    /// A stage for `profile`, measuring with `model`'s tokenizer against the target's limit (or `maxTokens`).
    public init(profile: TargetProfile, model: FineTuneModel, accounting: ChatAccounting, maxTokens: Int? = nil) {
        checker = ExampleChecker(profile: profile, model: model, accounting: accounting, maxTokens: maxTokens)
        repairer = ExampleRepairer(profile: profile)
    }

    public func apply(_ c: Conversation, changes: inout ReasonCounts) -> StageResult {
        let (result, delta) = TargetStage.fit(c, checker: checker, repairer: repairer)
        changes.merge(delta)
        return result
    }

    public mutating func process(_ c: Conversation) -> StageResult { apply(c, changes: &counts) }

    public mutating func process(batch: [Conversation]) -> [StageResult] {
        let (results, repairs) = applyAll(batch)
        counts.merge(repairs)
        return results
    }

    static func fit(_ input: Conversation, checker: ExampleChecker, repairer: ExampleRepairer) -> (StageResult, ReasonCounts) {
        var c = input
        var counts = ReasonCounts()
        repairer.normalize(&c, counts: &counts)
        repairer.repair(&c, counts: &counts)
        let errors = ExampleChecker.refusals(checker.check(c, line: c.metadata.line ?? 0))
        if let first = errors.first {
            let target = checker.profile.name
            // The target's own check codes (ExampleChecker's) become the reason, as `validate` prints them.
            return (.drop(reason: RejectReason(rawValue: first.code), message: "\(target) would refuse it: " + errors.map(\.message).joined(separator: "; ")), ReasonCounts())
        }
        return (.keep(c), counts)
    }
}
