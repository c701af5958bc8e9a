/// Reads DiscordChatExporter exports: JSON (`guild`, `channel`, `messages[]`
/// with `author.name`, `author.isBot`, `timestamp`, `content`, `type`) and CSV
/// (`AuthorID,Author,Date,Content,Attachments,Reactions`).
///
/// Only `Default` and `Reply` messages are conversation; joins, pins, calls and
/// other events are dropped (counted). Messages with no text (an attachment
/// only) are dropped. CSV has no message type: the texts the exporter writes
/// for events ("Joined the server.", "Pinned a message.", "Started a call…")
/// are events there. CSV dates come in the exporting machine's short format
/// (`1/6/2023 2:03 PM`, `06/01/2023 14:03`) or ISO; their day/month order is
/// decided for the whole file (``DateEvidence``); a date that cannot be read
/// is a warning and its row keeps its place — no time is invented.
struct DiscordReader {
    struct Counts { var events = ChatEventCounts(); var unreadableDates = 0; var dateOrder: DateOrderDecision? }

    /// What DiscordChatExporter writes as the content of event messages.
    static let csvEvents: [(String, ChatEvent)] = [
        ("joined the server.", .system), ("started a thread.", .system), ("pinned a message.", .system), ("left the server.", .system),
        ("changed the channel name:", .system), ("changed the channel icon.", .system), ("added ", .system), ("removed ", .system),
        ("started a call that lasted", .call), ("started a call.", .call), ("missed a call.", .call),
    ]

