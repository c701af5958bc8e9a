/// Intercom: a conversation (`"type": "conversation"`) whose first message is in
/// `source` (API 2.x) or `conversation_message` (1.x), then
/// `conversation_parts.conversation_parts` with `part_type` (comment, note,
/// assignment, close, open, snoozed, …), `body` (HTML), `author.type` and
/// `created_at`; also inside a webhook's `data.item`, in a
/// `conversation.list`, and the older export whose `messages` carry
/// `from.is_admin`.
///
/// Users, leads and contacts are the customer; admins, teams and bots (Fin's
/// AI answers too, `is_ai_answer`) are the assistant. Notes are internal; parts
/// without a body (assignments, closes) are system events.
enum IntercomFormat: HelpDeskFormat {
    static let format = InputFormat.intercom

    static func recognizes(_ o: JSONObject) -> Bool {
        if isConversation(o) { return true }
        if let item = o.object(at: "data.item"), isConversation(item) { return true }
        if o["type"]?.stringValue == "conversation.list", let first = o.firstObject(at: "conversations") { return isConversation(first) }
        if let first = o.firstObject(at: "messages"), let from = first["from"]?.objectValue { return from["is_admin"] != nil }
        return false
    }

    private static func isConversation(_ o: JSONObject) -> Bool {
        o["type"]?.stringValue == "conversation" && (o["conversation_parts"] != nil || o["source"] != nil || o["conversation_message"] != nil)
    }

    static func read(_ o: JSONObject) throws(RecordError) -> HelpDeskRecord {
        if let item = o.object(at: "data.item") { return .threads([thread(item)]) }
        if o["type"]?.stringValue == "conversation.list" {
            return .threads((o["conversations"]?.arrayValue ?? []).compactMap(\.objectValue).map(thread))
        }
        if o["messages"] != nil && !isConversation(o) { return .threads([legacyThread(o)]) }
        return .threads([thread(o)])
    }

    /// The role of an author object; nil when it names no side.
    static func role(_ author: JSONObject?, aiAnswer: Bool) -> Role? {
        if aiAnswer { return .assistant }
        switch author?["type"]?.stringValue {
        case "user", "lead", "contact": return .user
        case "admin", "bot", "team", "operator": return .assistant
        default: return nil
        }
    }

    static func thread(_ c: JSONObject) -> HelpDeskThread {
        var thread = HelpDeskThread(id: c["id"]?.scalarText, format: format)
        if let state = c["state"], state != .null { thread.labels["state"] = state }
        let first = c["source"]?.objectValue ?? c["conversation_message"]?.objectValue
        if let subject = first?.text("subject") ?? c.text("title") { thread.labels["subject"] = .string(subject) }
        if let first {
            let author = first["author"]?.objectValue
            thread.add(role(author, aiAnswer: false) ?? .user, text: first.text("body"), html: true,
                       time: Timestamp.instant(c["created_at"]), author: author?.text("name"))
        }
        let parts = c.object(at: "conversation_parts")?["conversation_parts"]?.arrayValue ?? c["conversation_parts"]?.arrayValue ?? []
        for case .object(let p) in parts {
            let type = p["part_type"]?.stringValue ?? "comment"
            if type.contains("note") { thread.skipped.notes += 1; continue }
            let body = p.text("body")
            let author = p["author"]?.objectValue
            guard type == "comment" || body != nil, let r = role(author, aiAnswer: p.flag("is_ai_answer") == true) else {
                thread.skipped.systemEvents += 1
                continue
            }
            thread.add(r, text: body, html: true, time: Timestamp.instant(p["created_at"]), author: author?.text("name"))
        }
        return thread
    }

    /// The older export: `messages` with `from.is_admin`, `body`, `created_at`.
    static func legacyThread(_ c: JSONObject) -> HelpDeskThread {
        var thread = HelpDeskThread(id: c["id"]?.scalarText, format: format)
        for case .object(let m) in c["messages"]?.arrayValue ?? [] {
            let from = m["from"]?.objectValue
            if m["message_type"]?.stringValue == "note" || m["part_type"]?.stringValue == "note" { thread.skipped.notes += 1; continue }
            thread.add(from?.flag("is_admin") == true ? .assistant : .user, text: m.text("body"), html: true,
                       time: Timestamp.instant(m["created_at"]), author: from?.text("name"))
        }
        return thread
    }
}
