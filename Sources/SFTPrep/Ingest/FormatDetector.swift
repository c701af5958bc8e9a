/// Decides how to read a file from its name and its first bytes.
struct FormatDetector {
    enum Decision: Equatable {
        case json(JSONRecordReader.Layout)
        case csv(delimiter: UInt8)
        case transcript
        /// A chat-app export (WhatsApp, Discord, Telegram) read whole into a chat log.
        case chatApp(InputFormat)
        case empty
        case unrecognized(String)
    }

    static let headSize = 1 << 16
    let options: IngestOptions

    func decide(path: String, head: [UInt8]) -> Decision {
        if let reason = FormatDetector.binaryReason(head) { return .unrecognized(reason) }
        if head.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) || head == [0xEF, 0xBB, 0xBF] { return .empty }
        let ext = FormatDetector.fileExtension(path)
        if let forced = options.format {
            switch forced {
            case .csv: return .csv(delimiter: delimiter(ext: ext, head: head))
            case .transcript: return .transcript
            case .whatsapp, .discord, .telegram: return .chatApp(forced)
            case .slack: return .unrecognized("a Slack export is a folder with users.json and channels.json: name the folder")
            default: return .json(JSONRecordReader.layout(of: head))
            }
        }
        let first = head.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }
        let jsonLike = first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        switch ext {
        case "csv", "tsv", "tab", "psv":
            if DiscordReader.looksLikeCSV(head) { return .chatApp(.discord) }
            return .csv(delimiter: delimiter(ext: ext, head: head))
        case "json", "jsonl", "ndjson", "jsonlines":
            if let app = FormatDetector.chatAppJSON(head) { return .chatApp(app) }
            return .json(JSONRecordReader.layout(of: head))
        default:
            break
        }
        // iOS WhatsApp lines start with "[", so WhatsApp is tried before JSON.
        if WhatsAppReader.looksLikeWhatsApp(head) { return .chatApp(.whatsapp) }
        if jsonLike {
            if let app = FormatDetector.chatAppJSON(head) { return .chatApp(app) }
            return .json(JSONRecordReader.layout(of: head))
        }
        if TranscriptReader(options: options).looksLikeTranscript(head) { return .transcript }
        if DiscordReader.looksLikeCSV(head) { return .chatApp(.discord) }
        let d = delimiter(ext: ext, head: head)
        if let headerLine = head.split(separator: 0x0A, maxSplits: 1, omittingEmptySubsequences: false).first {
            let fields = String(decoding: headerLine, as: UTF8.self).split(separator: Character(Unicode.Scalar(d)), omittingEmptySubsequences: false)
            if fields.count > 1, (try? CSVColumns(header: fields.map { String($0).replacingQuotes() })) != nil { return .csv(delimiter: d) }
        }
        return .unrecognized("not a supported format: expected JSON/JSONL records, a CSV with recognised columns, or a 'Speaker: text' transcript")
    }

    /// Discord and Telegram exports are single JSON documents, recognised by their top-level keys —
    /// the first one above all: records that came from such an export (sftprep's own pipe records)
    /// carry the same words in their metadata, but begin with `"messages"`.
    static func chatAppJSON(_ head: [UInt8]) -> InputFormat? {
        guard let key = firstKey(head) else { return nil }
        if key == "guild" && DiscordReader.looksLikeJSON(head) { return .discord }
        if (key == "name" || key == "about") && TelegramReader.looksLike(head) { return .telegram }
        if (key == "id" || key == "messages") && TelegramReader.looksLikeBareChat(head) { return .telegram }
        return nil
    }

    /// The first key of a JSON object at the start of `head` (after whitespace and a byte order mark), if it
    /// is there whole and has no escapes.
    static func firstKey(_ head: [UInt8]) -> String? {
        var i = 0
        func skipSpace() { while i < head.count, [0x20, 0x0A, 0x0D, 0x09, 0xEF, 0xBB, 0xBF].contains(head[i]) { i += 1 } }
        skipSpace()
        guard i < head.count, head[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        skipSpace()
        guard i < head.count, head[i] == UInt8(ascii: "\"") else { return nil }
        let start = i + 1
        guard let end = head[start...].firstIndex(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }),
              head[end] == UInt8(ascii: "\"") else { return nil }
        return String(decoding: head[start..<end], as: UTF8.self)
    }

    private func delimiter(ext: String, head: [UInt8]) -> UInt8 {
        if let d = options.csvDelimiter { return d }
        if ext == "tsv" || ext == "tab" { return 0x09 }
        if ext == "psv" { return UInt8(ascii: "|") }
        return CSVParser.sniffDelimiter(head)
    }

    static func fileExtension(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    /// Explains why bytes are not text: archives and compressed files by their magic numbers, else NUL bytes.
    /// UTF-16 or UTF-32 text, by its byte-order mark or, without one, by ASCII characters
    /// alternating with zero bytes: the iconv name of the encoding, or nil.
    static func wideTextEncoding(_ head: [UInt8]) -> String? {
        if head.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return "UTF-32LE" }
        if head.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return "UTF-32BE" }
        if head.starts(with: [0xFF, 0xFE]) { return "UTF-16LE" }
        if head.starts(with: [0xFE, 0xFF]) { return "UTF-16BE" }
        let sample = head.prefix(512)
        guard sample.count >= 8 else { return nil }
        var zeroEven = 0, zeroOdd = 0
        for (i, b) in sample.enumerated() where b == 0 { if i % 2 == 0 { zeroEven += 1 } else { zeroOdd += 1 } }
        let pairs = sample.count / 2
        if zeroOdd * 10 >= pairs * 9 && zeroEven == 0 { return "UTF-16LE" }
        if zeroEven * 10 >= pairs * 9 && zeroOdd == 0 { return "UTF-16BE" }
        return nil
    }

    static func binaryReason(_ head: [UInt8]) -> String? {
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "a ZIP archive: unzip it and point sftprep at the folder" }
        if head.starts(with: [0x1F, 0x8B]) { return "gzip-compressed: decompress it first (gunzip)" }
        if head.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) { return "zstd-compressed: decompress it first (zstd -d)" }
        if head.starts(with: Array("%PDF".utf8)) { return "a PDF document, not conversation data" }
        if let encoding = wideTextEncoding(head) {
            return "\(encoding) text (Excel and PowerShell write it): sftprep reads UTF-8; convert it first, e.g. iconv -f \(encoding) -t UTF-8 < FILE > FILE.utf8"
        }
        if head.prefix(8192).contains(0) { return "a binary file (contains NUL bytes)" }
        return nil
    }
}

extension String {
    /// The text without one pair of surrounding double quotes (CSV header cells).
    func replacingQuotes() -> String {
        let t = trimmingASCIIWhitespace()
        if t.count >= 2, t.hasPrefix("\""), t.hasSuffix("\"") { return String(t.dropFirst().dropLast()) }
        return t
    }
}
