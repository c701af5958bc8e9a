/// What a stage decided about one conversation.
public enum StageResult: Equatable, Sendable {
    /// Keep the conversation, possibly changed.
    case keep(Conversation)
    /// Drop it: a stable reason code and a message for people.
    case drop(reason: RejectReason, message: String)
}

/// One step of the pipeline: looks at a conversation and keeps (maybe changes) or drops it.
///
/// Stages are small values with one job each. The pipeline hands them batches
/// in input order; a stage that looks at one record at a time may work on a
/// batch in parallel (``ParallelMap``) as long as results come back in order.
public protocol Stage {
    /// The name used in reports and `rejects.jsonl` (`clean`, `dedup`, `check`, …).
    var name: String { get }
    /// What the stage changed, by kind (`html`, `merged_turns`, …), for the report.
    var changes: ReasonCounts { get }
    mutating func process(_ conversation: Conversation) throws -> StageResult
    /// Processes a batch; results are in the batch's order.
    mutating func process(batch: [Conversation]) throws -> [StageResult]
}

extension Stage {
    public var changes: ReasonCounts { ReasonCounts() }

    public mutating func process(batch: [Conversation]) throws -> [StageResult] {
        var out: [StageResult] = []
        out.reserveCapacity(batch.count)
        for c in batch { out.append(try process(c)) }
        return out
    }
}
