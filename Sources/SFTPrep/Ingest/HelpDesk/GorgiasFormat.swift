/// Gorgias: a ticket with its `messages`, a list of tickets in `data`, or a
/// ticket's messages (`GET /api/tickets/{id}/messages`: `data`). Each message
/// has `from_agent`, `public`, `channel` (`internal-note` for notes),
/// `stripped_text` / `body_text` / `body_html`, `sender`, `created_datetime`.
///
/// `from_agent` is the agent; notes (`public: false` or the internal-note
/// channel) are never training text.
enum GorgiasFormat: HelpDeskFormat {
    static let format = InputFormat.gorgias

    static func recognizes(_ o: JSONObject) -> Bool {
        if let first = o.firstObject(at: "messages"), isMessage(first) { return true }
        if let first = o.firstObject(at: "data") {
            return isMessage(first) || (first.firstObject(at: "messages").map(isMessage) ?? false)
        }
        return false
    }

    private static func isMessage(_ m: JSONObject) -> Bool { m["from_agent"] != nil && (m["body_text"] != nil || m["stripped_text"] != nil || m["body_html"] != nil) }

    static func read(_ o: JSONObject) throws(RecordError) -> HelpDeskRecord {
        if let data = o["data"]?.arrayValue {
            let objects = data.compactMap(\.objectValue)
            if let first = objects.first, first["messages"] != nil { return .threads(objects.map(ticket)) }
            var thread = HelpDeskThread(id: objects.first?["ticket_id"]?.scalarText, format: format)
            for m in objects { add(m, to: &thread) }
            return .threads([thread])
        }
        return .threads([ticket(o)])
    }

    static func ticket(_ t: JSONObject) -> HelpDeskThread {
        var thread = HelpDeskThread(id: t["id"]?.scalarText, format: format)
        for key in ["subject", "status", "channel"] { if let v = t[key], v != .null { thread.labels[key] = v } }
        for case .object(let m) in t["messages"]?.arrayValue ?? [] { add(m, to: &thread) }
        return thread
    }

    private static func add(_ m: JSONObject, to thread: inout HelpDeskThread) {
        if m.flag("public") == false || m["channel"]?.stringValue == "internal-note" { thread.skipped.notes += 1; return }
        let sender = m["sender"]?.objectValue
        let plain = m.text("stripped_text", "body_text")
        thread.add(m.flag("from_agent") == true ? .assistant : .user, text: plain ?? m.text("stripped_html", "body_html"), html: plain == nil,
                   time: Timestamp.instant(m["created_datetime"] ?? m["sent_datetime"]), author: sender?.text("name"))
    }
}
