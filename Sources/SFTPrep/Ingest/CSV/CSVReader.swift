/// Reads CSV and TSV files in either shape ``CSVColumns`` recognises.
///
/// One row per example becomes one conversation. One row per message is grouped
/// by conversation id even when a ticket's rows are scattered through the file,
/// ordered by the timestamp or sequence column when there is one, and emitted
/// in order of each conversation's first row.
struct CSVReader {
    let options: IngestOptions

    /// Reads `input`; returns informational counters for the report (rows, skipped rows).
    func read(_ input: InputFile, delimiter: UInt8, emit: (IngestItem) throws -> Void) throws -> [String: Int] {
        var columns: CSVColumns?
        var notes: [String: Int] = [:]
        var grouper: MessageRowGrouper?
        let source = input.path

        func reject(_ line: Int, _ reason: String, _ message: String, field: String? = nil, row: [[UInt8]]? = nil) throws {
            let record = row.map { fields -> JSONValue in
                .array(fields.map { f in
                    f.withUnsafeBufferPointer { UTF8Validator.isValid($0) } ? .string(String(decoding: f, as: UTF8.self)) : .null
                })
            }
            try emit(.reject(Reject(stage: "ingest", reason: reason, message: message, source: source, line: line,
                                    field: field, record: record)))
        }

        func handle(_ row: CSVParser.Row) throws {
            guard let cols = columns else { return }
            notes["rows", default: 0] += 1
            if row.fields.count != cols.header.count {
                try reject(row.line, "field_count", "row has \(row.fields.count) fields but the header has \(cols.header.count) (an unquoted delimiter or quote?)", row: row.fields)
                return
            }
            var texts: [String] = []
            texts.reserveCapacity(row.fields.count)
            for (k, f) in row.fields.enumerated() {
                if let bad = f.withUnsafeBufferPointer({ UTF8Validator.firstInvalidOffset($0) }) {
                    try reject(row.line, "invalid_utf8", "invalid UTF-8 at byte \(bad + 1) of the field (save the file as UTF-8)", field: cols.header[k], row: row.fields)
                    return
                }
                texts.append(String(decoding: f, as: UTF8.self))
            }
            switch cols.shape {
            case .examples(let p, let r, let input, let system):
                try emitExample(texts, line: row.line, cols: cols, prompt: p, response: r, input: input, system: system,
                                source: source, emit: emit, reject: { try reject(row.line, $0, $1, field: $2, row: row.fields) })
            case .messages:
                if let problem = grouper!.add(texts, line: row.line) {
                    if problem.reason == "empty_message" {
                        notes["skipped_empty_message_rows", default: 0] += 1
                    } else {
                        try reject(row.line, problem.reason, problem.message, field: problem.field, row: row.fields)
                    }
                }
            }
        }

        func setHeader(_ fields: [[UInt8]]) throws {
            columns = try CSVColumns(header: fields.map { String(decoding: $0, as: UTF8.self) })
            if case .messages = columns!.shape { grouper = MessageRowGrouper(columns: columns!, options: options) }
        }

        try CSVParser(input, delimiter: delimiter).forEachRow({ row in
            if columns == nil { try setHeader(row.fields) } else { try handle(row) }
        }, onError: { error in
            if columns == nil {
                // The header itself: read with its stray quote as text, or else split at every delimiter with
                // the quotes dropped, it still names the columns.
                if (try? CSVColumns(header: error.fallback.map { String(decoding: $0, as: UTF8.self) })) != nil {
                    try setHeader(error.fallback)
                } else {
                    try setHeader(error.firstLine.filter { $0 != UInt8(ascii: "\"") }.split(separator: delimiter, omittingEmptySubsequences: false).map { Array($0) })
                }
                notes["header_unclosed_quote_repaired", default: 0] += 1
            } else if error.fallback.count == columns!.header.count {
                // A stray quote in a row that is whole on its line: read it with the quote as text, counted.
                notes["stray_quote_rows_read_to_line_end", default: 0] += 1
                try handle(CSVParser.Row(line: error.line, fields: error.fallback))
            } else {
                notes["rows", default: 0] += 1
                try reject(error.line, "unclosed_quote", error.message, row: error.fallback)
            }
        }, isStray: { row, raw in
            guard let cols = columns else { return false }
            if row.fields.count != cols.header.count { return true }
            // Lines inside the quoted field (between the row's first line and the one where it closed)
            // that are whole message rows of this file: the quote swallowed them.
            guard let grouper, case .messages(let conv, let speaker, _, _, let author) = cols.shape else { return false }
            let lines = raw.split(separator: 0x0A, omittingEmptySubsequences: false)
            guard lines.count > 3 else { return false }
            for line in lines.dropFirst().dropLast(2) {
                let f = CSVParser.splitLine(line, delimiter: delimiter)
                guard f.count == cols.header.count else { continue }
                let id = String(decoding: f[conv], as: UTF8.self).trimmingASCIIWhitespace()
                let who = String(decoding: f[speaker], as: UTF8.self).trimmingASCIIWhitespace()
                let name = author.map { String(decoding: f[$0], as: UTF8.self).trimmingASCIIWhitespace() }
                if !id.isEmpty && !id.contains(" ") && grouper.role(speaker: who, author: name) != nil { return true }
            }
            return false
        })
        if var grouper {
            for c in grouper.conversations(source: source) { try emit(.conversation(c)) }
            if grouper.unorderedConversations > 0 { notes["conversations_kept_in_row_order"] = grouper.unorderedConversations }
        }
        return notes
    }

