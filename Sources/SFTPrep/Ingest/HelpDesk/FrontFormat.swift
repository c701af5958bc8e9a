/// Front: a conversation's messages (`GET /conversations/{id}/messages`:
/// `_results` with `is_inbound`, `is_draft`, `text`/`body`, `author`,
/// `created_at`), or one such message as a record of its own (grouped by the
/// conversation its `_links.related.conversation` names). The comments list
/// (`_results` with `posted_at`) is internal discussion between teammates:
/// never training text.
enum FrontFormat: HelpDeskFormat {
    static let format = InputFormat.front

    static func recognizes(_ o: JSONObject) -> Bool {
        if let first = o.firstObject(at: "_results") { return isMessage(first) || isComment(first) }
        return isMessage(o) && o["_links"] != nil
    }

    private static func isMessage(_ m: JSONObject) -> Bool { m["is_inbound"] != nil && (m["body"] != nil || m["text"] != nil) }
    private static func isComment(_ m: JSONObject) -> Bool { m["posted_at"] != nil && m["body"] != nil && m["is_inbound"] == nil }

    static func read(_ o: JSONObject) throws(RecordError) -> HelpDeskRecord {
        if let results = o["_results"]?.arrayValue {
            var thread = HelpDeskThread(id: nil, format: format)
            for case .object(let m) in results { add(m, to: &thread) }
            thread.id = results.first?.objectValue.flatMap(conversationID)
            return .threads([thread])
        }
        let id = conversationID(o) ?? ""
        var thread = HelpDeskThread(id: id.isEmpty ? nil : id, format: format)
        add(o, to: &thread)
        return .message(thread: id, thread)
    }

    /// `cnv_…` from `_links.related.conversation`.
    private static func conversationID(_ m: JSONObject) -> String? {
        guard let url = m.object(at: "_links.related")?.text("conversation") else { return nil }
        return url.split(separator: "/").last.map(String.init)
    }

    private static func add(_ m: JSONObject, to thread: inout HelpDeskThread) {
        if isComment(m) { thread.skipped.notes += 1; return }
        if m.flag("is_draft") == true { thread.skipped.drafts += 1; return }
        let author = m["author"]?.objectValue
        let name = [author?.text("first_name"), author?.text("last_name")].compactMap { $0 }.joined(separator: " ")
        let plain = m.text("text")
        thread.add(m.flag("is_inbound") == true ? .user : .assistant, text: plain ?? m.text("body"), html: plain == nil,
                   time: Timestamp.instant(m["created_at"]), author: name)
    }
}