    static func csvEvent(_ text: String) -> ChatEvent? {
        let k = text.lowercased().trimmingASCIIWhitespace()
        for (phrase, event) in csvEvents {
            if phrase.hasSuffix(" ") { if k.hasPrefix(phrase) && k.hasSuffix(" to the group.") { return event } ; continue }
            if k == phrase || (phrase.hasSuffix(":") && k.hasPrefix(phrase)) || (event == .call && k.hasPrefix(phrase)) { return event }
        }
        return nil
    }

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
            throw RecordError(.unrecognizedRecord, "a Discord export needs a \"messages\" array")
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
            guard type == "Default" || type == "Reply" else { counts.events.add(type == "Call" ? .call : .system); continue }
            let text = m["content"]?.stringValue ?? ""
            if text.trimmingASCIIWhitespace().isEmpty { counts.events.add(.media); continue }
            let author = m["author"]?.objectValue
            let name = author?["nickname"]?.stringValue ?? author?["name"]?.stringValue ?? "unknown"
            let time = m["timestamp"]?.stringValue.flatMap(CivilTime.parseISO) ?? Double(index)
            log.entries.append(ChatLog.Entry(author: name, isBot: author?["isBot"] == .bool(true), time: time, text: text))
        }
        log.entries.sort { $0.time < $1.time }
        return (log, counts)
    }

    func readCSV(_ input: InputFile, delimiter: UInt8, forcedOrder: DateOrder? = nil) throws -> (ChatLog, Counts) {
        var log = ChatLog(name: WhatsAppReader.chatName(input.path), format: .discord, utc: true)
        var counts = Counts()
        var header: [String]?
        var rows: [(author: String, date: String, text: String, line: Int)] = []
        try CSVParser(input, delimiter: delimiter).forEachRow({ row in
            let cells = row.fields.map { String(decoding: $0, as: UTF8.self) }
            guard let h = header else { header = cells.map { $0.lowercased() }; return }
            func cell(_ name: String) -> String { h.firstIndex(of: name).flatMap { $0 < cells.count ? cells[$0] : nil } ?? "" }
            let text = cell("content")
            if text.trimmingASCIIWhitespace().isEmpty { counts.events.add(.media); return }
            if let event = DiscordReader.csvEvent(text) { counts.events.add(event); return }
            rows.append((cell("author"), cell("date").trimmingASCIIWhitespace(), text, row.line))
        }, onError: { error in
            throw RecordError(.unclosedQuote, "line \(error.line): \(error.message)")
        })
        // Short dates ("1/6/2023 2:03 PM"): one day/month order for the file.
        var evidence = DateEvidence()
        var short: [Int: (parts: (Int, Int, Int), seconds: Int, twelveHour: Bool)] = [:]
        for (k, r) in rows.enumerated() where CivilTime.parseISO(r.date) == nil && DiscordReader.legacyDate(r.date) == nil {
            if let d = DiscordReader.shortDate(r.date) {
                short[k] = d
                evidence.dates.append(d.parts)
                evidence.timesOfDay.append(d.seconds)
                if d.parts.0 > 31 { evidence.yearFirst = true }
                if r.date.contains(".") { evidence.dotted = true }
            }
        }
        var order = short.isEmpty ? nil : evidence.decide(forced: forcedOrder)
        // Nothing in the numbers: a 12-hour clock is .NET's en-US short date (M/d/yyyy h:mm tt); a 24-hour one, day first.
        if let o = order, o.reason.hasPrefix("undecidable"), short.values.contains(where: \.twelveHour) {
            order = DateOrderDecision(order: .mdy, reason: "12-hour clock with slashes (en-US short date)")
        }
        counts.dateOrder = order
        var previous: Double?
        var unknown: [Int] = []
        for (k, r) in rows.enumerated() {
            var time = CivilTime.parseISO(r.date) ?? DiscordReader.legacyDate(r.date)
            if time == nil, let d = short[k], let order {
                let (y, m, day) = order.order.ymd(d.parts)
                time = CivilTime.seconds(year: y, month: m, day: day) + Double(d.seconds)
            }
            if time == nil { unknown.append(r.line) }
            log.entries.append(ChatLog.Entry(author: r.author, time: time ?? previous ?? 0, timeKnown: time != nil, text: r.text, line: r.line))
            if let time { previous = time }
        }
        // A row before any readable date takes the first date after it, so it stays first.
        if let firstKnown = log.entries.first(where: \.timeKnown)?.time {
            for k in log.entries.indices where !log.entries[k].timeKnown && log.entries[k].time == 0 { log.entries[k].time = firstKnown }
        }
        counts.unreadableDates = unknown.count
        // Short dates are the exporting machine's local time; ISO ones carry their offset.
        if !short.isEmpty { log.utc = false }
        log.entries = log.entries.enumerated().sorted { $0.element.time != $1.element.time ? $0.element.time < $1.element.time : $0.offset < $1.offset }.map(\.element)
        return (log, counts)
    }

    /// .NET's short "g" date and time in any culture: `1/6/2023 2:03 PM`, `06/01/2023 14:03`, `06.01.2023 14:03`, `2023-01-06 14:03`;
    /// the three date numbers as written and the seconds into the day.
    static func shortDate(_ s: String) -> (parts: (Int, Int, Int), seconds: Int, twelveHour: Bool)? {
        let pieces = s.split(separator: " ", omittingEmptySubsequences: true)
        guard pieces.count >= 2 else { return nil }
        let date = pieces[0].split(whereSeparator: { $0 == "/" || $0 == "." || $0 == "-" }).compactMap { Int($0) }
        let time = pieces[1].split(separator: ":").compactMap { Int($0) }
        guard date.count == 3, time.count >= 2, time[0] < 24, time[1] < 60 else { return nil }
        var hour = time[0]
        var twelveHour = false
        if pieces.count >= 3 {
            let m = pieces[2].uppercased().replacingOccurrences(of: ".", with: "")
            if m == "PM" { hour = hour % 12 + 12; twelveHour = true } else if m == "AM" { hour = hour % 12; twelveHour = true }
        }
        return ((date[0], date[1], date[2]), hour * 3600 + time[1] * 60 + (time.count > 2 ? time[2] : 0), twelveHour)
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

extension DiscordReader {
    /// DiscordChatExporter's JSON and CSV exports.
    struct Reading: ChatAppReading {
        var format: InputFormat { .discord }
        func read(_ input: InputFile, head: [UInt8], options: IngestOptions) throws -> ChatAppRead {
            let (log, counts) = DiscordReader.looksLikeCSV(head)
                ? try DiscordReader().readCSV(input, delimiter: CSVParser.sniffDelimiter(head), forcedOrder: options.dateOrder)
                : try DiscordReader().readJSON(input)
            var read = ChatAppRead(logs: [log], notes: counts.events.reportNotes, facts: counts.dateOrder?.facts ?? [:])
            if counts.unreadableDates > 0 {
                read.notes["unreadable_dates"] = counts.unreadableDates
                read.warnings.append("\(counts.unreadableDates) dates could not be read; those messages keep their place and have no time")
            }
            return read
        }
    }
}
