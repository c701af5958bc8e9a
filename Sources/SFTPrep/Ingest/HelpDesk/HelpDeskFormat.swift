/// A help-desk tool's export, recognised by its structure: a ticket or
/// conversation with its messages nested inside (or a list of them, or the
/// envelope a webhook or an older API puts around one), or one message of a
/// list whose messages are records of their own.
///
/// To read another tool: write one type conforming to this protocol (one file
/// in this folder) and add it to ``HelpDeskFormats/all``.
protocol HelpDeskFormat {
    /// The format name in reports and for `--format`.
    static var format: InputFormat { get }
    /// Whether `o` is a record of this tool. Looks at keys only, cheaply: it is asked of every
    /// JSON record that is not an OpenAI chat record.
    static func recognizes(_ o: JSONObject) -> Bool
    /// What the record holds.
    static func read(_ o: JSONObject) throws(RecordError) -> HelpDeskRecord
}

/// What one JSON record of a help-desk export holds.
enum HelpDeskRecord {
    /// Whole conversations (one ticket, or a list of them).
    case threads([HelpDeskThread])
    /// One message of the conversation `thread` (Freshdesk's conversation list, Crisp's message
    /// list, …): the reader groups such records by thread and emits them at the end of the file.
    case message(thread: String, HelpDeskThread)
}

/// The help-desk formats, in the order they are tried.
enum HelpDeskFormats {
    static let all: [any HelpDeskFormat.Type] = [
        ZendeskFormat.self, FreshdeskFormat.self, IntercomFormat.self, HelpScoutFormat.self, FrontFormat.self,
        HubSpotFormat.self, GorgiasFormat.self, CrispFormat.self, LiveChatFormat.self,
    ]

    /// The format whose record `o` is, or nil; with `forced`, only that format is asked.
    static func recognize(_ o: JSONObject, forced: InputFormat?) -> (any HelpDeskFormat.Type)? {
        if let forced { return all.first { $0.format == forced } }
        return all.first { $0.recognizes(o) }
    }

    static func format(named: InputFormat) -> (any HelpDeskFormat.Type)? { all.first { $0.format == named } }

    /// Keys that help-desk messages have and chat records do not.
    private static let messageKeys = ["body", "body_text", "plain_body", "html_body", "stripped_text", "from_agent", "is_inbound", "incoming",
                                      "part_type", "author_id", "direction", "private", "public", "createdBy", "user_type"]

    /// When a record that no reader took looks like a help-desk export, says so (appended to its error):
    /// better than "message has no role" for a ticket whose messages have `body_text` and `from_agent`.
    static func hint(_ o: JSONObject) -> String {
        var nested: [JSONObject] = [o]
        for member in o {
            if let first = member.value.arrayValue?.first?.objectValue { nested.append(first) }
            if let inner = member.value.objectValue { nested.append(inner) }
        }
        for n in nested {
            let found = messageKeys.filter { n[$0] != nil }
            if found.count >= 2 {
                let names = found.prefix(3).map { "\"\($0)\"" }.joined(separator: ", ")
                return "; this looks like a help-desk export (its messages have \(names)) in a shape sftprep does not know: help-desk formats read are \(all.map { $0.format.rawValue }.joined(separator: ", ")); name one with --format if it is one of them"
            }
        }
        return ""
    }
}

/// Small readers of JSON fields that help-desk exports share.
extension JSONObject {
    /// The first of `keys` holding a non-empty string (or number, as text).
    func text(_ keys: String...) -> String? {
        for k in keys {
            if let s = self[k]?.scalarText, !s.trimmingASCIIWhitespace().isEmpty { return s }
        }
        return nil
    }

    /// The object at a dotted path (`data.item`, `_embedded.threads`).
    func object(at path: String) -> JSONObject? {
        var current: JSONObject? = self
        for part in path.split(separator: ".") { current = current?[String(part)]?.objectValue }
        return current
    }

    /// The array at a dotted path.
    func array(at path: String) -> [JSONValue]? {
        let parts = path.split(separator: ".")
        var current: JSONObject? = self
        for part in parts.dropLast() { current = current?[String(part)]?.objectValue }
        return current?[String(parts.last!)]?.arrayValue
    }

    /// The first element of the array at `path`, when it is an object.
    func firstObject(at path: String) -> JSONObject? { array(at: path)?.first?.objectValue }

    /// A boolean field (true/false, also "true"/"false" strings and 0/1).
    func flag(_ key: String) -> Bool? {
        switch self[key] {
        case .bool(let b): return b
        case .string(let s): return CSVColumns.flag(s)
        case .number(let n): return n == "1" ? true : (n == "0" ? false : nil)
        default: return nil
        }
    }

    /// Whether every key is present.
    func has(_ keys: String...) -> Bool { keys.allSatisfy { self[$0] != nil } }
}
