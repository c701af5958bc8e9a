/// Crisp: a conversation's messages (`GET /v1/website/{id}/conversation/{session}/messages`:
/// `data` with `session_id`, `type`, `from`, `content`, `timestamp` in
/// milliseconds), or one message as a record of its own (grouped by `session_id`).
///
/// `from: user` is the customer, `operator` the agent (bots included); `note`s
/// are internal; files, animations and audio are attachments without text;
/// events, pickers and fields are system events.
enum CrispFormat: HelpDeskFormat {
    static let format = InputFormat.crisp

    static func recognizes(_ o: JSONObject) -> Bool {
        if let first = o.firstObject(at: "data") { return isMessage(first) }
        return isMessage(o)
    }

    private static func isMessage(_ m: JSONObject) -> Bool { m.has("session_id", "from", "type") && m["content"] != nil }

    static func read(_ o: JSONObject) throws(RecordError) -> HelpDeskRecord {
        if let data = o["data"]?.arrayValue {
            var thread = HelpDeskThread(id: data.first?.objectValue?["session_id"]?.scalarText, format: format)
            for case .object(let m) in data { add(m, to: &thread) }
            return .threads([thread])
        }
        let id = o["session_id"]?.scalarText ?? ""
        var thread = HelpDeskThread(id: id, format: format)
        add(o, to: &thread)
        return .message(thread: id, thread)
    }

    private static func add(_ m: JSONObject, to thread: inout HelpDeskThread) {
        switch m["type"]?.stringValue ?? "" {
        case "text": break
        case "note": thread.skipped.notes += 1; return
        case "file", "animation", "audio": thread.skipped.attachmentsOnly += 1; return
        default: thread.skipped.systemEvents += 1; return
        }
        let role: Role = m["from"]?.stringValue == "user" ? .user : .assistant
        thread.add(role, text: m["content"]?.stringValue, time: Timestamp.instant(m["timestamp"]),
                   author: m.object(at: "user")?.text("nickname"))
    }
}
