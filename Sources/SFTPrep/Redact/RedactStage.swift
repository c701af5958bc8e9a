/// `redact`: replaces PII and secrets in every message. Never drops or reorders
/// records: the same records come out, with only the found spans replaced.
/// Counts per type go to the report (`redactions`).
public struct RedactStage: RecordStage {
    public let name = "redact"
    public let redactor: Redactor
    public private(set) var changes = ReasonCounts()

    public init(redactor: Redactor = Redactor()) { self.redactor = redactor }

    /// The user-side participants' names a conversation's metadata records.
    static func names(_ c: Conversation) -> [String] {
        c.metadata["user_participants"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    static func redact(_ c: Conversation, with redactor: Redactor) -> (Conversation, [PIISpan]) {
        var out = c
        var numbering = Redactor.Numbering()
        var found: [PIISpan] = []
        let names = RedactStage.names(c)
        for i in out.messages.indices {
            guard let text = out.messages[i].content else { continue }
            let (redacted, spans) = redactor.redact(text, names: names, numbering: &numbering)
            if !spans.isEmpty {
                out.messages[i].content = redacted
                found += spans
            }
        }
        return (out, found)
    }

    public func apply(_ c: Conversation, changes: inout ReasonCounts) -> StageResult {
        let (out, spans) = RedactStage.redact(c, with: redactor)
        for s in spans { changes.add(s.name) }
        return .keep(out)
    }

    public mutating func process(_ c: Conversation) -> StageResult { apply(c, changes: &changes) }

    public mutating func process(batch: [Conversation]) -> [StageResult] {
        let (results, found) = applyAll(batch)
        changes.merge(found)
        return results
    }
}
