/// HubSpot conversations: a thread's messages (`GET
/// /conversations/v3/conversations/threads/{id}/messages`: `results` with
/// `type`, `direction`, `text`/`richText`, `senders`, `createdAt`), or one
/// message as a record of its own (grouped by `conversationsThreadId`).
///
/// `INCOMING` is the customer, `OUTGOING` the agent; `COMMENT`s are internal
/// notes; status changes and assignments are system events.
enum HubSpotFormat: HelpDeskFormat {
    static let format = InputFormat.hubspot

    static func recognizes(_ o: JSONObject) -> Bool {
        if let first = o.firstObject(at: "results") { return isMessage(first) }
        return isMessage(o) && o["conversationsThreadId"] != nil
    }

    private static let types: Set<String> = ["MESSAGE", "COMMENT", "WELCOME_MESSAGE", "THREAD_STATUS_CHANGE", "ASSIGNMENT", "THREAD_INBOX_CHANGE"]

    private static func isMessage(_ m: JSONObject) -> Bool {
        guard let type = m["type"]?.stringValue, types.contains(type) else { return false }
        return m["createdAt"] != nil || m["direction"] != nil || m["senders"] != nil
    }

    static func read(_ o: JSONObject) throws(RecordError) -> HelpDeskRecord {
        if let results = o["results"]?.arrayValue {
            var thread = HelpDeskThread(id: nil, format: format)
            for case .object(let m) in results {
                if thread.id == nil { thread.id = m["conversationsThreadId"]?.scalarText }
                add(m, to: &thread)
            }
            return .threads([thread])
        }
        let id = o["conversationsThreadId"]?.scalarText ?? ""
        var thread = HelpDeskThread(id: id, format: format)
        add(o, to: &thread)
        return .message(thread: id, thread)
    }

    private static func add(_ m: JSONObject, to thread: inout HelpDeskThread) {
        switch m["type"]?.stringValue {
        case "COMMENT": thread.skipped.notes += 1; return
        case "MESSAGE", "WELCOME_MESSAGE": break
        default: thread.skipped.systemEvents += 1; return
        }
        let name = m.firstObject(at: "senders")?.text("name")
        let plain = m.text("text")
        thread.add(m["direction"]?.stringValue == "INCOMING" ? .user : .assistant, text: plain ?? m.text("richText"), html: plain == nil,
                   time: Timestamp.instant(m["createdAt"]), author: name)
    }
}