    private func emitExample(_ texts: [String], line: Int, cols: CSVColumns, prompt: Int, response: Int, input: Int?, system: Int?,
                             source: String, emit: (IngestItem) throws -> Void,
                             reject: (String, String, String) throws -> Void) throws {
        var user = texts[prompt]
        if let input, !texts[input].trimmingASCIIWhitespace().isEmpty { user += "\n\n" + texts[input] }
        let answer = texts[response]
        if user.trimmingASCIIWhitespace().isEmpty {
            try reject("missing_field", "the \(cols.header[prompt]) column is empty", cols.header[prompt]); return
        }
        if answer.trimmingASCIIWhitespace().isEmpty {
            try reject("missing_field", "the \(cols.header[response]) column is empty", cols.header[response]); return
        }
        var messages: [Message] = []
        if let system, !texts[system].trimmingASCIIWhitespace().isEmpty { messages.append(.system(texts[system])) }
        messages.append(.user(user))
        messages.append(.assistant(answer))
        var m = Metadata()
        m.source = source
        m.line = line
        m.format = InputFormat.csv.rawValue
        let used: Set<Int> = Set([prompt, response, input, system].compactMap { $0 })
        for (k, name) in cols.header.enumerated() where !used.contains(k) {
            m[name] = .string(texts[k])
        }
        try emit(.conversation(Conversation(messages: messages, metadata: m)))
    }
}

/// Collects one-row-per-message CSV rows into conversations.
struct MessageRowGrouper {
    struct Turn {
        var order: String?
        var row: Int
        var role: Role
        var text: String
        var author: String?
    }
    struct Group {
        var id: String
        var line: Int
        var turns: [Turn] = []
        var extras: JSONObject
    }

    let columns: CSVColumns
    let options: IngestOptions
    let conv: Int, speaker: Int, text: Int, order: Int?, author: Int?
    private var groups: [Group] = []
    private var index: [String: Int] = [:]
    private var rowCount = 0
    private(set) var unorderedConversations = 0
    private let assistantNames: Set<String>

    init(columns: CSVColumns, options: IngestOptions) {
        self.columns = columns
        self.options = options
        guard case .messages(let c, let s, let t, let o, let a) = columns.shape else { preconditionFailure("not a message-row CSV") }
        (conv, speaker, text, order, author) = (c, s, t, o, a)
        assistantNames = Set(options.assistantNames.map { $0.lowercased() })
    }

