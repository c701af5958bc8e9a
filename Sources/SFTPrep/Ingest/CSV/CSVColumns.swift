/// Recognises what a CSV file holds from its header row.
///
/// Two shapes are understood: one row per example (a prompt-like and a
/// response-like column), and one row per message (conversation id, speaker
/// and text columns, as help-desk ticket exports have). Header names are
/// matched case-insensitively, with spaces and dashes read as underscores.
struct CSVColumns {
    enum Shape {
        case examples(prompt: Int, response: Int, input: Int?, system: Int?)
        case messages(conversation: Int, speaker: Int, text: Int, order: Int?, author: Int?)
    }

    static let conversationAliases = ["conversation_id", "conversation", "ticket_id", "ticket", "thread_id", "thread",
                                      "chat_id", "session_id", "session", "dialog_id", "dialogue_id", "case_id", "conv_id",
                                      "interaction_id", "transcript_id"]
    static let speakerAliases = ["role", "author_type", "sender_type", "speaker", "sender", "from", "author_role",
                                 "user_type", "participant_type", "speaker_type", "direction", "actor"]
    static let textAliases = ["content", "body", "text", "message", "message_text", "message_body", "comment", "utterance",
                              "value", "msg"]
    static let orderAliases = ["timestamp", "created_at", "sent_at", "time", "datetime", "date", "seq", "sequence",
                               "position", "turn", "message_index", "order", "index", "created", "ts"]
    static let authorAliases = ["author", "author_name", "sender_name", "name", "speaker_name", "agent_name"]
    static let promptAliases = ["prompt", "question", "instruction", "query", "user", "human", "request", "input",
                                "customer_message", "user_message", "utterance_user"]
    static let responseAliases = ["completion", "response", "answer", "output", "assistant", "reply", "agent_response",
                                  "assistant_message", "agent_reply", "gpt"]
    static let systemAliases = ["system", "system_prompt", "system_message"]

    let header: [String]
    let normalized: [String]
    let shape: Shape

    /// Header names lower-cased, trimmed, with spaces and dashes as underscores.
    static func normalize(_ name: String) -> String {
        String(name.trimmingASCIIWhitespace().lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
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
        if let conv = find(CSVColumns.conversationAliases), let speaker = find(CSVColumns.speakerAliases, excluding: [conv]),
           let text = find(CSVColumns.textAliases, excluding: [conv, speaker]) {
            let order = find(CSVColumns.orderAliases, excluding: [conv, speaker, text])
            let author = find(CSVColumns.authorAliases, excluding: [conv, speaker, text])
            shape = .messages(conversation: conv, speaker: speaker, text: text, order: order, author: author)
            return
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
        throw RecordError("unrecognized_header", field: "header",
                          "CSV header has neither a prompt and a response column (e.g. question,answer) nor conversation id, speaker and text columns (e.g. ticket_id,author_type,body); found \(names)")
    }
}
