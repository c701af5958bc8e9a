/// Turns a ``ChatLog`` into training conversations.
///
/// Roles: the names given with `--assistant` are the assistant, everyone else
/// the user; without names, authors the export marks as bots are the
/// assistant; otherwise there is no way to know, and the error lists the
/// participants with their message counts so the user can choose.
/// Sessions: a silence longer than `gap` starts a new conversation, so years
/// of history become many examples. Consecutive messages of one role merge.
struct SessionBuilder {
    let assistantNames: Set<String>
    /// The names as the user typed them, for messages.
    let givenNames: [String]
    let gap: Double

    init(options: IngestOptions) {
        assistantNames = Set(options.assistantNames.map { $0.lowercased() })
        givenNames = options.assistantNames
        gap = options.sessionGap
    }

    /// Participants with their message counts, most active first: `Alice (120), Bob (98)`.
    static func participantSummary(_ log: ChatLog) -> String {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for e in log.entries {
            if counts[e.author] == nil { order.append(e.author) }
            counts[e.author, default: 0] += 1
        }
        let sorted = order.enumerated().sorted { counts[$0.element]! != counts[$1.element]! ? counts[$0.element]! > counts[$1.element]! : $0.offset < $1.offset }
        return sorted.prefix(12).map { "\($0.element) (\(counts[$0.element]!))" }.joined(separator: ", ") + (order.count > 12 ? ", …" : "")
    }

    /// Decides each author's role, or explains why it cannot.
    func roleOf(_ log: ChatLog) throws(RecordError) -> (ChatLog.Entry) -> Role {
        if !assistantNames.isEmpty, log.entries.contains(where: { assistantNames.contains($0.author.lowercased()) }) {
            let names = assistantNames
            return { names.contains($0.author.lowercased()) ? .assistant : .user }
        }
        if log.entries.contains(where: \.isBot) {
            return { $0.isBot ? .assistant : .user }
        }
        if !assistantNames.isEmpty {
            throw RecordError("no_assistant", "none of the --assistant names (\(givenNames.joined(separator: ", "))) writes in \(log.name); participants: \(SessionBuilder.participantSummary(log))")
        }
        throw RecordError("no_assistant", "who is the assistant in \(log.name)? Name them with --assistant NAME; participants: \(SessionBuilder.participantSummary(log))")
    }

    func conversations(_ log: ChatLog, source: String) throws(RecordError) -> [Conversation] {
        let role = try roleOf(log)
        var out: [Conversation] = []
        var session: [ChatLog.Entry] = []

        func flush() {
            guard let first = session.first, let last = session.last else { return }
            var messages: [Message] = []
            var participants: [String] = []
            var users: [String] = []
            for e in session {
                if !participants.contains(e.author) { participants.append(e.author) }
                let r = role(e)
                if r == .user && !users.contains(e.author) { users.append(e.author) }
                if let previous = messages.last, previous.role == r {
                    messages[messages.count - 1].content = (previous.content ?? "") + "\n" + e.text
                } else {
                    messages.append(Message(role: r, content: e.text))
                }
            }
            var m = Metadata()
            m.id = "\(log.name)@\(CivilTime.iso(first.time, utc: log.utc))"
            m.source = source
            if let line = first.line { m.line = line }
            m.format = log.format.rawValue
            m["chat"] = .string(log.name)
            m["participants"] = .array(participants.map(JSONValue.string))
            m["user_participants"] = .array(users.map(JSONValue.string))
            m["start"] = .string(CivilTime.iso(first.time, utc: log.utc))
            m["end"] = .string(CivilTime.iso(last.time, utc: log.utc))
            for member in log.metadata { m[member.key] = member.value }
            out.append(Conversation(messages: messages, metadata: m))
            session.removeAll()
        }

        for e in log.entries {
            if let last = session.last, e.time - last.time > gap { flush() }
            session.append(e)
        }
        flush()
        return out
    }
}
