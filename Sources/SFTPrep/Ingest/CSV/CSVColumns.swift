/// Recognises what a CSV file holds from its header row.
///
/// Two shapes are understood: one row per example (a prompt-like and a
/// response-like column), and one row per message (conversation id, speaker
/// and text columns, as help-desk exports, migration scripts and ETL
/// connectors write them). Header names are matched case-insensitively, with
/// spaces, dashes and dots read as underscores and camelCase split
/// (`conversationId`, `ParentId`, `TextBody` read as `conversation_id`,
/// `parent_id`, `text_body`).
struct CSVColumns {
    enum Shape {
        case examples(prompt: Int, response: Int, input: Int?, system: Int?)
        case messages(MessageColumns)
    }

    /// Who wrote a message row: a column of speaker values (`customer`, `agent`, `INCOMING`), or a
    /// true/false column whose meaning is in its name (`incoming`, `is_inbound`: true is the
    /// customer; `from_agent`: true is the agent).
    enum Speaker {
        case values(Int)
        case flag(Int, trueIsUser: Bool)

        var column: Int {
            switch self {
            case .values(let c), .flag(let c, _): return c
            }
        }
    }

    /// Which rows are private (internal notes): a true/false column (`public`, `IsPublished`: true is
    /// public; `private`, `internal`: true is private) or a `visibility` column of words.
    enum Visibility {
        case flag(Int, trueIsPublic: Bool)
        case words(Int)

        var column: Int {
            switch self {
            case .flag(let c, _), .words(let c): return c
            }
        }
    }

    /// The columns of a one-row-per-message file.
    struct MessageColumns {
        var conversation: Int
        var speaker: Speaker
        /// Text columns in order of preference: plain text first, HTML last (``htmlTexts``).
        var texts: [Int]
        var htmlTexts: Set<Int>
        var order: Int?
        var author: Int?
        var visibility: Visibility?

        /// Every column this shape reads (the others go to metadata).
        var used: Set<Int> {
            Set([conversation, speaker.column, order, author, visibility?.column].compactMap { $0} + texts)
        }
    }

    static let conversationAliases = ["conversation_id", "conversation", "ticket_id", "ticket", "thread_id", "thread",
                                      "chat_id", "session_id", "session", "dialog_id", "dialogue_id", "case_id", "conv_id",
                                      "interaction_id", "transcript_id", "parent_id", "message_conversation_id", "case_number"]
    static let speakerAliases = ["role", "author_type", "sender_type", "speaker", "sender", "from", "author_role",
                                 "user_type", "participant_type", "speaker_type", "direction", "actor", "from_type",
                                 "participant_role", "author_kind", "message_direction"]
    /// True/false speaker columns: `true` means the customer wrote it.
    static let userFlagAliases = ["incoming", "is_incoming", "is_inbound", "inbound", "from_customer", "is_customer", "is_from_customer"]
    /// True/false speaker columns: `true` means the agent (or a bot) wrote it.
    static let agentFlagAliases = ["from_agent", "is_agent", "is_admin", "is_staff", "outgoing", "is_outgoing", "is_outbound",
                                   "outbound", "is_from_agent"]
    /// Plain-text columns, preferred in this order.
    static let textAliases = ["content", "body_text", "plain_body", "stripped_text", "text_body", "plain_text", "comment_body",
                              "message_text", "message_body", "body", "text", "message", "comment", "utterance", "value", "msg"]
    /// HTML columns, used when no plain-text column has the row's text.
    static let htmlTextAliases = ["html_body", "body_html", "html", "html_text", "stripped_html"]
    static let orderAliases = ["timestamp", "created_at", "sent_at", "time", "datetime", "date", "message_date", "created_date",
                               "created_datetime", "sent_datetime", "posted_at", "created_time", "created", "seq", "sequence",
                               "position", "turn", "message_index", "order", "index", "ts"]
    static let authorAliases = ["author", "author_name", "sender_name", "name", "speaker_name", "agent_name", "from_name"]
    static let publicFlagAliases = ["public", "is_public", "is_published", "published"]
    static let privateFlagAliases = ["private", "is_private", "internal", "is_internal", "is_note", "internal_note"]
    static let visibilityAliases = ["visibility"]
    static let promptAliases = ["prompt", "question", "instruction", "query", "user", "human", "request", "input",
                                "customer_message", "user_message", "utterance_user"]
    static let responseAliases = ["completion", "response", "answer", "output", "assistant", "reply", "agent_response",
                                  "assistant_message", "agent_reply", "gpt"]
    static let systemAliases = ["system", "system_prompt", "system_message"]

