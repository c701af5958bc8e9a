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
                switch grouper!.add(texts, line: row.line) {
                case .added: break
                case .skipped(let note): notes[note, default: 0] += 1
                case .rejected(let problem): try reject(row.line, problem.reason, problem.message, field: problem.field, row: row.fields)
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
            guard let grouper, case .messages(let shape) = cols.shape else { return false }
            let (conv, speaker, author) = (shape.conversation, shape.speaker.column, shape.author)
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
            for item in grouper.finish(source: source) { try emit(item) }
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
