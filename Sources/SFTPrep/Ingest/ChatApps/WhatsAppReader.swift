/// Reads a WhatsApp "Export chat" text file, Android or iOS, in any locale:
///
/// ```
/// 12/31/23, 9:41 PM - Alice: text            Android, US
/// 31/12/2023, 21:41 - Alice: text            Android, most of the world
/// [31.12.23, 21:41:05] Alice: text           iOS, German
/// 2023-12-31, 21:41 - Alice: text            ISO dates
/// ```
/// Times may carry a narrow no-break space before AM/PM, lines a left-to-right
/// mark. Lines without a header continue the previous message. System lines
/// (no author: encryption notice, joins, "created group") are dropped, and so
/// are media placeholders and deleted messages. Day/month order is decided
/// once for the whole file (a first number above 12 means day first, a second
/// above 12 month first), never guessed line by line.
struct WhatsAppReader {
    struct Header {
        var parts: (Int, Int, Int)
        var firstLength: Int
        var separator: Character
        var hour: Int, minute: Int, second: Int
        var meridiem: Int?  // 0 AM, 1 PM
        var rest: Substring
    }

    struct Counts {
        var systemLines = 0
        var mediaMessages = 0
    }

    static let placeholders: Set<String> = [
        "<media omitted>", "<medien ausgeschlossen>", "<multimedia omitido>", "<médias omis>", "<media weggelaten>",
        "<mídia oculta>", "<media omessi>", "image omitted", "video omitted", "audio omitted", "sticker omitted", "gif omitted",
        "document omitted", "contact card omitted", "bild weggelassen", "imagen omitida", "image absente", "null",
        "this message was deleted", "you deleted this message", "diese nachricht wurde gelöscht", "du hast diese nachricht gelöscht",
        "se eliminó este mensaje", "eliminaste este mensaje", "ce message a été supprimé", "vous avez supprimé ce message",
        "questo messaggio è stato eliminato", "dit bericht is verwijderd", "essa mensagem foi apagada", "waiting for this message",
    ]