    let header: [String]
    let normalized: [String]
    let shape: Shape

    /// Header names lower-cased and trimmed, camelCase humps, spaces, dashes and dots as underscores.
    static func normalize(_ name: String) -> String {
        var out = ""
        let chars = Array(name.trimmingASCIIWhitespace())
        for (i, c) in chars.enumerated() {
            if c == " " || c == "-" || c == "." {
                if !out.hasSuffix("_") { out.append("_") }
                continue
            }
            if c.isUppercase, i > 0, !out.hasSuffix("_") {
                let before = chars[i - 1]
                let after: Character? = i + 1 < chars.count ? chars[i + 1] : nil
                // `conversationId`, `text2Body`; and the end of an acronym: `HTMLBody` → html_body.
                if before.isLowercase || before.isNumber || (before.isUppercase && after?.isLowercase == true) { out.append("_") }
            }
            out.append(contentsOf: c.lowercased())
        }
        return out
    }

    /// Recognises the shape, or explains which columns were missing.
    init(header: [String]) throws(RecordError) {
        self.header = header
        let normalized = header.map(CSVColumns.normalize)
        self.normalized = normalized
        func find(_ aliases: [String], excluding: Set<Int> = []) -> Int? {
            for a in aliases {
                if let i = normalized.firstIndex(of: a), !excluding.contains(i) { return i }
            }
            return nil
        }
        if let conv = find(CSVColumns.conversationAliases) {
            var speaker: Speaker?
            if let s = find(CSVColumns.speakerAliases, excluding: [conv]) { speaker = .values(s) }
            else if let s = find(CSVColumns.userFlagAliases, excluding: [conv]) { speaker = .flag(s, trueIsUser: true) }
            else if let s = find(CSVColumns.agentFlagAliases, excluding: [conv]) { speaker = .flag(s, trueIsUser: false) }
            var taken: Set<Int> = [conv]
            if let speaker { taken.insert(speaker.column) }
            var texts = CSVColumns.textAliases.compactMap { a in normalized.firstIndex(of: a) }.filter { !taken.contains($0) }
            let html = CSVColumns.htmlTextAliases.compactMap { a in normalized.firstIndex(of: a) }.filter { !taken.contains($0) }
            texts += html
            if let speaker, !texts.isEmpty {
                taken.formUnion(texts)
                let order = find(CSVColumns.orderAliases, excluding: taken)
                let author = find(CSVColumns.authorAliases, excluding: taken)
                var visibility: Visibility?
                if let v = find(CSVColumns.publicFlagAliases, excluding: taken) { visibility = .flag(v, trueIsPublic: true) }
                else if let v = find(CSVColumns.privateFlagAliases, excluding: taken) { visibility = .flag(v, trueIsPublic: false) }
                else if let v = find(CSVColumns.visibilityAliases, excluding: taken) { visibility = .words(v) }
                shape = .messages(MessageColumns(conversation: conv, speaker: speaker, texts: texts, htmlTexts: Set(html),
                                                 order: order, author: author, visibility: visibility))
                return
            }
        }
        // Alpaca-style: instruction + input + output.
        if let instruction = normalized.firstIndex(of: "instruction"),
           let output = find(["output", "response", "answer"]) {
            let input = find(["input", "context"], excluding: [instruction, output])
            shape = .examples(prompt: instruction, response: output, input: input, system: find(CSVColumns.systemAliases))
            return
        }
        if let prompt = find(CSVColumns.promptAliases), let response = find(CSVColumns.responseAliases, excluding: [prompt]) {
            shape = .examples(prompt: prompt, response: response, input: nil,
                              system: find(CSVColumns.systemAliases, excluding: [prompt, response]))
            return
        }
        let names = header.prefix(12).map { "\"\($0)\"" }.joined(separator: ", ")
        throw RecordError(.unrecognizedHeader, field: "header",
                          "CSV header has neither a prompt and a response column (e.g. question,answer) nor conversation id, speaker and text columns (e.g. ticket_id,author_type,body or ParentId,Incoming,TextBody); found \(names)")
    }

    /// A true/false cell: true, false, 1, 0, yes, no, t, f, y, n (any case); nil for anything else.
    static func flag(_ cell: String) -> Bool? {
        switch cell.trimmingASCIIWhitespace().lowercased() {
        case "true", "1", "yes", "t", "y": return true
        case "false", "0", "no", "f", "n": return false
        default: return nil
        }
    }
}
