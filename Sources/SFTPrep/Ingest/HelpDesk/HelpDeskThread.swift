/// One help-desk conversation (a ticket, a chat) as read from an export, before
/// it becomes a ``Conversation``: its public messages with roles and times, and
/// counts of what was left out on purpose (internal notes, system events,
/// attachment-only messages, drafts).
struct HelpDeskThread {
    var id: String?
    var format: InputFormat
    var messages: [HelpDeskMessage] = []
    /// Labels that travel on in metadata (subject, status, channel, …).
    var labels = JSONObject()
    var skipped = HelpDeskSkips()

    init(id: String?, format: InputFormat) {
        self.id = id
        self.format = format
    }

    /// Adds a message, or counts it as skipped when it has no text.
    mutating func add(_ role: Role, text: String?, html: Bool = false, time: Double?, author: String? = nil) {
        let body = text.map { html ? HTMLText.toText($0) : $0 } ?? ""
        if body.trimmingASCIIWhitespace().isEmpty {
            skipped.attachmentsOnly += 1
            return
        }
        messages.append(HelpDeskMessage(role: role, text: body, time: time, author: author.flatMap { $0.isEmpty ? nil : $0 },
                                        order: messages.count))
    }

    /// The conversation, oldest message first (exports such as Help Scout's list newest first), or a reject
    /// when nothing public is left.
    func item(source: String, line: Int?) -> IngestItem {
        guard !messages.isEmpty else {
            var why: [String] = []
            if skipped.notes > 0 { why.append("\(skipped.notes) internal note\(skipped.notes == 1 ? "" : "s")") }
            if skipped.systemEvents > 0 { why.append("\(skipped.systemEvents) system event\(skipped.systemEvents == 1 ? "" : "s")") }
            if skipped.attachmentsOnly > 0 { why.append("\(skipped.attachmentsOnly) message\(skipped.attachmentsOnly == 1 ? "" : "s") without text") }
            if skipped.drafts > 0 { why.append("\(skipped.drafts) draft\(skipped.drafts == 1 ? "" : "s")") }
            let name = id.map { "\(format.rawValue) conversation \($0)" } ?? "this \(format.rawValue) conversation"
            return .reject(Reject(stage: "ingest", reason: .noPublicMessages,
                                  message: "\(name) has no public message to learn from" + (why.isEmpty ? "" : " (only \(why.joined(separator: ", ")))"),
                                  source: source, line: line, record: id.map { .object(JSONObject([JSONMember("id", .string($0))])) }))
        }
        var sorted = messages
        if sorted.allSatisfy({ $0.time != nil }) {
            sorted.sort { $0.time! != $1.time! ? $0.time! < $1.time! : $0.order < $1.order }
        }
        var m = Metadata()
        if let id { m.id = id }
        m.source = source
        if let line { m.line = line }
        m.format = format.rawValue
        for member in labels where m[member.key] == nil { m[member.key] = member.value }
        var participants: [String] = []
        var users: [String] = []
        for message in sorted {
            guard let a = message.author else { continue }
            if !participants.contains(a) { participants.append(a) }
            if message.role == .user && !users.contains(a) { users.append(a) }
        }
        if !participants.isEmpty {
            m["participants"] = .array(participants.map(JSONValue.string))
            m["user_participants"] = .array(users.map(JSONValue.string))
        }
        if let first = sorted.first?.time { m["start"] = .string(CivilTime.iso(first, utc: true)) }
        return .conversation(Conversation(messages: sorted.map { Message(role: $0.role, content: $0.text) }, metadata: m))
    }
}

/// One public message of a help-desk conversation.
struct HelpDeskMessage {
    var role: Role
    var text: String
    /// Seconds since 1970 (UTC), when the export says.
    var time: Double?
    var author: String?
    /// Position in the export, for ties and untimed messages.
    var order: Int
}

/// What a reader left out of a conversation on purpose, counted per input in the report.
struct HelpDeskSkips: Equatable {
    /// Private notes and internal comments: never training text.
    var notes = 0
    /// Assignments, status changes, closes, system messages.
    var systemEvents = 0
    /// Messages with attachments or forms and no text.
    var attachmentsOnly = 0
    /// Unsent drafts.
    var drafts = 0

    mutating func merge(_ o: HelpDeskSkips) {
        notes += o.notes
        systemEvents += o.systemEvents
        attachmentsOnly += o.attachmentsOnly
        drafts += o.drafts
    }

    /// As report notes (`notes_skipped`, …), without zeros.
    var reportNotes: [String: Int] {
        var out: [String: Int] = [:]
        if notes > 0 { out["notes_skipped"] = notes }
        if systemEvents > 0 { out["system_events_skipped"] = systemEvents }
        if attachmentsOnly > 0 { out["attachment_only_skipped"] = attachmentsOnly }
        if drafts > 0 { out["drafts_skipped"] = drafts }
        return out
    }
}
