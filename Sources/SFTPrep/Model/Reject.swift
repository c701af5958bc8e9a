/// An input record that did not become a training example, and why.
///
/// Two kinds share this type: a *reject* is input sftprep could not read
/// (broken JSON, an unknown role); a *drop* is a readable conversation a stage
/// removed on purpose (no assistant answer, a duplicate). Both go to
/// `rejects.jsonl` with their reason, so nothing is lost without a trace.
public struct Reject: Equatable, Sendable {
    public enum Kind: String, Sendable { case rejected, dropped }

    public var kind: Kind
    /// The stage that decided (`ingest`, `gate`, `clean`, …).
    public var stage: String
    /// A stable, machine-readable reason code (`invalid_json`, `no_assistant_message`, …).
    public var reason: String
    /// What happened, for a person: names the field and the problem.
    public var message: String
    public var source: String
    public var line: Int?
    /// The input field at fault, when there is one (`messages[2].role`).
    public var field: String?
    /// The record itself: the conversation for drops, the raw text for rejects (when it is valid UTF-8).
    public var record: JSONValue?

    public init(kind: Kind = .rejected, stage: String, reason: String, message: String, source: String,
                line: Int?, field: String? = nil, record: JSONValue? = nil) {
        self.kind = kind
        self.stage = stage
        self.reason = reason
        self.message = message
        self.source = source
        self.line = line
        self.field = field
        self.record = record
    }

    /// A record rejected for one of ``RejectReason``'s reasons.
    public init(kind: Kind = .rejected, stage: String, reason: RejectReason, message: String, source: String,
                line: Int?, field: String? = nil, record: JSONValue? = nil) {
        self.init(kind: kind, stage: stage, reason: reason.rawValue, message: message, source: source, line: line, field: field, record: record)
    }

    /// A conversation that stage `stage` removed, with the conversation as it reached the stage.
    static func dropped(by stage: String, reason: String, message: String, _ c: Conversation) -> Reject {
        Reject(kind: .dropped, stage: stage, reason: reason, message: message, source: c.metadata.source ?? "-",
               line: c.metadata.line, record: try? JSONParser.parse(ChatRecordWriter.pipe.line(c)))
    }

    /// `file:line: message`, the form printed on standard error.
    public var diagnostic: String {
        var s = source
        if let line { s += ":\(line)" }
        if let field { s += ": \(field)" }
        return "\(s): \(message)"
    }
}

/// What a reader yields for each input record: a conversation, or a reject saying why not.
public enum IngestItem: Equatable, Sendable {
    case conversation(Conversation)
    case reject(Reject)
}
