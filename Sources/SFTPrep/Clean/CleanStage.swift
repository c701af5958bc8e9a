/// `clean`: repairs each message's text, then the conversation's structure,
/// and drops what cannot become a training example, always with a reason.
///
/// Structural repairs: consecutive messages of the same role are merged
/// (newline-joined; tool messages and tool calls are never merged), empty
/// messages removed, an unanswered final user turn trimmed (or the
/// conversation dropped, `--trailing-user`), a system prompt added or replaced
/// (`--system`). Drops: a system message after the start (`--mid-system`),
/// no user or no assistant message, and the optional length filters.
public struct CleanStage: RecordStage {
    public let name = "clean"
    public let options: CleanOptions
    private let cleaner: TextCleaner
    private var counts = CleanCounts()
    public var changes: ReasonCounts { counts.reasonCounts }

    public init(options: CleanOptions = CleanOptions()) {
        self.options = options
        cleaner = TextCleaner(enabled: options.repairs)
    }

    public mutating func process(_ c: Conversation) -> StageResult {
        let (result, delta) = CleanStage.clean(c, options: options, cleaner: cleaner)
        counts.merge(delta)
        return result
    }

    /// Cleans a batch on all cores; results and counts are the same as one by one.
    public mutating func process(batch: [Conversation]) -> [StageResult] {
        let options = self.options
        let cleaner = self.cleaner
        let results = ParallelMap.map(batch.count) { CleanStage.clean(batch[$0], options: options, cleaner: cleaner) }
        for r in results { counts.merge(r.1) }
        return results.map(\.0)
    }

    public func apply(_ c: Conversation, changes: inout ReasonCounts) -> StageResult {
        var examples: [(String, ReasonCounts.Example)] = []
        let (result, delta) = CleanStage.clean(c, options: options, cleaner: cleaner, examples: &examples)
        if delta != CleanCounts() { changes.merge(delta.reasonCounts) }
        for (reason, e) in examples { changes.addExample(reason, e) }
        return result
    }

    static func clean(_ input: Conversation, options o: CleanOptions, cleaner: TextCleaner) -> (StageResult, CleanCounts) {
        var none: [(String, ReasonCounts.Example)] = []
        return clean(input, options: o, cleaner: cleaner, examples: &none, collect: false)
    }

