/// Redaction of the structured parts of a record: tool-call arguments, extra
/// message keys and metadata values go through the same scanners as message
/// text (object keys stay as they are), and a field whose key says what it
/// holds (`customer_email`, `phone`, `author_name`) is replaced whole.
extension Redactor {
    /// Every string (and number) inside `value` redacted; keys kept. `found` collects what was replaced.
    func redact(_ value: JSONValue, names: [String], numbering: inout Numbering, found: inout [PIISpan]) -> JSONValue {
        switch value {
        case .string(let s):
            let (out, spans) = redact(s, names: names, numbering: &numbering)
            if spans.isEmpty { return value }
            found += spans
            return .string(out)
        case .number(let n):
            // A long number can be a card or a phone number written without quotes.
            guard n.utf8.count >= 7 else { return value }
            let (out, spans) = redact(n, names: names, numbering: &numbering)
            if spans.isEmpty { return value }
            found += spans
            return .string(out)
        case .array(let items):
            return .array(items.map { redact($0, names: names, numbering: &numbering, found: &found) })
        case .object(let object):
            return .object(redact(object, names: names, numbering: &numbering, found: &found))
        case .null, .bool:
            return value
        }
    }

    /// Tool calls with their arguments redacted: a JSON-text argument string as text, an argument object
    /// member by member; the call's id, type and function name are the program's, not personal data.
    func redactToolCalls(_ calls: JSONValue, names: [String], numbering: inout Numbering, found: inout [PIISpan]) -> JSONValue {
        guard case .array(var items) = calls else { return redact(calls, names: names, numbering: &numbering, found: &found) }
        for i in items.indices {
            guard case .object(var call) = items[i] else { continue }
            for key in ["function", "function_call"] {
                guard case .object(var function) = call[key], let arguments = function["arguments"] else { continue }
                if case .object(let o) = arguments {
                    function["arguments"] = .object(redact(o, names: names, numbering: &numbering, found: &found))
                } else {
                    function["arguments"] = redact(arguments, names: names, numbering: &numbering, found: &found)
                }
                call[key] = .object(function)
            }
            items[i] = .object(call)
        }
        return .array(items)
    }

    /// An object's members redacted: a member whose key names a kind of personal data is replaced
    /// whole (see ``FieldKind``), the others scanned like text.
    func redact(_ object: JSONObject, names: [String], numbering: inout Numbering, found: inout [PIISpan]) -> JSONObject {
        var out = object
        for i in out.members.indices {
            let member = out.members[i]
            if let type = FieldKind.type(ofKey: member.key), scanner.mask & PIIScanner.bitOf(type) != 0,
               let whole = redactWhole(member.value, as: type, numbering: &numbering, found: &found) {
                out.members[i].value = whole
            } else {
                out.members[i].value = redact(member.value, names: names, numbering: &numbering, found: &found)
            }
        }
        return out
    }

    /// The value replaced whole as `type` (each element of an array); nil for values that hold nothing (null, empty, booleans).
    private func redactWhole(_ value: JSONValue, as type: PIIType, numbering: inout Numbering, found: inout [PIISpan]) -> JSONValue? {
        switch value {
        case .string(let s):
            guard !s.trimmingASCIIWhitespace().isEmpty else { return nil }
            let span = PIISpan(start: 0, end: s.utf8.count, type: type)
            found.append(span)
            return .string(replacement(for: span, value: s, bytes: Array(s.utf8)[...], numbering: &numbering))
        case .number(let n):
            let span = PIISpan(start: 0, end: n.utf8.count, type: type)
            found.append(span)
            return .string(replacement(for: span, value: n, bytes: Array(n.utf8)[...], numbering: &numbering))
        case .array(let items):
            return .array(items.map { redactWhole($0, as: type, numbering: &numbering, found: &found) ?? $0 })
        case .object, .null, .bool:
            return nil
        }
    }
}

/// What a field's key says its value is: `customer_email` holds an e-mail address, `phone` a
/// phone number, `author_name` a person's name. Keys are compared by their words (split at `_`,
/// `-`, `.`, spaces and camelCase humps), lower-cased.
enum FieldKind {
    static func type(ofKey key: String) -> PIIType? {
        // The keys sftprep itself writes on every record.
        switch key {
        case "source", "line", "format", "id", "start", "end", "chat", "channel", "title", "category": return nil
        default: break
        }
        let words = FieldKind.words(key)
        guard !words.isEmpty else { return nil }
        let joined = words.joined()
        func has(_ w: String) -> Bool { words.contains(w) }
        if has("email") || has("mail") || joined.utf8Contains("email") { return .email }
        if has("ip") || has("ipv4") || has("ipv6") || joined == "ipaddress" { return .ipAddress }
        if joined.utf8Contains("phone") || has("mobile") || has("tel") || has("fax") || has("msisdn") { return .phone }
        if has("iban") { return .iban }
        if has("ssn") || joined == "socialsecuritynumber" { return .usSSN }
        if joined == "creditcard" || joined == "cardnumber" || joined == "creditcardnumber" || joined == "ccnumber" { return .creditCard }
        if has("password") || has("passwd") || joined == "apikey" || joined == "accesstoken" || joined == "secret" || joined == "clientsecret" { return .secret }
        if isNameKey(words, joined: joined) { return .person }
        return nil
    }

    /// Person-name keys: `name`, `full_name`, `first_name`, `customer_name`, `author`, `participants`, … but not
    /// `file_name`, `channel_name`, `product_name` and other names of things.
    private static func isNameKey(_ words: [String], joined: String) -> Bool {
        if people.contains(joined) { return true }
        guard words.contains("name") || words.contains("names") else { return false }
        return !words.contains(where: things.contains)
    }

    private static let people: Set<String> = ["participants", "user_participants", "userparticipants", "author", "sender", "requester", "requestor",
                                   "recipient", "assignee", "submitter", "fullname", "firstname", "lastname",
                                   "surname", "givenname", "familyname", "displayname", "username", "nickname", "authorname",
                                   "customername", "sendername", "requestername", "agentname", "contactname", "clientname"]
    private static let things: Set<String> = ["file", "product", "channel", "chat", "group", "company", "org", "organization", "organisation", "team",
                                   "brand", "item", "app", "model", "server", "guild", "host", "domain", "queue", "tag", "category", "plan",
                                   "field", "column", "event", "tool", "function", "project", "repo", "repository", "branch", "country",
                                   "city", "state", "store", "shop", "service", "package", "device", "browser", "os", "sku", "topic",
                                   "folder", "dataset", "source", "format", "type", "status", "stage", "workspace", "board", "list"]

    /// `customerEmail` → ["customer", "email"]; `Customer-E-mail` → ["customer", "e", "mail"] (joined: "customeremail").
    static func words(_ key: String) -> [String] {
        var out: [String] = []
        var current = ""
        var previousLower = false
        for ch in key {
            if ch == "_" || ch == "-" || ch == "." || ch == " " || ch == "/" {
                if !current.isEmpty { out.append(current.lowercased()) }
                current = ""
                previousLower = false
                continue
            }
            if ch.isUppercase && previousLower {
                out.append(current.lowercased())
                current = ""
            }
            current.append(ch)
            previousLower = ch.isLowercase || ch.isNumber
        }
        if !current.isEmpty { out.append(current.lowercased()) }
        return out
    }
}
