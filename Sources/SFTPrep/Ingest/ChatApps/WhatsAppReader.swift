/// Reads a WhatsApp "Export chat" text file, Android or iOS, in any locale:
///
/// ```
/// 12/31/23, 9:41 PM - Alice: text            Android, US
/// 31/12/2023, 21:41 - Alice: text            Android, most of the world
/// [31.12.23, 21:41:05] Alice: text           iOS, German
/// 2023-12-31, 21:41 - Alice: text            ISO dates
/// ```
/// Times may carry a narrow no-break space before AM/PM, lines a left-to-right
/// mark. Lines without a header continue the previous message. What is not
/// conversation is dropped and counted by kind (``ChatEvent``): lines with no
/// author (Android's system lines), texts iOS marks with U+200E after the
/// author (events, placeholders, calls, attachments), the fixed texts of
/// ``WhatsAppPhrases`` in seven languages, group events written under the
/// chat's own name; edit markers are stripped. Day/month order is decided once
/// for the whole file from all its evidence (``DateEvidence``), never line by line.
struct WhatsAppReader {
    struct Header {
        var parts: (Int, Int, Int)
        var firstLength: Int
        var lastLength: Int
        var separator: Character
        var bracketed: Bool
        var hour: Int, minute: Int, second: Int
        var meridiem: Int?  // 0 AM, 1 PM
        var meridiemLowerCase: Bool?
        var rest: Substring
    }

    /// The date order to use instead of deciding it (`--date-order`).
    var forcedOrder: DateOrder?

