/// LiveChat: archived chats (`list_archives`: `chats`, each with `users` and a
/// `thread`, or `threads`, whose `events` have `type`, `text`, `author_id`,
/// `visibility`, `created_at`), or one chat; also the older archive whose
/// `messages` carry `user_type` (agent, visitor).
///
/// Customers are the user, agents (bots too) the assistant; events visible to
/// agents only are internal; system messages and forms are system events;
/// files are attachments without text.
enum LiveChatFormat: HelpDeskFormat {
    static let format = InputFormat.livechat

    static func recognizes(_ o: JSONObject) -> Bool {
        if let first = o.firstObject(at: "chats") { return isChat(first) }
        return isChat(o)
    }

    private static func isChat(_ c: JSONObject) -> Bool {
        if c["users"] != nil && (c["thread"] != nil || c["threads"] != nil) { return true }
        return c.firstObject(at: "messages")?["user_type"] != nil
    }

    static func read(_ o: JSONObject) throws(RecordError) -> HelpDeskRecord {
        if let chats = o["chats"]?.arrayValue { return .threads(chats.compactMap(\.objectValue).map(chat)) }
        return .threads([chat(o)])
    }

    static func chat(_ c: JSONObject) -> HelpDeskThread {
        var thread = HelpDeskThread(id: c["id"]?.scalarText, format: format)
        var kinds: [String: (Role, String?)] = [:]
        for case .object(let u) in c["users"]?.arrayValue ?? [] {
            guard let id = u["id"]?.scalarText else { continue }
            kinds[id] = (u["type"]?.stringValue == "customer" ? .user : .assistant, u.text("name"))
        }
        var events: [JSONValue] = c.object(at: "thread")?["events"]?.arrayValue ?? []
        for case .object(let t) in c["threads"]?.arrayValue ?? [] { events += t["events"]?.arrayValue ?? [] }
        for case .object(let e) in events {
            if e["visibility"]?.stringValue == "agents" { thread.skipped.notes += 1; continue }
            switch e["type"]?.stringValue ?? "" {
            case "message": break
            case "file": thread.skipped.attachmentsOnly += 1; continue
            default: thread.skipped.systemEvents += 1; continue
            }
            let who = e["author_id"]?.scalarText.flatMap { kinds[$0] }
            thread.add(who?.0 ?? .user, text: e["text"]?.stringValue, time: Timestamp.instant(e["created_at"]), author: who?.1)
        }
        for case .object(let m) in c["messages"]?.arrayValue ?? [] {
            let type = m["user_type"]?.stringValue ?? ""
            guard type == "agent" || type == "visitor" || type == "customer" else { thread.skipped.systemEvents += 1; continue }
            thread.add(type == "agent" ? .assistant : .user, text: m["text"]?.stringValue,
                       time: Timestamp.instant(m["timestamp"] ?? m["date"]), author: m.text("author_name"))
        }
        return thread
    }
}
