/// A stage that decides about each conversation on its own (clean, redact,
/// check, target). ``BatchEngine`` may call it on any core, fused with its
/// neighbours in one pass over a batch, because nothing it does depends on
/// other conversations.
public protocol RecordStage: Stage, Sendable {
    /// Keeps (maybe changed) or drops `c`, adding what it changed to `changes`.
    /// Safe to call from several threads at once.
    func apply(_ c: Conversation, changes: inout ReasonCounts) -> StageResult
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
