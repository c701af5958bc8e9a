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
            throw RecordError(.noAssistant, "none of the --assistant names (\(givenNames.joined(separator: ", "))) writes in \(log.name); participants: \(SessionBuilder.participantSummary(log))")
        }
        throw RecordError(.noAssistant, "who is the assistant in \(log.name)? Name them with --assistant NAME; participants: \(SessionBuilder.participantSummary(log))")
    }

    /// A time as the export meant it: `Z` for UTC, the offset when the zone is known, else wall-clock time.
    static func iso(_ t: Double, _ log: ChatLog) -> String {
        if log.utc { return CivilTime.iso(t, utc: true) }
        guard let offset = log.zoneOffset else { return CivilTime.iso(t, utc: false) }
        let sign = offset < 0 ? "-" : "+"
        let a = abs(offset)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return CivilTime.iso(t, utc: false) + "\(sign)\(two(a / 3600)):\(two(a / 60 % 60))"
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
            let known = session.filter(\.timeKnown)
            m.id = known.first.map { "\(log.name)@\(SessionBuilder.iso($0.time, log))" } ?? "\(log.name)#\(first.line ?? out.count + 1)"
            m.source = source
            if let line = first.line { m.line = line }
            m.format = log.format.rawValue
            m["chat"] = .string(log.name)
            m["participants"] = .array(participants.map(JSONValue.string))
            m["user_participants"] = .array(users.map(JSONValue.string))
            if let start = known.first, let end = known.last {
                m["start"] = .string(SessionBuilder.iso(start.time, log))
                m["end"] = .string(SessionBuilder.iso(end.time, log))
            }
            _ = last
            for member in log.metadata { m[member.key] = member.value }
            out.append(Conversation(messages: messages, metadata: m))
            session.removeAll()
        }

        for e in log.entries {
            if log.splitsOnSilence, let last = session.last, e.timeKnown, last.timeKnown, e.time - last.time > gap { flush() }
            session.append(e)
        }
        flush()
        return out
    }
}
