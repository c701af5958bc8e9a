/// `sftprep redact`: PII and secrets → typed placeholders, as a filter.
public enum RedactCommand: Command {
    public static let spec = CommandSpec(
        name: "redact",
        abstract: "Replace personal data and secrets with typed placeholders; never drops or reorders records.",
        discussion: "Redacts every string a record carries: message text, names, tool-call arguments, extra message keys and metadata values (keys stay; a field whose key names personal data, such as customer_email, phone or author_name, is replaced whole). Finds people's names (the conversation's participants, and names that context shows in seven languages: introductions, greetings, titles, sign-offs, relations, form fields; every later mention of a name found), street addresses and postcodes (17 countries), dates of birth (a date near a birth word), national ids whose check digits hold (UK NINO, Spanish DNI/NIE, Italian codice fiscale, French NIR, Dutch BSN, German tax id, Austrian SV-Nr, Brazilian CPF, Indian Aadhaar) and passport numbers, e-mail addresses, phone numbers (international and national forms, extensions), payment cards (Luhn and issuer checked), IBANs (length and mod-97 checked), US SSNs (area/group/serial rules), public IPv4 and IPv6 addresses, credentials in URLs, and secrets: AWS, GitHub, OpenAI, Anthropic, Slack, Stripe, Google and Hugging Face keys, JWTs, PEM private keys, and high-entropy key/secret/token/password assignments; plus your own patterns (--pattern) and word lists (--words). Order numbers, ticket ids, dates, times, prices, versions, hashes and UUIDs stay as they are.",
        arguments: [("<paths…>", "Files or directories to read; '-' or nothing reads standard input.")],
        options: StageOptions.redact + [
            OptionSpec("--dry-run", help: "Change nothing: list what would be redacted (type, line, a masked excerpt) on standard output."),
        ] + SharedOptions.ingest + FilterRunner.options,
        examples: [
            ("sftprep ingest tickets.csv | sftprep clean | sftprep redact > safe.jsonl", "Placeholders such as [EMAIL] and [PHONE]."),
            ("sftprep redact --mode numbered chats.jsonl", "The same address is [EMAIL_1] throughout a conversation."),
            ("sftprep redact --dry-run --types CREDIT_CARD,IBAN data.jsonl", "Audit payment data without changing anything."),
        ]
    )

    public static func execute(_ p: ParsedArguments, context: CommandContext) throws -> Int32 {
        let redactor = try StageOptions.redactor(p)
        guard p.flag("--dry-run") else {
            return try FilterRunner.run("redact", stages: [RedactStage(redactor: redactor)], p, context: context)
        }
        var input = try InputLoop(Ingestor(options: try SharedOptions.ingestOptions(p)), paths: p.positionals, context: context)
        var found = ReasonCounts()
        do {
            try input.run(conversation: { c in
                let names = RedactStage.names(c)
                let masking = Redactor(scanner: redactor.scanner, mode: .mask, terms: redactor.terms)
                for (i, m) in c.messages.enumerated() {
                    guard let text = m.content else { continue }
                    let b = Array(text.utf8)
                    for s in redactor.find(text, names: names) {
                        found.add(s.name)
                        var n = Redactor.Numbering()
                        let masked = masking.replacement(for: s, value: "", bytes: b[s.start..<s.end], numbering: &n)
                        try context.stdout.write("\(c.metadata.location): messages[\(i)] \(s.name) \(masked)\n")
                    }
                }
                // Names, tool calls, extra keys and metadata: what the field becomes, masked.
                var fields: [(String, JSONObject)] = [("metadata", c.metadata.fields)]
                for (i, m) in c.messages.enumerated() {
                    var o = m.extra
                    if let name = m.name { o["name"] = .string(name) }
                    if let calls = m.toolCalls { o["tool_calls"] = calls }
                    fields.append(("messages[\(i)]", o))
                }
                for (path, object) in fields {
                    for member in object {
                        var n = Redactor.Numbering()
                        var spans: [PIISpan] = []
                        let masked = member.key == "tool_calls" && path != "metadata"
                            ? JSONObject([JSONMember(member.key, masking.redactToolCalls(member.value, names: names, numbering: &n, found: &spans))])
                            : masking.redact(JSONObject([member]), names: names, numbering: &n, found: &spans)
                        for t in Set(spans.map(\.name)).sorted() {
                            found.add(t, spans.filter { $0.name == t }.count)
                            var w = JSONWriter(capacity: 64)
                            w.value(masked[member.key] ?? .null)
                            try context.stdout.write("\(c.metadata.location): \(path).\(member.key) \(t) \(String(decoding: w.bytes, as: UTF8.self))\n")
                        }
                    }
                }
            })
        }
        context.warn("redact --dry-run: " + (found.total == 0 ? "nothing found" : found.sorted.map { "\($0.reason) \(NumberFormatting.grouped($0.count))" }.joined(separator: ", ")))
        return 0
    }
}
