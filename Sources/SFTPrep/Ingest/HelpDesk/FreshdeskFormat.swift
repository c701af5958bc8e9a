/// Freshdesk: a ticket read with `GET /api/v2/tickets/{id}?include=conversations`
/// (the first message is the ticket's `description_text`, from the requester;
/// then `conversations` with `incoming`, `private`, `body_text`/`body`,
/// `created_at`), or one element of the conversations list
/// (`GET /api/v2/tickets/{id}/conversations`, grouped by `ticket_id`).
///
/// `private: true` is an internal note; `incoming: true` is the customer,
/// `false` an agent.
enum FreshdeskFormat: HelpDeskFormat {
    static let format = InputFormat.freshdesk

    static func recognizes(_ o: JSONObject) -> Bool {
        if o["description_text"] != nil && o["requester_id"] != nil { return true }
        if let first = o.firstObject(at: "conversations") { return isConversation(first) }
        return isConversation(o) && o["ticket_id"] != nil
    }

    private static func isConversation(_ c: JSONObject) -> Bool {
        c["incoming"] != nil && c["private"] != nil && (c["body_text"] != nil || c["body"] != nil)
    }

    static func read(_ o: JSONObject) throws(RecordError) -> HelpDeskRecord {
        if o["conversations"] != nil || o["description_text"] != nil {
            var thread = HelpDeskThread(id: o["id"]?.scalarText, format: format)
            for key in ["subject", "status", "priority", "type", "tags"] { if let v = o[key], v != .null { thread.labels[key] = v } }
            let description = o.text("description_text")
            thread.add(.user, text: description ?? o.text("description"), html: description == nil, time: Timestamp.instant(o["created_at"]))
            for c in (o["conversations"]?.arrayValue ?? []).compactMap(\.objectValue) { add(c, to: &thread) }
            return .threads([thread])
        }
        let id = o["ticket_id"]?.scalarText ?? ""
        var thread = HelpDeskThread(id: id, format: format)
        add(o, to: &thread)
        return .message(thread: id, thread)
    }

    private static func add(_ c: JSONObject, to thread: inout HelpDeskThread) {
        if c.flag("private") == true { thread.skipped.notes += 1; return }
        let role: Role = c.flag("incoming") == true ? .user : .assistant
        let plain = c.text("body_text")
        thread.add(role, text: plain ?? c.text("body"), html: plain == nil, time: Timestamp.instant(c["created_at"]))
    }
}
