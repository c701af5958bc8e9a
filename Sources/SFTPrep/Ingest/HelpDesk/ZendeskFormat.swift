/// Zendesk: a ticket with its comments (the JSON ticket export, one ticket a line,
/// or `{"ticket": …}`), `{"tickets": […]}`, or the Ticket Comments API response
/// `{"comments": […]}`. Each comment has `author_id`, `public`, `body` /
/// `plain_body` / `html_body`, `via.channel`, `created_at`.
///
/// Authors are ids only: the ticket's requester (`requester_id`, or else the
/// author of the first comment) is the customer, every other author an agent.
/// Comments with `public: false` are internal notes; comments by the system
/// (author -1: merges, triggers) are system events.
enum ZendeskFormat: HelpDeskFormat {
    static let format = InputFormat.zendesk

    static func recognizes(_ o: JSONObject) -> Bool {
        if let t = o["ticket"]?.objectValue, t["comments"] != nil { return isComment(t.firstObject(at: "comments")) }
        if let first = o.firstObject(at: "tickets") { return first["comments"] != nil && isComment(first.firstObject(at: "comments")) }
        return isComment(o.firstObject(at: "comments"))
    }

    private static func isComment(_ c: JSONObject?) -> Bool {
        guard let c else { return false }
        return c["author_id"] != nil && (c["public"] != nil || c["plain_body"] != nil || c["html_body"] != nil)
    }

    static func read(_ o: JSONObject) throws(RecordError) -> HelpDeskRecord {
        if let t = o["ticket"]?.objectValue { return .threads([thread(t)]) }
        if let tickets = o["tickets"]?.arrayValue { return .threads(tickets.compactMap(\.objectValue).map(thread)) }
        return .threads([thread(o)])
    }

    static func thread(_ t: JSONObject) -> HelpDeskThread {
        let comments = (t["comments"]?.arrayValue ?? []).compactMap(\.objectValue)
        var thread = HelpDeskThread(id: t["id"]?.scalarText ?? comments.first?["ticket_id"]?.scalarText, format: format)
        for key in ["subject", "status", "priority", "type"] { if let v = t[key], v != .null { thread.labels[key] = v } }
        if let via = t.object(at: "via")?["channel"] { thread.labels["channel"] = via }
        let requester = t["requester_id"]?.scalarText ?? comments.first?["author_id"]?.scalarText
        for c in comments {
            let author = c["author_id"]?.scalarText
            if c.flag("public") == false { thread.skipped.notes += 1; continue }
            if author == "-1" { thread.skipped.systemEvents += 1; continue }
            let role: Role = author == requester ? .user : .assistant
            let plain = c.text("plain_body", "body")
            thread.add(role, text: plain ?? c.text("html_body"), html: plain == nil, time: Timestamp.instant(c["created_at"]))
        }
        return thread
    }
}
