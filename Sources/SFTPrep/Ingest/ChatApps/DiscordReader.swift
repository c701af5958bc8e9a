/// Reads DiscordChatExporter exports: JSON (`guild`, `channel`, `messages[]`
/// with `author.name`, `author.isBot`, `timestamp`, `content`, `type`) and CSV
/// (`AuthorID,Author,Date,Content,Attachments,Reactions`).
///
/// Only `Default` and `Reply` messages are conversation; joins, pins, calls and
/// other events are dropped. Messages with no text (an attachment only) are dropped.
struct DiscordReader {
    struct Counts { var events = 0; var attachmentsOnly = 0 }

    static let csvHeader = ["authorid", "author", "date", "content", "attachments", "reactions"]

    static func looksLikeJSON(_ head: [UInt8]) -> Bool {
        let text = String(decoding: head.prefix(4096), as: UTF8.self)
        return text.contains("\"guild\"") && text.contains("\"channel\"") && text.contains("\"messages\"")
    }

    static func looksLikeCSV(_ head: [UInt8]) -> Bool {
        guard let first = head.split(separator: 0x0A, maxSplits: 1).first else { return false }
        let cells = String(decoding: first, as: UTF8.self).replacingOccurrences(of: "\r", with: "").split(separator: ",").map { String($0).replacingQuotes().lowercased() }
        return Array(cells.prefix(4)) == Array(csvHeader.prefix(4))
    }

    func readJSON(_ input: InputFile) throws -> (ChatLog, Counts) {
        let root = try JSONDocument.read(input)
        guard let o = root.objectValue, let messages = o["messages"]?.arrayValue else {
            throw RecordError("unrecognized_record", "a Discord export needs a \"messages\" array")
        }
        let guild = o["guild"]?.objectValue?["name"]?.stringValue
        let channel = o["channel"]?.objectValue?["name"]?.stringValue ?? "channel"
        var log = ChatLog(name: guild.map { "\($0) #\(channel)" } ?? "#\(channel)", format: .discord, utc: true)
        log.metadata["channel"] = .string(channel)
        if let guild { log.metadata["guild"] = .string(guild) }
        var counts = Counts()
        for (index, item) in messages.enumerated() {
            guard let m = item.objectValue else { continue }
            let type = m["type"]?.stringValue ?? "Default"
            guard type == "Default" || type == "Reply" else { counts.events += 1; continue }
            let text = m["content"]?.stringValue ?? ""
            if text.trimmingASCIIWhitespace().isEmpty { counts.attachmentsOnly += 1; continue }
            let author = m["author"]?.objectValue
            let name = author?["nickname"]?.stringValue ?? author?["name"]?.stringValue ?? "unknown"
            let time = m["timestamp"]?.stringValue.flatMap(CivilTime.parseISO) ?? Double(index)
            log.entries.append(ChatLog.Entry(author: name, isBot: author?["isBot"] == .bool(true), time: time, text: text))
        }
        log.entries.sort { $0.time < $1.time }
        return (log, counts)
    }

    func readCSV(_ input: InputFile, delimiter: UInt8) throws -> (ChatLog, Counts) {
        var log = ChatLog(name: WhatsAppReader.chatName(input.path), format: .discord, utc: true)
        var counts = Counts()
        var header: [String]?
        var index = 0
        try CSVParser(input, delimiter: delimiter).forEachRow({ row in
            let cells = row.fields.map { String(decoding: $0, as: UTF8.self) }
            guard let h = header else { header = cells.map { $0.lowercased() }; return }
            func cell(_ name: String) -> String { h.firstIndex(of: name).flatMap { $0 < cells.count ? cells[$0] : nil } ?? "" }
            index += 1
            let text = cell("content")
            if text.trimmingASCIIWhitespace().isEmpty { counts.attachmentsOnly += 1; return }
            let time = CivilTime.parseISO(cell("date")) ?? DiscordReader.legacyDate(cell("date")) ?? Double(index)
            log.entries.append(ChatLog.Entry(author: cell("author"), time: time, text: text, line: row.line))
        }, onError: { error in
            throw RecordError("unclosed_quote", "line \(error.line): \(error.message)")
        })
        log.entries.sort { $0.time < $1.time }
        return (log, counts)
    }

    /// Older exporter dates: `20-Jun-20 07:33 PM`.
    static func legacyDate(_ s: String) -> Double? {
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let parts = s.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" })
        guard parts.count >= 5, let d = Int(parts[0]), let m = months.firstIndex(of: parts[1].lowercased()), var y = Int(parts[2]),
              var h = Int(parts[3]), let mi = Int(parts[4]) else { return nil }
        if y < 100 { y += 2000 }
        if parts.count > 5 { h = h % 12 + (parts[5].uppercased() == "PM" ? 12 : 0) }
        return CivilTime.seconds(year: y, month: m + 1, day: d, hour: h, minute: mi)
    }
}
