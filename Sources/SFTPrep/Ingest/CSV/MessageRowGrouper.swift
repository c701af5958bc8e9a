/// Collects one-row-per-message CSV rows into conversations.
///
/// Rows are grouped by conversation id wherever they are in the file and
/// ordered by time (``Timestamp``: ISO 8601 with offsets, epoch seconds or
/// milliseconds) when every row of the conversation has one, otherwise kept in
/// row order (counted). Private rows (internal notes) never become messages.
/// A row whose speaker cannot be told rejects its whole conversation, so no
/// conversation is written with a hole in it.
struct MessageRowGrouper {
    /// What became of one row.
    enum RowOutcome {
        case added
        /// Not a message, on purpose: counted under this note (`notes_skipped`, …).
        case skipped(String)
        /// A row that belongs to no conversation: rejected on its own.
        case rejected(RecordError)
    }

    struct Turn {
        var time: Double?
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
        /// Every row's line, for a whole-conversation reject.
        var lines: [Int] = []
        var skippedNotes = 0
        /// The first row that made the conversation unusable, with its cells.
        var problem: (line: Int, error: RecordError, cells: [String])?
    }

    let columns: CSVColumns
    let shape: CSVColumns.MessageColumns
    let options: IngestOptions
    private var groups: [Group] = []
    private var index: [String: Int] = [:]
    private var rowCount = 0
    private(set) var unorderedConversations = 0
    private let assistantNames: Set<String>

    init(columns: CSVColumns, options: IngestOptions) {
        self.columns = columns
        self.options = options
        guard case .messages(let m) = columns.shape else { preconditionFailure("not a message-row CSV") }
        shape = m
        assistantNames = Set(options.assistantNames.map { $0.lowercased() })
    }

    /// The role of a speaker cell (or of its author, when named with `--assistant`), or nil when it maps to none.
    func role(speaker: String, author: String?) -> Role? {
        if assistantNames.contains(speaker.lowercased()) || author.map({ assistantNames.contains($0.lowercased()) }) == true {
            return .assistant
        }
        switch shape.speaker {
        case .values: return SpeakerValue.role(speaker)
        case .flag(_, let trueIsUser): return CSVColumns.flag(speaker).map { $0 == trueIsUser ? .user : .assistant }
        }
    }

    /// Whether a row is an internal note, by the visibility column.
    private func isPrivate(_ fields: [String]) -> Bool {
        switch shape.visibility {
        case .none: return false
        case .flag(let c, let trueIsPublic):
            guard let v = CSVColumns.flag(fields[c]) else { return false }
            return v != trueIsPublic
        case .words(let c):
            switch fields[c].trimmingASCIIWhitespace().lowercased() {
            case "private", "internal", "agents", "agent", "agents_only", "staff", "note", "internal_note", "hidden": return true
            default: return false
            }
        }
    }

    /// The row's text: the first text column that has any, HTML made plain.
    private func text(_ fields: [String]) -> String? {
        for c in shape.texts where !fields[c].trimmingASCIIWhitespace().isEmpty {
            return shape.htmlTexts.contains(c) ? HTMLText.toText(fields[c]) : fields[c]
        }
        return nil
    }

