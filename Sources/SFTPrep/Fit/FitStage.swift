/// `fit`: what to do with an example longer than the trainer's maximum length
/// (`--max-tokens N`). A trainer cuts such an example at the end, usually through
/// the answer, so it never trains on it as written.
///
/// - `drop`: the example goes to the rejects (`too_long`) with its token count.
/// - `trim-oldest`: whole exchanges (a user turn and the replies and tool
///   results after it) are removed from the start, after the system prompt,
///   until the example fits. A message is never cut, and the last exchange,
///   which holds the last assistant turn, is never removed: an example whose
///   last exchange alone does not fit is dropped as `too_long`.
///
/// Counts come from the run's model tokenizer with its chat accounting (the
/// count the report and `validate` use), or with `--tokenizer` from the open
/// model's own tokenizer and chat template, as its trainer counts.
public struct FitStage: RecordStage {
    /// How an example is counted.
    public enum Counter: Sendable {
        case openAI(ChatTokenCounter)
        case template(ChatTemplateCounter)

        func total(_ c: Conversation) throws(ChatTemplateError) -> Int {
            switch self {
            case .openAI(let counter): return counter.count(c).total
            case .template(let counter): return try counter.count(c)
            }
        }

        var name: String {
            switch self {
            case .openAI(let counter): return counter.tokenizer.encoding.rawValue
            case .template(let counter): return "\(counter.tokenizer.tokenizerName) with \(counter.formatName)"
            }
        }
    }

    public enum Mode: String, Sendable, CaseIterable {
        case drop
        case trimOldest = "trim-oldest"
    }

    public let name = "fit"
    public let maxTokens: Int
    public let mode: Mode
    let counter: Counter
    public private(set) var changes = ReasonCounts()

    public init(maxTokens: Int, mode: Mode, counter: ChatTokenCounter) {
        self.init(maxTokens: maxTokens, mode: mode, counting: .openAI(counter))
    }

    public init(maxTokens: Int, mode: Mode, counting: Counter) {
        self.maxTokens = maxTokens
        self.mode = mode
        self.counter = counting
    }

    public func apply(_ c: Conversation, changes: inout ReasonCounts) -> StageResult {
        do throws(ChatTemplateError) {
            return try fit(c, changes: &changes)
        } catch {
            var what = "the chat template"
            if case .template(let t) = counter { what = t.failureName }
            return .drop(reason: .chatTemplateError, message: "\(what) failed: \(error.description)")
        }
    }

    private func fit(_ c: Conversation, changes: inout ReasonCounts) throws(ChatTemplateError) -> StageResult {
        let total = try counter.total(c)
        guard total > maxTokens else { return .keep(c) }
        let g = NumberFormatting.grouped
        let tooLong = StageResult.drop(reason: .tooLong, message: "\(g(total)) tokens (\(counter.name)), over --max-tokens \(g(maxTokens))")
        guard mode == .trimOldest else { return tooLong }
        var out = c
        let system = out.messages.prefix { $0.role == .system }.count
        var removed = 0
        while true {
            // The first exchange after the system prompt: a user turn and everything up to the next user turn.
            let start = system
            guard start < out.messages.count else { return tooLong }
            var end = start + 1
            while end < out.messages.count && out.messages[end].role != .user { end += 1 }
            // Never the last exchange: it holds the last assistant turn.
            guard end < out.messages.count else {
                return .drop(reason: .tooLong, message: "\(g(try counter.total(out))) tokens after removing \(removed) older exchange\(removed == 1 ? "" : "s"); the last exchange alone is over --max-tokens \(g(maxTokens))")
            }
            out.messages.removeSubrange(start..<end)
            removed += 1
            if try counter.total(out) <= maxTokens { break }
        }
        changes.add("trimmed_oldest_exchanges", removed)
        changes.add("trimmed_to_fit")
        return .keep(out)
    }

    public mutating func process(_ c: Conversation) -> StageResult { apply(c, changes: &changes) }

    public mutating func process(batch: [Conversation]) -> [StageResult] {
        let (results, found) = applyAll(batch)
        changes.merge(found)
        return results
    }
}
