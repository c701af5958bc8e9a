/// Reads JSON record files in any of three layouts: JSON Lines, a top-level JSON
/// array (streamed element by element), or a single pretty-printed object.
///
/// Every record is mapped on its own, so one broken line or element becomes a
/// reject with its line number and the records around it still come through.
public struct JSONRecordReader {
    public enum Layout: String, Sendable { case lines, array, document }

    /// Records longer than this keep only a prefix in `rejects.jsonl`.
    static let maxRejectExcerpt = 1 << 20

    let mapper: JSONRecordMapper

    public init(mapper: JSONRecordMapper) { self.mapper = mapper }

    /// Tells the layout from the first bytes: `[` is an array; a first line that is a
    /// complete value, or that is not the start of an object, is JSON Lines (a broken
    /// first line is then one reject, not the whole file); a `{` whose line does not
    /// close is one pretty-printed document — unless one of the next lines is a complete,
    /// unindented object by itself, which only JSON Lines with a broken first record has.
    public static func layout(of head: [UInt8]) -> Layout {
        var i = 0
        if head.count >= 3, head[0] == 0xEF, head[1] == 0xBB, head[2] == 0xBF { i = 3 }
        while i < head.count, head[i] == 0x20 || head[i] == 0x0A || head[i] == 0x0D || head[i] == 0x09 { i += 1 }
        guard i < head.count else { return .lines }
        if head[i] == UInt8(ascii: "[") { return .array }
        guard head[i] == UInt8(ascii: "{") else { return .lines }
        guard let nl = head[i...].firstIndex(of: 0x0A) else { return .lines }
        if (try? JSONParser.parse(Array(head[i..<nl]))) != nil { return .lines }
        var lineStart = nl + 1
        var looked = 0
        while looked < 5, lineStart < head.count, let end = head[lineStart...].firstIndex(of: 0x0A) {
            // Unindented: a pretty-printed document's inner objects are indented, JSON Lines records are not.
            let line = head[lineStart..<end]
            if line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) {
                looked += 1
                if line.first == UInt8(ascii: "{"), (try? JSONParser.parse(Array(line)))?.objectValue != nil { return .lines }
            }
            lineStart = end + 1
        }
        return .document
    }

    /// What reading a file found: the formats seen (with counts) and what help-desk records left out on purpose.
    public struct Summary {
        public var formats: [InputFormat: Int] = [:]
        var skipped = HelpDeskSkips()
    }

    /// Reads `input` and hands each record to `emit`.
    public func read(_ input: InputFile, layout: Layout, emit: (IngestItem) throws -> Void) throws -> Summary {
        var summary = Summary()
        // Help-desk messages that are records of their own, grouped by conversation until the end of the file.
        var grouped: [String: (thread: HelpDeskThread, line: Int)] = [:]
        var groupOrder: [String] = []
        func handle(_ line: Int, _ bytes: UnsafeBufferPointer<UInt8>) throws {
            switch record(bytes, source: input.path, line: line) {
            case .item(let item, let format):
                if let format { summary.formats[format, default: 0] += 1 }
                try emit(item)
            case .helpDesk(.threads(let threads), let format):
                summary.formats[format, default: 0] += 1
                for t in threads {
                    summary.skipped.merge(t.skipped)
                    try emit(t.item(source: input.path, line: line))
                }
                if threads.isEmpty {
                    try emit(.reject(Reject(stage: "ingest", reason: .noPublicMessages, message: "this \(format.rawValue) record holds no conversation",
                                            source: input.path, line: line, record: JSONRecordReader.excerpt(bytes))))
                }
            case .helpDesk(.message(let key, let part), let format):
                summary.formats[format, default: 0] += 1
                let k = format.rawValue + "\u{1F}" + key
                if var known = grouped[k] {
                    known.thread.skipped.merge(part.skipped)
                    for var m in part.messages {
                        m.order = known.thread.messages.count
                        known.thread.messages.append(m)
                    }
                    grouped[k] = known
                } else {
                    grouped[k] = (part, line)
                    groupOrder.append(k)
                }
            }
        }
        switch layout {
        case .lines:
            try LineReader(input).forEachLine({ line, bytes in
                if JSONRecordReader.isBlank(bytes) { return }
                try handle(line, bytes)
            }, oversized: { line, length in
                try emit(.reject(Reject(stage: "ingest", reason: .recordTooLarge, message: JSONRecordReader.tooLarge(length),
                                        source: input.path, line: line)))
            })
        case .array:
            try JSONArrayStreamer(input).forEachElement(handle) { error in
                try emit(.reject(Reject(stage: "ingest", reason: .invalidJSON, message: error.message,
                                        source: input.path, line: error.line)))
            }
        case .document:
            var all = try input.readAll()
            if all.count >= 3, all[0] == 0xEF, all[1] == 0xBB, all[2] == 0xBF { all.removeFirst(3) }
            // One pretty-printed object, or several one after another (`jq .` writes them so).
            try all.withUnsafeBufferPointer { p in
                try JSONRecordReader.forEachTopLevelValue(p) { line, value in try handle(line, value) }
            }
        }
        for k in groupOrder {
            let (thread, line) = grouped[k]!
            summary.skipped.merge(thread.skipped)
            try emit(thread.item(source: input.path, line: line))
        }
        return summary
    }

    /// What one record is: an item, or a help-desk record for ``read(_:layout:emit:)`` to emit or group.
    enum RecordOutcome {
        case item(IngestItem, InputFormat?)
        case helpDesk(HelpDeskRecord, InputFormat)
    }

    /// The message for a line longer than ``LineReader/maxLineBytes``.
    static func tooLarge(_ length: Int) -> String {
        "the line is \(NumberFormatting.grouped(length)) bytes, over the \(LineReader.maxLineBytes >> 20) MB limit for one record (no model takes an example this long); skipped without reading it into memory"
    }

    /// Calls `body` with each top-level value of `p` and the line it starts on: objects and arrays
    /// one after another, told apart by their brackets outside strings. Whatever cannot be
    /// split so (a value left open) goes to `body` whole from where it starts, to be reported there.
    static func forEachTopLevelValue(_ p: UnsafeBufferPointer<UInt8>, _ body: (Int, UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var i = 0
        var line = 1
        while i < p.count {
            while i < p.count, p[i] == 0x20 || p[i] == 0x0A || p[i] == 0x0D || p[i] == 0x09 {
                if p[i] == 0x0A { line += 1 }
                i += 1
            }
            guard i < p.count else { return }
            let start = i, startLine = line
            var depth = 0
            var inString = false, escaped = false
            var end = p.count
            while i < p.count {
                let b = p[i]
                i += 1
                if b == 0x0A { line += 1 }
                if inString {
                    if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                    continue
                }
                switch b {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: break
                }
                if depth <= 0 && (b == UInt8(ascii: "}") || b == UInt8(ascii: "]")) { end = i; break }
                if depth == 0 && start == i - 1 && b != UInt8(ascii: "{") && b != UInt8(ascii: "[") { end = p.count; i = p.count; break }
            }
            try body(startLine, UnsafeBufferPointer(rebasing: p[start..<end]))
            if end == p.count { return }
        }
    }

    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes where !(b == 0x20 || b == 0x09 || b == 0x0D) { return false }
        return true
    }

    /// Validates, parses and maps one record whose first byte is on `line`, with the format it was read as.
    func record(_ bytes: UnsafeBufferPointer<UInt8>, source: String, line: Int) -> RecordOutcome {
        func reject(_ reason: String, _ message: String, field: String? = nil, at: Int? = nil) -> RecordOutcome {
            let lineOfError = at.map { TextPosition.locate($0, in: bytes, firstLine: line).line } ?? line
            return .item(.reject(Reject(stage: "ingest", reason: reason, message: message, source: source, line: lineOfError,
                                        field: field, record: JSONRecordReader.excerpt(bytes))), nil)
        }
        if let bad = UTF8Validator.firstInvalidOffset(bytes) {
            let pos = TextPosition.locate(bad, in: bytes, firstLine: line)
            return reject("invalid_utf8", "invalid UTF-8 at column \(pos.column) (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)))", at: bad)
        }
        if mapper.forced == nil || mapper.forced == .openai, let messages = PlainChatRecord.messages(bytes) {
            var c = Conversation(messages: messages)
            c.metadata = mapper.metadata(for: JSONObject(), used: JSONRecordMapper.openAIKeys, source: source, line: line, format: .openai)
            return .item(.conversation(c), .openai)
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            let pos = TextPosition.locate(error.offset, in: bytes, firstLine: line)
            return reject("invalid_json", "invalid JSON at column \(pos.column): \(error.message)", at: error.offset)
        }
        guard let object = value.objectValue else {
            return reject("not_an_object", "expected a JSON object, found \(value.kindDescription)")
        }
        // Help-desk exports first: a Gorgias ticket's `messages` or Freshdesk's `conversations` are not chat records.
        if mapper.forced == nil || mapper.forced!.isHelpDesk, let helpDesk = HelpDeskFormats.recognize(object, forced: mapper.forced) {
            do {
                return .helpDesk(try helpDesk.read(object), helpDesk.format)
            } catch {
                return reject(error.reason, error.message, field: error.field)
            }
        }
        do {
            let (conversation, format) = try mapper.map(object, source: source, line: line)
            return .item(.conversation(conversation), format)
        } catch {
            return reject(error.reason, error.message + HelpDeskFormats.hint(object), field: error.field)
        }
    }

    /// The record's text for `rejects.jsonl` (nil when it is not UTF-8).
    static func excerpt(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? {
        let n = min(bytes.count, maxRejectExcerpt)
        let slice = UnsafeBufferPointer(rebasing: bytes[0..<n])
        guard UTF8Validator.isValid(slice) else { return nil }
        return .string(String(decoding: slice, as: UTF8.self))
    }
}