    /// The role of a row's speaker value (or its author, when named with `--assistant`), or nil when it maps to none.
    func role(speaker: String, author: String?) -> Role? {
        if assistantNames.contains(speaker.lowercased()) || author.map({ assistantNames.contains($0.lowercased()) }) == true {
            return .assistant
        }
        return Role(alias: speaker)
    }

    /// Adds a row; returns a problem when the row cannot be used.
    mutating func add(_ fields: [String], line: Int) -> RecordError? {
        rowCount += 1
        let id = fields[conv].trimmingASCIIWhitespace()
        guard !id.isEmpty else {
            return RecordError("missing_field", field: columns.header[conv], "the \(columns.header[conv]) column is empty, so the row belongs to no conversation")
        }
        let speakerText = fields[speaker].trimmingASCIIWhitespace()
        let authorName = author.map { fields[$0].trimmingASCIIWhitespace() }
        guard let role = role(speaker: speakerText, author: authorName) else {
            return RecordError("unknown_speaker", field: columns.header[speaker],
                               "unknown speaker \"\(speakerText)\" (expected customer/user/visitor/client for the user, agent/support/assistant/staff/operator/bot for the assistant, or name it with --assistant)")
        }
        let body = fields[text]
        if body.trimmingASCIIWhitespace().isEmpty {
            return RecordError("empty_message", field: columns.header[text], "empty message text")
        }
        let turn = Turn(order: order.map { fields[$0].trimmingASCIIWhitespace() }, row: rowCount, role: role, text: body,
                        author: authorName.flatMap { $0.isEmpty ? nil : $0 })
        if let g = index[id] {
            groups[g].turns.append(turn)
        } else {
            var extras = JSONObject()
            let used: Set<Int> = Set([speaker, text, order, author].compactMap { $0 })
            for (k, name) in columns.header.enumerated() where !used.contains(k) {
                extras[name] = .string(fields[k])
            }
            index[id] = groups.count
            groups.append(Group(id: id, line: line, turns: [turn], extras: extras))
        }
        return nil
    }

    /// The conversations, in order of their first row, turns sorted by the order column when it sorts.
    mutating func conversations(source: String) -> [Conversation] {
        var out: [Conversation] = []
        out.reserveCapacity(groups.count)
        for g in groups {
            var turns = g.turns
            if order != nil {
                if let sorted = MessageRowGrouper.sortedByOrder(turns) { turns = sorted } else { unorderedConversations += 1 }
            }
            var m = Metadata()
            m.id = g.id
            m.source = source
            m.line = g.line
            m.format = InputFormat.csv.rawValue
            for member in g.extras { m[member.key] = member.value }
            var participants: [String] = []
            var users: [String] = []
            for t in turns {
                guard let a = t.author else { continue }
                if !participants.contains(a) { participants.append(a) }
                if t.role == .user && !users.contains(a) { users.append(a) }
            }
            if !participants.isEmpty {
                m["participants"] = .array(participants.map(JSONValue.string))
                m["user_participants"] = .array(users.map(JSONValue.string))
            }
            out.append(Conversation(messages: turns.map { Message(role: $0.role, content: $0.text) }, metadata: m))
        }
        return out
    }

    /// Sorts by the order column when all values are numbers or all are ISO-8601 dates; nil otherwise.
    static func sortedByOrder(_ turns: [Turn]) -> [Turn]? {
        let values = turns.map { $0.order ?? "" }
        if values.allSatisfy({ Double($0) != nil }) {
            return turns.sorted { a, b in
                let x = Double(a.order!)!, y = Double(b.order!)!
                return x != y ? x < y : a.row < b.row
            }
        }
        if values.allSatisfy(isISODate) {
            return turns.sorted { a, b in a.order! != b.order! ? a.order! < b.order! : a.row < b.row }
        }
        return nil
    }

    /// `YYYY-MM-DD…`: such timestamps sort correctly as text.
    static func isISODate(_ s: String) -> Bool {
        let u = Array(s.utf8.prefix(10))
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return false }
        return [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { u[$0] >= 0x30 && u[$0] <= 0x39 }
    }
}