    /// Strips the marks WhatsApp puts around times and names (LRM, RLM, BOM) and turns no-break spaces into spaces.
    static func normalize(_ s: Substring) -> String {
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            switch c.value {
            case 0x200E, 0x200F, 0xFEFF, 0x202A...0x202E, 0x2066...0x2069: continue
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
        guard let (c, _) = number(4) else { return nil }
        if s.first == "." { s = s.dropFirst() }                      // "31.12.23." in some locales
        if s.first == "," { s = s.dropFirst() }
        guard s.first == " " else { return nil }
        s = s.dropFirst()
        guard let (hour, _) = number(2), s.first == ":" else { return nil }
        s = s.dropFirst()
        guard let (minute, mLen) = number(2), mLen == 2 else { return nil }
        var second = 0
        if s.first == ":" {
            s = s.dropFirst()
            guard let (sec, _) = number(2) else { return nil }
            second = sec
        }
        var meridiem: Int?
        let afterTime = s.drop { $0 == " " }
        let lower = afterTime.prefix(6).lowercased()
        for (token, value) in [("a. m.", 0), ("p. m.", 1), ("a.m.", 0), ("p.m.", 1), ("am", 0), ("pm", 1)] where lower.hasPrefix(token) {
            meridiem = value
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
        return Header(parts: (a, b, c), firstLength: aLen, separator: sep, hour: hour, minute: minute, second: second, meridiem: meridiem, rest: s)
    }

    /// Whether the first lines look like a WhatsApp export (at least two header lines among the first 20).
    static func looksLikeWhatsApp(_ head: [UInt8]) -> Bool {
        let text = String(decoding: head, as: UTF8.self)
        var hits = 0
        for line in text.split(separator: "\n").prefix(20) where header(normalize(line)) != nil { hits += 1 }
        return hits >= 2
    }

    enum DateOrder: String { case dayFirst = "day-month-year", monthFirst = "month-day-year", yearFirst = "year-month-day" }

    /// Day/month order for the whole file.
    static func dateOrder(_ headers: [Header]) -> DateOrder {
        if headers.contains(where: { $0.firstLength == 4 }) { return .yearFirst }
        if headers.contains(where: { $0.parts.0 > 12 }) { return .dayFirst }
        if headers.contains(where: { $0.parts.1 > 12 }) { return .monthFirst }
        // Undecidable from the numbers: dotted dates are day-first; 12-hour clocks with slashes are the US format.
        if headers.first?.separator == "." { return .dayFirst }
        if headers.contains(where: { $0.meridiem != nil }) && headers.first?.separator == "/" { return .monthFirst }
        return .dayFirst
    }

    static func time(_ h: Header, _ order: DateOrder) -> Double {
        var (year, month, day): (Int, Int, Int)
        switch order {
        case .yearFirst: (year, month, day) = (h.parts.0, h.parts.1, h.parts.2)
        case .dayFirst: (year, month, day) = (h.parts.2, h.parts.1, h.parts.0)
        case .monthFirst: (year, month, day) = (h.parts.2, h.parts.0, h.parts.1)
        }
        if year < 100 { year += 2000 }
        var hour = h.hour
        if let m = h.meridiem { hour = hour % 12 + (m == 1 ? 12 : 0) }
        return CivilTime.seconds(year: year, month: max(1, min(12, month)), day: max(1, min(31, day)), hour: hour, minute: h.minute, second: Double(h.second))
    }

    /// The chat name from the file name: `WhatsApp Chat with Acme Support.txt` → `Acme Support`.
    static func chatName(_ path: String) -> String {
        var name = String(path.split(separator: "/").last ?? Substring(path))
        if let dot = name.lastIndex(of: ".") { name = String(name[..<dot]) }
        for prefix in ["WhatsApp Chat with ", "WhatsApp Chat mit ", "Chat de WhatsApp con ", "Discussion WhatsApp avec ", "WhatsApp-chat met "] where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return name == "_chat" ? "WhatsApp chat" : name
    }

    /// Reads the file into a chat log; media placeholders and system lines are counted, not kept.
    func read(_ input: InputFile) throws -> (ChatLog, Counts) {
        var pending: [(Header, author: String, text: String, line: Int)] = []
        var counts = Counts()
        var inSystemLine = false
        try LineReader(input).forEachLine { number, bytes in
            let line = WhatsAppReader.normalize(Substring(String(decoding: bytes, as: UTF8.self)))
            if let h = WhatsAppReader.header(line) {
                // "Name: text"; a header line without ": " is a system line (no author).
                // (Quotes never appear in names but do in system lines: Bob created group "Team: Q3".)
                if let colon = h.rest.range(of: ": "), h.rest.distance(from: h.rest.startIndex, to: colon.lowerBound) <= 80,
                   !h.rest[..<colon.lowerBound].contains(where: { "\"“”„«»「".contains($0) }) {
                    pending.append((h, String(h.rest[..<colon.lowerBound]).trimmingASCIIWhitespace(), String(h.rest[colon.upperBound...]), number))
                    inSystemLine = false
                } else {
                    counts.systemLines += 1
                    inSystemLine = true
                }
            } else if !inSystemLine, !pending.isEmpty {
                pending[pending.count - 1].text += "\n" + line
            }
        }
        let order = WhatsAppReader.dateOrder(pending.map(\.0))
        var log = ChatLog(name: WhatsAppReader.chatName(input.path), format: .whatsapp, utc: false)
        log.metadata["date_order"] = .string(order.rawValue)
        for p in pending {
            var text = p.text
            for suffix in ["<This message was edited>", "<Diese Nachricht wurde bearbeitet>", "<Se editó este mensaje.>"] where text.hasSuffix(suffix) {
                text = String(text.dropLast(suffix.count)).trimmingASCIIWhitespace()
            }
            let key = text.trimmingASCIIWhitespace().lowercased()
            if WhatsAppReader.placeholders.contains(key) || (key.hasPrefix("<attached: ") && key.hasSuffix(">")) || key.hasSuffix("(file attached)") {
                counts.mediaMessages += 1
                continue
            }
            log.entries.append(ChatLog.Entry(author: p.author, time: WhatsAppReader.time(p.0, order), text: text, line: p.line))
        }
        return (log, counts)
    }
}