    /// Adds a row.
    mutating func add(_ fields: [String], line: Int) -> RowOutcome {
        rowCount += 1
        let id = fields[shape.conversation].trimmingASCIIWhitespace()
        guard !id.isEmpty else {
            let name = columns.header[shape.conversation]
            return .rejected(RecordError(.missingField, field: name, "the \(name) column is empty, so the row belongs to no conversation"))
        }
        let g: Int
        if let known = index[id] {
            g = known
        } else {
            var extras = JSONObject()
            let used = shape.used
            for (k, name) in columns.header.enumerated() where !used.contains(k) { extras[name] = .string(fields[k]) }
            index[id] = groups.count
            g = groups.count
            groups.append(Group(id: id, line: line, extras: extras))
        }
        groups[g].lines.append(line)
        if isPrivate(fields) {
            groups[g].skippedNotes += 1
            return .skipped("notes_skipped")
        }
        let speakerText = fields[shape.speaker.column].trimmingASCIIWhitespace()
        let authorName = shape.author.map { fields[$0].trimmingASCIIWhitespace() }
        guard let role = role(speaker: speakerText, author: authorName) else {
            let name = columns.header[shape.speaker.column]
            let expected: String
            switch shape.speaker {
            case .values: expected = "expected customer/user/end-user/contact/lead/visitor/inbound for the user, agent/admin/teammate/operator/staff/bot/outbound for the assistant, or name it with --assistant"
            case .flag: expected = "expected true or false"
            }
            if groups[g].problem == nil {
                groups[g].problem = (line, RecordError(.unknownSpeaker, field: name, "unknown speaker \"\(speakerText)\" in \(name) (\(expected))"), fields)
            }
            return .added
        }
        guard let body = text(fields) else { return .skipped("empty_rows_skipped") }
        let time = shape.order.flatMap { Timestamp.instant(fields[$0]) }
        groups[g].turns.append(Turn(time: time, row: rowCount, role: role, text: body,
                                    author: authorName.flatMap { $0.isEmpty ? nil : $0 }))
        return .added
    }

    /// The conversations, in order of their first row, and a reject for each conversation that cannot be written whole.
    mutating func finish(source: String) -> [IngestItem] {
        var out: [IngestItem] = []
        out.reserveCapacity(groups.count)
        for g in groups {
            if let problem = g.problem {
                let lines = g.lines.map(String.init).joined(separator: ", ")
                let record = JSONValue.object(JSONObject([
                    JSONMember(columns.header[shape.conversation], .string(g.id)),
                    JSONMember("lines", .array(g.lines.map { .number(String($0)) })),
                    JSONMember("row", .array(problem.cells.map(JSONValue.string))),
                ]))
                out.append(.reject(Reject(stage: "ingest", reason: problem.error.reason,
                                          message: "line \(problem.line): \(problem.error.message); the whole conversation \(g.id) (lines \(lines)) is rejected so that it is not written with a hole in it",
                                          source: source, line: g.line, field: problem.error.field, record: record)))
                continue
            }
            if g.turns.isEmpty {
                let why = g.skippedNotes > 0 ? "has only internal notes (\(g.skippedNotes)), no public message" : "has no message with text"
                out.append(.reject(Reject(stage: "ingest", reason: .noPublicMessages, message: "conversation \(g.id) \(why)",
                                          source: source, line: g.line,
                                          record: .object(JSONObject([JSONMember(columns.header[shape.conversation], .string(g.id)),
                                                                      JSONMember("lines", .array(g.lines.map { .number(String($0)) }))])))))
                continue
            }
            var turns = g.turns
            if shape.order != nil {
                if turns.allSatisfy({ $0.time != nil }) {
                    turns.sort { $0.time! != $1.time! ? $0.time! < $1.time! : $0.row < $1.row }
                } else {
                    unorderedConversations += 1
                }
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
            out.append(.conversation(Conversation(messages: turns.map { Message(role: $0.role, content: $0.text) }, metadata: m)))
        }
        return out
    }
}

/// The speaker values chat logs and help desks write, mapped to roles: the chat
/// roles and their aliases (``Role/init(alias:)``) plus what help-desk tools
/// and their exports call the two sides (`admin`, `teammate`, `lead`, `contact`,
/// `in`/`out`, `INCOMING`/`OUTGOING`, …).
enum SpeakerValue {
    static func role(_ value: String) -> Role? {
        if let r = Role(alias: value) { return r }
        return helpDesk[value.trimmingASCIIWhitespace().lowercased()]
    }

    static let helpDesk: [String: Role] = {
        var map: [String: Role] = [:]
        for v in ["lead", "contact", "customer", "end-user", "end_user", "enduser", "requester", "in", "inbound", "incoming",
                  "customer_reply", "customer reply", "from_customer", "guest", "shopper", "caller"] {
            map[v] = .user
        }
        for v in ["admin", "teammate", "team", "operator", "staff", "out", "outbound", "outgoing", "agent_reply", "agent reply",
                  "human_agent", "employee", "rep", "csr", "advisor", "specialist", "bot", "ai", "fin", "chatbot", "virtual_agent"] {
            map[v] = .assistant
        }
        return map
    }()
}
