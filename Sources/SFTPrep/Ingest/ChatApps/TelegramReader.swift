/// Reads Telegram Desktop's JSON export (`result.json`): one chat
/// (`name`, `messages`) or a full export (`chats.list[]`).
///
/// `text` is a string or an array of strings and entity objects (bold, links,
/// mentions…) whose `text` parts are joined. Service messages (joins, pins,
/// calls) are dropped; so are messages with no text (media only).
struct TelegramReader {
    struct Counts { var service = 0; var mediaOnly = 0 }

    static func looksLike(_ head: [UInt8]) -> Bool {
        let text = String(decoding: head.prefix(8192), as: UTF8.self)
        return (text.contains("\"chats\"") && text.contains("\"list\"")) ||
            (text.contains("\"messages\"") && (text.contains("\"from_id\"") || text.contains("\"date_unixtime\"")))
    }

    func read(_ input: InputFile) throws -> ([ChatLog], Counts) {
        let root = try JSONDocument.read(input)
        guard let o = root.objectValue else { throw RecordError("unrecognized_record", "a Telegram export is a JSON object") }
        let chats = o["chats"]?.objectValue?["list"]?.arrayValue ?? [root]
        var counts = Counts()
        var logs: [ChatLog] = []
        for chat in chats {
            guard let c = chat.objectValue, let messages = c["messages"]?.arrayValue else { continue }
            let name = c["name"]?.stringValue ?? "Telegram chat \(c["id"]?.scalarText ?? "")"
            var log = ChatLog(name: name, format: .telegram, utc: c["messages"]?.arrayValue?.first?.objectValue?["date_unixtime"] != nil)
            if let type = c["type"]?.stringValue { log.metadata["chat_type"] = .string(type) }
            for item in messages {
                guard let m = item.objectValue else { continue }
                guard m["type"]?.stringValue ?? "message" == "message" else { counts.service += 1; continue }
                let text = TelegramReader.text(m["text"])
                if text.trimmingASCIIWhitespace().isEmpty { counts.mediaOnly += 1; continue }
                let time = m["date_unixtime"]?.scalarText.flatMap(Double.init) ?? m["date"]?.stringValue.flatMap(CivilTime.parseISO) ?? 0
                let author = m["from"]?.stringValue ?? "Deleted Account"
                let isBot = m["via_bot"] != nil && m["from"] == nil
                log.entries.append(ChatLog.Entry(author: author, isBot: isBot, time: time, text: text))
            }
            log.entries.sort { $0.time < $1.time }
            logs.append(log)
        }
        return (logs, counts)
    }

    /// Joins a Telegram `text`: a string, or an array of strings and `{"type":…, "text":…}` entities.
    static func text(_ v: JSONValue?) -> String {
        switch v {
        case .string(let s)?: return s
        case .array(let parts)?:
            return parts.map { p in p.stringValue ?? p.objectValue?["text"]?.stringValue ?? "" }.joined()
        default: return ""
        }
    }
}
