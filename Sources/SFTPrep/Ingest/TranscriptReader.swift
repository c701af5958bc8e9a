/// Reads plain-text transcripts: `Speaker: text` turns.
///
/// ```
/// Customer: My order hasn't arrived.
/// Agent: Sorry to hear that! Could you share the order number?
/// ---
/// User: …
/// ```
/// A line that does not start with a speaker label continues the previous turn
/// (so multi-paragraph answers and code survive); a line of `---` (or `===`)
/// or two blank lines starts a new conversation. Known labels are the role
/// aliases (User/Assistant, Human/AI, Customer/Agent, Q/A, …); other names
/// become speakers with `--assistant NAME`, everyone else being the user.
struct TranscriptReader {
    let options: IngestOptions
    private let assistantNames: Set<String>

    init(options: IngestOptions) {
        self.options = options
        assistantNames = Set(options.assistantNames.map { $0.lowercased() })
    }

    /// The label at the start of a line and where its text begins, if the line opens a turn.
    func speaker(in line: Substring) -> (role: Role, label: String, text: Substring)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let label = line[..<colon]
        guard !label.isEmpty, label.count <= 32, let first = label.first, first.isLetter else { return nil }
        guard label.allSatisfy({ $0.isLetter || $0.isNumber || $0 == " " || $0 == "." || $0 == "'" || $0 == "-" || $0 == "_" }) else { return nil }
        var rest = line[line.index(after: colon)...]
        if let f = rest.first, f != " " && f != "\t" { return nil }  // "http://…", "10:30"
        rest = rest.drop(while: { $0 == " " || $0 == "\t" })
        let key = label.lowercased()
        if assistantNames.contains(key) { return (.assistant, String(label), rest) }
        if let role = Role(alias: key) { return (role, String(label), rest) }
        if !assistantNames.isEmpty, TranscriptReader.looksLikeName(label) { return (.user, String(label), rest) }
        return nil
    }

    /// One to three capitalised words: how chat exports name people.
    static func looksLikeName(_ s: Substring) -> Bool {
        let words = s.split(separator: " ")
        return (1...3).contains(words.count) && words.allSatisfy { $0.first?.isUppercase == true }
    }

    /// True when the first lines look like a transcript: at least two speaker lines among the first 40 non-blank ones.
    func looksLikeTranscript(_ head: [UInt8]) -> Bool {
        let text = String(decoding: head, as: UTF8.self)
        var speakers = 0
        var seen = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: true).prefix(40) {
            seen += 1
            if speaker(in: line.hasSuffix("\r") ? line.dropLast() : line) != nil { speakers += 1 }
        }
        return speakers >= 2 && seen > 0
    }

    private struct Block {
        var line = 0
        var preamble: [String] = []
        var turns: [(role: Role, label: String, lines: [Substring])] = []
        var participants: [String] = []
        var isEmpty: Bool { preamble.isEmpty && turns.isEmpty }
    }

    func read(_ input: InputFile, emit: (IngestItem) throws -> Void) throws {
        var block = Block()
        var blankRun = 0
        let source = input.path

        func flush() throws {
            defer { block = Block() }
            guard !block.isEmpty else { return }
            guard !block.turns.isEmpty else {
                try emit(.reject(Reject(stage: "ingest", reason: .noSpeakerLines,
                                        message: "text block with no 'Speaker: text' lines",
                                        source: source, line: block.line, record: .string(block.preamble.joined(separator: "\n")))))
                return
            }
            var messages: [Message] = []
            for t in block.turns {
                var lines = t.lines
                while let last = lines.last, last.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeLast() }
                messages.append(Message(role: t.role, content: lines.joined(separator: "\n")))
            }
            var m = Metadata()
            m.source = source
            m.line = block.line
            m.format = InputFormat.transcript.rawValue
            if !block.preamble.isEmpty { m["preamble"] = .string(block.preamble.joined(separator: "\n")) }
            m["participants"] = .array(block.participants.map(JSONValue.string))
            // Named speakers on the user side (not role labels such as "Customer"): their names are personal data.
            let users = block.participants.filter { label in
                Role(alias: label) == nil && block.turns.contains { $0.label == label && $0.role == .user }
            }
            if !users.isEmpty { m["user_participants"] = .array(users.map(JSONValue.string)) }
            try emit(.conversation(Conversation(messages: messages, metadata: m)))
        }

        try LineReader(input).forEachLine { number, bytes in
            guard UTF8Validator.isValid(bytes) else {
                try emit(.reject(Reject(stage: "ingest", reason: .invalidUTF8, message: "invalid UTF-8 in this line (save the file as UTF-8)",
                                        source: source, line: number)))
                return
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let line = Substring(text)
            let trimmed = text.trimmingASCIIWhitespace()
            if trimmed.isEmpty {
                blankRun += 1
                if blankRun >= 2 { try flush() } else if !block.turns.isEmpty { block.turns[block.turns.count - 1].lines.append("") }
                return
            }
            blankRun = 0
            if trimmed.count >= 3, trimmed.allSatisfy({ $0 == "-" }) || trimmed.allSatisfy({ $0 == "=" }) {
                try flush()
                return
            }
            if block.isEmpty { block.line = number }
            if let s = speaker(in: line) {
                block.turns.append((s.role, s.label, [s.text]))
                if !block.participants.contains(s.label) { block.participants.append(s.label) }
            } else if block.turns.isEmpty {
                block.preamble.append(text)
            } else {
                block.turns[block.turns.count - 1].lines.append(line)
            }
        }
        try flush()
    }
}