    /// As above; with `collect`, one before/after excerpt per text repair per conversation goes to `examples`.
    static func clean(_ input: Conversation, options o: CleanOptions, cleaner: TextCleaner,
                      examples: inout [(String, ReasonCounts.Example)], collect: Bool = true) -> (StageResult, CleanCounts) {
        var c = input
        var counts = CleanCounts()
        // Text repairs.
        for i in c.messages.indices {
            guard let text = c.messages[i].content else { continue }
            let (cleaned, changed) = cleaner.clean(text)
            if !changed.isEmpty {
                c.messages[i].content = cleaned
                for r in changed { counts.add(r) }
                if collect {
                    for r in changed where !examples.contains(where: { $0.0 == r.rawValue }) {
                        examples.append((r.rawValue, Excerpt.change(text, cleaned)))
                    }
                }
            }
        }
        // System prompt.
        if let prompt = o.systemPrompt {
            let hasSystem = CleanStage.has(c.messages, .system)
            if o.replaceSystem && hasSystem {
                c.messages.removeAll { $0.role == .system }
                counts.add(.systemReplaced)
                c.messages.insert(.system(prompt), at: 0)
            } else if !hasSystem {
                c.messages.insert(.system(prompt), at: 0)
                counts.add(.systemAdded)
            }
        }
        // Empty messages. (Changed only when there is something to change: the caller still holds the
        // input, so any change copies every message.)
        if c.messages.indices.contains(where: { CleanStage.isEmpty(c.messages, $0) }) {
            let before = c.messages.count
            let kept = c.messages.indices.filter { !CleanStage.isEmpty(c.messages, $0) }
            c.messages = kept.map { c.messages[$0] }
            counts.add(.emptyMessagesRemoved, before - c.messages.count)
        }
        // Consecutive turns of one role.
        if o.mergeConsecutive, c.messages.indices.dropFirst().contains(where: { c.messages[$0].role == c.messages[$0 - 1].role }) {
            c.messages = merged(c.messages, counts: &counts)
        }
        // A system message after the start.
        if o.midSystem == .drop, let first = c.messages.indices.first(where: { c.messages[$0].role != .system }),
           c.messages.indices[first...].contains(where: { c.messages[$0].role == .system }) {
            return (.drop(reason: .systemNotFirst, message: "a system message appears after the conversation started (use --mid-system keep to allow it)"), counts)
        }
        if c.messages.isEmpty {
            return (.drop(reason: .emptyConversation, message: "no message has any text"), counts)
        }
        if !CleanStage.has(c.messages, .user) {
            return (.drop(reason: .noUserMessage, message: "the conversation has no user message"), counts)
        }
        if !CleanStage.has(c.messages, .assistant) {
            return (.drop(reason: .noAssistantMessage, message: "the conversation has no assistant message to learn from"), counts)
        }
        // Unanswered final turns.
        if let lastRole = c.messages.indices.last.map({ c.messages[$0].role }), lastRole == .user || lastRole == .tool {
            switch o.trailingUser {
            case .trim:
                var trimmed = 0
                while let l = c.messages.last, l.role == .user || l.role == .tool { c.messages.removeLast(); trimmed += 1 }
                counts.add(.trailingTurnsTrimmed, trimmed)
                if !CleanStage.has(c.messages, .user) {
                    return (.drop(reason: .noUserMessage, message: "no user message is left before the assistant's answer"), counts)
                }
            case .drop:
                return (.drop(reason: .trailingUserMessage, message: "the conversation ends with an unanswered \(lastRole.rawValue) message"), counts)
            case .keep:
                break
            }
        }
        // Length filters.
        if o.minAssistantChars > 0 {
            let n = c.messages.filter { $0.role == .assistant }.reduce(0) { $0 + ($1.content?.unicodeScalars.count ?? 0) }
            if n < o.minAssistantChars {
                return (.drop(reason: .assistantTooShort, message: "assistant text has \(n) characters, fewer than --min-assistant-chars \(o.minAssistantChars)"), counts)
            }
        }
        if o.maxChars > 0 {
            let n = c.messages.reduce(0) { $0 + ($1.content?.unicodeScalars.count ?? 0) }
            if n > o.maxChars {
                return (.drop(reason: .tooLong, message: "the conversation has \(n) characters, more than --max-chars \(o.maxChars)"), counts)
            }
        }
        if o.maxMessages > 0, c.messages.count > o.maxMessages {
            return (.drop(reason: .tooManyMessages, message: "the conversation has \(c.messages.count) messages, more than --max-messages \(o.maxMessages)"), counts)
        }
        return (.keep(c), counts)
    }

    /// Whether some message has `role`. By index: iterating the messages (`for`, `contains(where:)`,
    /// `zip`) copies each one, a retain and a release per text field, and these checks run on every
    /// conversation — the checks above are written the same way for the same reason.
    static func has(_ messages: [Message], _ role: Role) -> Bool {
        messages.indices.contains { messages[$0].role == role }
    }

    /// Whether message `i` has no text (an assistant message with tool calls is not empty).
    static func isEmpty(_ messages: [Message], _ i: Int) -> Bool {
        (messages[i].content ?? "").isEmpty && !(messages[i].role == .assistant && messages[i].toolCalls != nil)
    }

    /// Merges runs of messages with the same role; tool messages and assistant tool calls stay separate.
    static func merged(_ messages: [Message], counts: inout CleanCounts) -> [Message] {
        var out: [Message] = []
        out.reserveCapacity(messages.count)
        for m in messages {
            if var last = out.last, last.role == m.role, m.role != .tool, last.toolCalls == nil, m.toolCalls == nil,
               last.name == m.name, let a = last.content, let b = m.content {
                last.content = a + "\n" + b
                // No weight means trained on (1); the merged turn is trained on if either part was.
                if last.weight != nil || m.weight != nil { last.weight = max(last.weight ?? 1, m.weight ?? 1) }
                for member in m.extra where last.extra[member.key] == nil { last.extra[member.key] = member.value }
                out[out.count - 1] = last
                counts.add(.mergedTurns)
            } else {
                out.append(m)
            }
        }
        return out
    }
}
