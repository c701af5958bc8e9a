/// A stage that decides about each conversation on its own (clean, redact,
/// check, target). ``BatchEngine`` may call it on any core, fused with its
/// neighbours in one pass over a batch, because nothing it does depends on
/// other conversations.
public protocol RecordStage: Stage, Sendable {
    /// Keeps (maybe changed) or drops `c`, adding what it changed to `changes`.
    /// Safe to call from several threads at once.
    func apply(_ c: Conversation, changes: inout ReasonCounts) -> StageResult
}

extension RecordStage {
    /// ``apply(_:changes:)`` over a batch on all cores: results in batch order, changes summed.
    func applyAll(_ batch: [Conversation]) -> (results: [StageResult], changes: ReasonCounts) {
        let parts = ParallelMap.map(batch.count) { i -> (StageResult, ReasonCounts) in
            var changes = ReasonCounts()
            return (apply(batch[i], changes: &changes), changes)
        }
        var changes = ReasonCounts()
        for p in parts { changes.merge(p.1) }
        return (parts.map(\.0), changes)
    }
}

/// A stage whose decision about a conversation depends on the ones before it
/// (dedup): the per-conversation half runs on any core, the decision on one
/// thread in input order, so results never depend on the thread count.
protocol OrderedStage: Stage {
    associatedtype Prepared
    /// The per-conversation half, taken once and safe to call from any thread while `decide` runs.
    func makePreparer() -> @Sendable (Conversation) -> Prepared
    /// Decides about `c` given what the preparer computed for it; called in input order.
    mutating func decide(_ c: Conversation, _ prepared: Prepared) -> StageResult
}
