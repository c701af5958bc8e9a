/// `redact`: replaces PII and secrets in every string a dataset carries: message
/// text, message names, tool-call arguments and, unless told that metadata is
/// not written, metadata values and extra message keys (keys stay; a field
/// whose key names personal data, such as `customer_email`, is replaced whole).
/// Never drops or reorders records: the same records come out, with only the
/// found spans replaced. Counts per type go to the report (`redactions`).
public struct RedactStage: RecordStage {
    public let name = "redact"
    public let redactor: Redactor
    /// Whether metadata and extra message keys are redacted too: they are whenever they are written
    /// (the pipe form; `run --keep-metadata`).
    public let includeMetadata: Bool
    public private(set) var changes = ReasonCounts()

    public init(redactor: Redactor = Redactor(), includeMetadata: Bool = true) {
        self.redactor = redactor
        self.includeMetadata = includeMetadata
    }

    /// The people of a conversation: the user-side participants its metadata records, the other
    /// participants whose names look like a person's, and every name its messages show by their context.
    static func names(_ c: Conversation, findingNames: Bool = true) -> [String] {
        var names = c.metadata["user_participants"]?.arrayValue?.compactMap(\.stringValue) ?? []
        for p in c.metadata["participants"]?.arrayValue?.compactMap(\.stringValue) ?? [] where !names.contains(p) {
            let first = p.split(separator: " ").first.map { $0.lowercased() } ?? ""
            if NameLists.firstNames.contains(first) || NameLists.surnames.contains(first) { names.append(p) }
        }
        guard findingNames else { return names }
        for m in c.messages {
            if let text = m.content { names += Redactor.people(in: text) }
        }
        return names
    }

    static func redact(_ c: Conversation, with redactor: Redactor, includeMetadata: Bool = true,
                       examples: UnsafeMutablePointer<ReasonCounts>? = nil) -> (Conversation, [PIISpan]) {
        var out = c
        var numbering = Redactor.Numbering()
        var found: [PIISpan] = []
        // Every message is looked at for names before any is redacted: a first name found in a signature
        // goes wherever it appears, before it too.
        let names = RedactStage.names(c, findingNames: redactor.scanner.mask & PIIScanner.bitOf(.person) != 0)
        for i in out.messages.indices {
            if let text = out.messages[i].content {
                let (redacted, spans) = redactor.redact(text, names: names, findNames: false, numbering: &numbering)
                if !spans.isEmpty {
                    out.messages[i].content = redacted
                    if let examples {
                        // One excerpt per type per conversation, masked; the report keeps the first few of the run.
                        for s in spans where !found.contains(where: { $0.name == s.name }) && !spans.prefix { $0 != s }.contains(where: { $0.name == s.name }) {
                            examples.pointee.addExample(s.name, Excerpt.redaction(text, spans, first: s))
                        }
                    }
                    found += spans
                }
            }
            if let name = out.messages[i].name {
                let (redacted, spans) = redactor.redact(name, names: names, numbering: &numbering)
                if !spans.isEmpty {
                    out.messages[i].name = redacted
                    found += spans
                }
            }
            if let calls = out.messages[i].toolCalls {
                out.messages[i].toolCalls = redactor.redactToolCalls(calls, names: names, numbering: &numbering, found: &found)
            }
            if includeMetadata && !out.messages[i].extra.isEmpty {
                out.messages[i].extra = redactor.redact(out.messages[i].extra, names: names, numbering: &numbering, found: &found)
            }
        }
        if includeMetadata && !out.metadata.fields.isEmpty {
            out.metadata.fields = redactor.redact(out.metadata.fields, names: names, numbering: &numbering, found: &found)
        }
        return (out, found)
    }

    public func apply(_ c: Conversation, changes: inout ReasonCounts) -> StageResult {
        let (out, spans) = withUnsafeMutablePointer(to: &changes) { RedactStage.redact(c, with: redactor, includeMetadata: includeMetadata, examples: $0) }
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
