/// `redact`: replaces PII and secrets in every message. Never drops or reorders
/// records: the same records come out, with only the found spans replaced.
/// Counts per type go to the report (`redactions`).
public struct RedactStage: Stage {
    public let name = "redact"
    public let redactor: Redactor
    private var counts = [Int](repeating: 0, count: PIIType.allCases.count)

    public init(redactor: Redactor = Redactor()) { self.redactor = redactor }

    public var changes: ReasonCounts {
        var r = ReasonCounts()
        for (i, t) in PIIType.allCases.enumerated() where counts[i] > 0 { r.add(t.rawValue, counts[i]) }
        return r
    }

    static func redact(_ c: Conversation, with redactor: Redactor) -> (Conversation, [Int]) {
        var out = c
        var numbering = Redactor.Numbering()
        var counts = [Int](repeating: 0, count: PIIType.allCases.count)
        for i in out.messages.indices {
            guard let text = out.messages[i].content else { continue }
            let (redacted, spans) = redactor.redact(text, numbering: &numbering)
            if !spans.isEmpty {
                out.messages[i].content = redacted
                for s in spans { counts[PIIType.allCases.firstIndex(of: s.type)!] += 1 }
            }
        }
        return (out, counts)
    }

    public mutating func process(_ c: Conversation) -> StageResult {
        let (out, delta) = RedactStage.redact(c, with: redactor)
        for i in counts.indices { counts[i] += delta[i] }
        return .keep(out)
    }

    public mutating func process(batch: [Conversation]) -> [StageResult] {
        let redactor = self.redactor
        let results = ParallelMap.map(batch.count) { RedactStage.redact(batch[$0], with: redactor) }
        for r in results { for i in counts.indices { counts[i] += r.1[i] } }
        return results.map { .keep($0.0) }
    }
}
