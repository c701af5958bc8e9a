/// Help Scout (Mailbox API 2.0): a conversation with `_embedded.threads`, the
/// threads list response itself, or `_embedded.conversations` holding several.
/// Threads come newest first; each has `type` (customer, reply, note,
/// lineitem, chat, phone, message, forwardparent, forwardchild), `state`
/// (published, draft, …), `body` (HTML), `createdBy.type` (`customer`, or
/// `user` for staff) and `createdAt`.
///
/// Customer threads are the customer, replies the agent; chat, phone and
/// message threads go by `createdBy.type`; notes are internal; line items and
/// forwards are system events; drafts are left out.
enum HelpScoutFormat: HelpDeskFormat {
    static let format = InputFormat.helpscout

    static func recognizes(_ o: JSONObject) -> Bool {
        if let first = o.firstObject(at: "_embedded.threads") { return isThread(first) }
        if let first = o.firstObject(at: "_embedded.conversations") { return first.firstObject(at: "_embedded.threads").map(isThread) ?? false }
        return false
    }

    private static func isThread(_ t: JSONObject) -> Bool { t["type"] != nil && (t["createdBy"] != nil || t["body"] != nil) }

    static func read(_ o: JSONObject) throws(RecordError) -> HelpDeskRecord {
        if let list = o.array(at: "_embedded.conversations") { return .threads(list.compactMap(\.objectValue).map(thread)) }
        return .threads([thread(o)])
    }

    static func thread(_ c: JSONObject) -> HelpDeskThread {
        var thread = HelpDeskThread(id: c["id"]?.scalarText, format: format)
        for key in ["number", "subject", "status"] { if let v = c[key], v != .null { thread.labels[key] = v } }
        for case .object(let t) in c.array(at: "_embedded.threads") ?? [] {
            if let state = t["state"]?.stringValue, state != "published" { thread.skipped.drafts += 1; continue }
            let by = t["createdBy"]?.objectValue
            let role: Role
            switch t["type"]?.stringValue ?? "" {
            case "customer": role = .user
            case "reply": role = .assistant
            case "note": thread.skipped.notes += 1; continue
            case "chat", "phone", "message": role = by?["type"]?.stringValue == "customer" ? .user : .assistant
            default: thread.skipped.systemEvents += 1; continue
            }
            let name = [by?.text("first"), by?.text("last")].compactMap { $0 }.joined(separator: " ")
            thread.add(role, text: t.text("body"), html: true, time: Timestamp.instant(t["createdAt"]), author: name)
        }
        return thread
    }
}
