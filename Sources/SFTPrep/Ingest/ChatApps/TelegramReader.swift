/// Reads Telegram Desktop's JSON export (`result.json`): one chat
/// (`name`, `messages`) or a full export (`chats.list[]`).
///
/// `text` is a string or an array of strings and entity objects (bold, links,
/// mentions…) whose `text` parts are joined. Service messages (joins, pins,
/// calls), polls, locations and messages with no text (media only) are dropped
/// and counted. `date` is the exporting computer's wall-clock time and
/// `date_unixtime` the instant: times are written as the export says them,
/// with the zone's offset when the two together tell it; a zero
/// `date_unixtime` falls back to `date`. A single chat cut down to its
/// `messages` (no `name` or `type`) is recognised by them.
struct TelegramReader {
    static func looksLike(_ head: [UInt8]) -> Bool {
        let text = String(decoding: head.prefix(8192), as: UTF8.self)
        return (text.contains("\"chats\"") && text.contains("\"list\"")) ||
            (text.contains("\"messages\"") && (text.contains("\"from_id\"") || text.contains("\"date_unixtime\"")))
    }

    /// A `result.json` cut down to `{"messages": [{"id":…, "type": "message", "date": …, "from": …}, …]}`: the first
    /// message has Telegram's keys and no `role`.
    static func looksLikeBareChat(_ head: [UInt8]) -> Bool {
        let text = String(decoding: head.prefix(4096), as: UTF8.self)
        guard let m = text.range(of: "\"messages\"") else { return false }
        let window = text[m.upperBound...].prefix(600)
        let compact = window.replacingOccurrences(of: " ", with: "")
        return compact.contains("\"type\":\"message\"") && (compact.contains("\"date\"") || compact.contains("\"date_unixtime\"")) && !compact.contains("\"role\"")
            && (compact.contains("\"from\"") || compact.contains("\"from_id\""))
    }

    func read(_ input: InputFile) throws -> ([ChatLog], ChatEventCounts) {
        let root = try JSONDocument.read(input)
        guard let o = root.objectValue else { throw RecordError(.unrecognizedRecord, "a Telegram export is a JSON object") }
        let chats = o["chats"]?.objectValue?["list"]?.arrayValue ?? [root]
        var events = ChatEventCounts()
        var logs: [ChatLog] = []
        for chat in chats {
            guard let c = chat.objectValue, let messages = c["messages"]?.arrayValue else { continue }
            let name = c["name"]?.stringValue ?? (input.path == "-" ? "Telegram chat" : WhatsAppReader.chatName(input.path))
            var log = ChatLog(name: name == "result" ? "Telegram chat \(c["id"]?.scalarText ?? "")".trimmingASCIIWhitespace() : name,
                              format: .telegram, utc: false)
            if let type = c["type"]?.stringValue { log.metadata["chat_type"] = .string(type) }
            var offsets: [Int: Int] = [:]
            var onlyInstants = true
            var instantOnly: [Int] = []
            for item in messages {
                guard let m = item.objectValue else { continue }
                let type = m["type"]?.stringValue ?? "message"
                guard type == "message" else {
                    let action = m["action"]?.stringValue ?? ""
                    events.add(action.contains("call") ? .call : .system)
                    continue
                }
                if m["poll"] != nil { events.add(.poll); continue }
                if m["location_information"] != nil || m["live_location_period_seconds"] != nil { events.add(.location); continue }
                let text = TelegramReader.text(m["text"])
                if text.trimmingASCIIWhitespace().isEmpty { events.add(.media); continue }
                let instant = m["date_unixtime"]?.scalarText.flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil }
                let wall = m["date"]?.stringValue.flatMap(CivilTime.parseISO)
                if let instant, let wall {
                    let offset = Int(((wall - instant) / 900).rounded()) * 900
                    offsets[offset, default: 0] += 1
                }
                if wall != nil { onlyInstants = false }
                let time = wall ?? instant
                if wall == nil && instant != nil { instantOnly.append(log.entries.count) }
                let author = m["from"]?.stringValue ?? "Deleted Account"
                let isBot = m["via_bot"] != nil && m["from"] == nil
                log.entries.append(ChatLog.Entry(author: author, isBot: isBot, time: time ?? 0, timeKnown: time != nil, text: text))
            }
            if onlyInstants {
                log.utc = true
            } else if let (offset, _) = offsets.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) {
                // Messages with only an instant are moved to the wall clock the others show.
                log.zoneOffset = offset
                for k in instantOnly { log.entries[k].time += Double(offset) }
            }
            log.entries.sort { $0.time < $1.time }
            logs.append(log)
        }
        return (logs, events)
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

extension TelegramReader {
    /// Telegram Desktop's JSON exports (one chat or the whole account).
    struct Reading: ChatAppReading {
        var format: InputFormat { .telegram }
        func read(_ input: InputFile, head: [UInt8], options: IngestOptions) throws -> ChatAppRead {
            let (logs, events) = try TelegramReader().read(input)
            return ChatAppRead(logs: logs, notes: events.reportNotes)
        }
    }
}