    /// Strips the marks WhatsApp puts around times and names (LRM, RLM, BOM) and turns no-break spaces into spaces.
    static func normalize(_ s: Substring) -> String {
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            switch c.value {
            case 0x200E, 0x200F, 0xFEFF, 0x202A...0x202E, 0x2066...0x2069, 0x0D: continue
            case 0x202F, 0x00A0, 0x2009: out.append(" ")
            default: out.append(c)
            }
        }
        return String(out)
    }

    /// Parses the date-and-time header of a message line, or nil for a continuation line.
    static func header(_ line: String) -> Header? {
        var s = Substring(line)
        var bracketed = false
        if s.first == "[" { bracketed = true; s = s.dropFirst() }
        func number(_ maxDigits: Int) -> (Int, Int)? {
            var v = 0, n = 0
            while let c = s.first, let d = c.wholeNumberValue, c.isASCII, n < maxDigits { v = v * 10 + d; n += 1; s = s.dropFirst() }
            return n > 0 ? (v, n) : nil
        }
        guard let (a, aLen) = number(4), let sep = s.first, sep == "/" || sep == "." || sep == "-" else { return nil }
        s = s.dropFirst()
        guard let (b, _) = number(2), s.first == sep else { return nil }
        s = s.dropFirst()
        guard let (c, cLen) = number(4) else { return nil }
        if s.first == "." { s = s.dropFirst() }                      // "31.12.23." in some locales
        if s.first == "," { s = s.dropFirst() }
        guard s.first == " " else { return nil }
        s = s.dropFirst()
        if s.hasPrefix("klo ") { s = s.dropFirst(4) }                  // Finnish: "[12.3.2022 klo 14.08.18]"
        guard let (hour, _) = number(2), let timeSeparator = s.first, timeSeparator == ":" || timeSeparator == "." else { return nil }
        s = s.dropFirst()
        guard let (minute, mLen) = number(2), mLen == 2 else { return nil }
        var second = 0
        if s.first == timeSeparator {
            s = s.dropFirst()
            guard let (sec, _) = number(2) else { return nil }
            second = sec
        }
        var meridiem: Int?
        var meridiemLowerCase: Bool?
        let afterTime = s.drop { $0 == " " }
        let lower = afterTime.prefix(6).lowercased()
        for (token, value) in [("a. m.", 0), ("p. m.", 1), ("a.m.", 0), ("p.m.", 1), ("am", 0), ("pm", 1)] where lower.hasPrefix(token) {
            meridiem = value
            meridiemLowerCase = afterTime.first.map { $0.isLowercase }
            s = afterTime.dropFirst(token.count)
            break
        }
        if bracketed {
            guard s.first == "]" else { return nil }
            s = s.dropFirst()
            guard s.first == " " else { return nil }
            s = s.dropFirst()
        } else {
            guard s.hasPrefix(" - ") else { return nil }
            s = s.dropFirst(3)
        }
        guard hour < 24, minute < 60 else { return nil }
        return Header(parts: (a, b, c), firstLength: aLen, lastLength: cLen, separator: sep, bracketed: bracketed, hour: hour, minute: minute,
                      second: second, meridiem: meridiem, meridiemLowerCase: meridiemLowerCase, rest: s)
    }

    /// Whether the first lines look like a WhatsApp export: the first line that is not blank is a message header
    /// (a JSON or CSV file cannot start so), or two headers among the first 20 lines. Lines are split on bytes, so
    /// CRLF files read the same as LF ones.
    static func looksLikeWhatsApp(_ head: [UInt8]) -> Bool {
        let lines = head.split(separator: 0x0A, omittingEmptySubsequences: true).prefix(20)
            .map { normalize(Substring(String(decoding: $0, as: UTF8.self))) }.filter { !$0.trimmingASCIIWhitespace().isEmpty }
        guard let first = lines.first else { return false }
        if header(first) != nil { return true }
        return lines.filter { header($0) != nil }.count >= 2
    }

    static func time(_ h: Header, _ order: DateOrder) -> Double {
        let (year, month, day) = order.ymd(h.parts)
        var hour = h.hour
        if let m = h.meridiem { hour = hour % 12 + (m == 1 ? 12 : 0) }
        return CivilTime.seconds(year: year, month: max(1, min(12, month)), day: max(1, min(31, day)), hour: hour, minute: h.minute, second: Double(h.second))
    }

    /// The chat name from the file name: `WhatsApp Chat with Acme Support.txt` → `Acme Support`.
    static func chatName(_ path: String) -> String {
        var name = String(path.split(separator: "/").last ?? Substring(path))
        if let dot = name.lastIndex(of: ".") { name = String(name[..<dot]) }
        for prefix in ["WhatsApp Chat with ", "WhatsApp Chat mit ", "Chat de WhatsApp con ", "Discussion WhatsApp avec ", "WhatsApp-chat met ",
                       "Chat WhatsApp con ", "Conversa do WhatsApp com ", "WhatsApp Chat - ", "WhatsApp Chat – "] where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return name == "_chat" ? "WhatsApp chat" : name
    }

    /// A message as read, before it is judged.
    struct Pending {
        var header: Header
        var author: String
        var text: String
        var line: Int
        /// iOS wrote U+200E right after "Name: ": an event, a placeholder or an attachment, not typed text.
        var marked: Bool
    }

    /// Reads the file into a chat log; what is not conversation is counted by kind, not kept.
    func read(_ input: InputFile) throws -> (ChatLog, ChatEventCounts, DateOrderDecision) {
        var pending: [Pending] = []
        var events = ChatEventCounts()
        var inSystemLine = false
        try LineReader(input).forEachLine { number, bytes in
            let raw = String(decoding: bytes, as: UTF8.self)
            let line = WhatsAppReader.normalize(Substring(raw))
            if let h = WhatsAppReader.header(line) {
                // "Name: text"; a header line without ": " is a system line (no author).
                // (Quotes never appear in names but do in system lines: Bob created group "Team: Q3".)
                if let colon = h.rest.range(of: ": "), h.rest.distance(from: h.rest.startIndex, to: colon.lowerBound) <= 80,
                   !h.rest[..<colon.lowerBound].contains(where: { "\"“”„«»「".contains($0) }) {
                    pending.append(Pending(header: h, author: String(h.rest[..<colon.lowerBound]).trimmingASCIIWhitespace(),
                                           text: String(h.rest[colon.upperBound...]), line: number, marked: WhatsAppReader.markedAfterAuthor(raw)))
                    inSystemLine = false
                } else {
                    events.add(.system)
                    inSystemLine = true
                }
            } else if !inSystemLine, !pending.isEmpty {
                pending[pending.count - 1].text += "\n" + line
            }
        }
        var evidence = DateEvidence()
        for (k, p) in pending.enumerated() {
            evidence.dates.append(p.header.parts)
            var hour = p.header.hour
            if let m = p.header.meridiem { hour = hour % 12 + (m == 1 ? 12 : 0) }
            evidence.timesOfDay.append(hour * 3600 + p.header.minute * 60 + p.header.second)
            if p.header.firstLength == 4 { evidence.yearFirst = true }
            if p.header.bracketed { evidence.bracketed = true }
            if p.header.separator == "." { evidence.dotted = true }
            if p.header.lastLength == 4 { evidence.fourDigitYear = true }
            if let lower = p.header.meridiemLowerCase { evidence.meridiemLowerCase = lower }
            if p.text.contains("<attached: ") || p.text.contains("(file attached)") || p.text.contains("-WA"),
               let d = DateEvidence.attachmentDate(Substring(p.text)) {
                evidence.attachmentDates.append((k, d.year, d.month, d.day))
            }
        }
        let decision = evidence.decide(forced: forcedOrder)
        let chat = WhatsAppReader.chatName(input.path)
        var log = ChatLog(name: chat, format: .whatsapp, utc: false)
        log.metadata["date_order"] = .string(decision.order.label)
        for p in pending {
            guard let text = WhatsAppReader.message(p, chat: chat, events: &events) else { continue }
            log.entries.append(ChatLog.Entry(author: p.author, time: WhatsAppReader.time(p.header, decision.order), text: text, line: p.line))
        }
        return (log, events, decision)
    }

    /// Whether the raw line has U+200E right after the author's ": " (iOS marks events so).
    static func markedAfterAuthor(_ raw: String) -> Bool {
        // The author follows "] " (iOS) or " - " (Android); the first ": " after it ends the name.
        let start = raw.range(of: "] ")?.upperBound ?? raw.range(of: " - ")?.upperBound ?? raw.startIndex
        guard let colon = raw[start...].range(of: ": ") else { return false }
        return raw[colon.upperBound...].unicodeScalars.first?.value == 0x200E
    }

    /// The text of a message to keep, or nil when it is not conversation (counted in `events`).
    static func message(_ p: Pending, chat: String, events: inout ChatEventCounts) -> String? {
        var text = p.text
        // Trailing blank lines (the file's last line, or lines before a system line) are not part of the message.
        while let last = text.last, last == "\n" || last == " " || last == "\t" { text.removeLast() }
        // Edit markers end the message: the marker goes.
        let lower = text.lowercased()
        for marker in WhatsAppPhrases.editedMarkers where lower.hasSuffix(marker) {
            text = String(text.dropLast(marker.count)).trimmingASCIIWhitespace()
            events.add(.editedMarker)
            break
        }
        // Attachments: "<attached: 00000012-PHOTO-….jpg>" (iOS, also after a caption), "IMG-….jpg (file attached)" lines (Android).
        var hadAttachment = false
        while let open = text.range(of: "<attached: "), let close = text[open.upperBound...].firstIndex(of: ">") {
            text.removeSubrange(open.lowerBound...close)
            hadAttachment = true
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.filter { line in
            let l = line.lowercased().trimmingASCIIWhitespace()
            return !WhatsAppPhrases.fileAttached.contains { l.hasSuffix($0) }
        }
        if kept.count != lines.count { hadAttachment = true; text = kept.joined(separator: "\n") }
        text = text.trimmingASCIIWhitespace()
        if text.isEmpty {
            if hadAttachment { events.add(.media) }
            return nil
        }
        if let event = WhatsAppPhrases.event(text, marked: p.marked && !hadAttachment) {
            events.add(event)
            return nil
        }
        if p.author == chat && WhatsAppPhrases.isGroupEvent(text) {
            events.add(.system)
            return nil
        }
        return text
    }
}

extension WhatsAppReader {
    /// WhatsApp's exported `.txt` chats (iOS and Android layouts, many locales).
    struct Reading: ChatAppReading {
        var format: InputFormat { .whatsapp }
        func read(_ input: InputFile, head: [UInt8], options: IngestOptions) throws -> ChatAppRead {
            let (log, events, order) = try WhatsAppReader(forcedOrder: options.dateOrder).read(input)
            return ChatAppRead(logs: [log], notes: events.reportNotes, facts: order.facts)
        }
    }
}
