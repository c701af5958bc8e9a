import Testing
@testable import SFTPrep

@Suite struct PIIScannerTests {
    private func found(_ text: String, _ types: Set<PIIType> = Set(PIIType.allCases)) -> [String] {
        let b = Array(text.utf8)
        return PIIScanner(types: types).scan(text).map { "\($0.type.rawValue)=\(String(decoding: b[$0.start..<$0.end], as: UTF8.self))" }
    }

    @Test(arguments: [
        ("write to jane.doe+support@mail.example.co.uk today", "EMAIL=jane.doe+support@mail.example.co.uk"),
        ("call +44 20 7946 0958 please", "PHONE=+44 20 7946 0958"),
        ("US (555) 123-4567 ext. 12", "PHONE=(555) 123-4567 ext. 12"),
        ("UK 07700 900123.", "PHONE=07700 900123"),
        ("FR 06 12 34 56 78", "PHONE=06 12 34 56 78"),
        ("DE 030 12345678", "PHONE=030 12345678"),
        ("JP 090-1234-5678", "PHONE=090-1234-5678"),
        ("IN +91 98765 43210", "PHONE=+91 98765 43210"),
        ("BR (11) 91234-5678", "PHONE=(11) 91234-5678"),
        ("ES +34 612 34 56 78", "PHONE=+34 612 34 56 78"),
        ("call me on 555-0142", "PHONE=555-0142"),
        ("card 4111 1111 1111 1111 ok", "CREDIT_CARD=4111 1111 1111 1111"),
        ("amex 3782-822463-10005", "CREDIT_CARD=3782-822463-10005"),
        ("mc 5555555555554444", "CREDIT_CARD=5555555555554444"),
        ("IBAN DE89 3704 0044 0532 0130 00", "IBAN=DE89 3704 0044 0532 0130 00"),
        ("IBAN GB82WEST12345698765432", "IBAN=GB82WEST12345698765432"),
        ("SSN 123-45-6789", "US_SSN=123-45-6789"),
        ("ssn 123 45 6789", "US_SSN=123 45 6789"),
        ("from 203.0.113.42 yesterday", "IP_ADDRESS=203.0.113.42"),
        ("v6 2001:db8::8a2e:370:7334 here", "IP_ADDRESS=2001:db8::8a2e:370:7334"),
        ("v6 fe80::1 here", "IP_ADDRESS=fe80::1"),
        ("https://admin:s3cr3t@db.example.com/x", "URL_CREDENTIALS=admin:s3cr3t"),
        ("AKIAIOSFODNN7EXAMPLE", "AWS_KEY=AKIAIOSFODNN7EXAMPLE"),
        ("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
        ("key sk-proj-abcdefghijklmnopqrstuv123", "OPENAI_KEY=sk-proj-abcdefghijklmnopqrstuv123"),
        ("sk-abc123T3BlbkFJxyz789abcdefgh", "OPENAI_KEY=sk-abc123T3BlbkFJxyz789abcdefgh"),
        ("sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345", "ANTHROPIC_KEY=sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345"),
        ("xoxb-1234567890-abcdefghij", "SLACK_TOKEN=xoxb-1234567890-abcdefghij"),
        ("sk_live_4eC39HqLyjWDarjtT1zdp7dc", "STRIPE_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
        ("AIzaSyA1234567890abcdefghijklmnopqrstuv", "GOOGLE_API_KEY=AIzaSyA1234567890abcdefghijklmnopqrstuv"),
        ("hf_abcdefghijklmnopqrstuvwxyzABCDEFGH", "HF_TOKEN=hf_abcdefghijklmnopqrstuvwxyzABCDEFGH"),
        ("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "JWT=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"),
        ("password = \"Xk9#mQ2$vL7pZ\"", "SECRET=Xk9#mQ2$vL7pZ"),
        ("api_key: 8f3a9c2e71d04b5a", "SECRET=8f3a9c2e71d04b5a"),
    ])
    func findsEachType(text: String, expected: String) {
        #expect(found(text) == [expected])
    }

    @Test func pemPrivateKeyBlock() {
        let text = "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----\nthanks"
        #expect(found(text).map { $0.prefix(12) } == ["PRIVATE_KEY="])
    }

    @Test(arguments: [
        "Order A-10482, ticket T-5001, invoice INV-2291, PO #4471123",
        "dated 2024-03-04, 31/12/2023, 14.03.24 at 10:30 or 21:41:05",
        "price 49,90 € or $1,299.00, up 15%, 3.14159, 1,000,000 units, 12 kg",
        "version v3.2.0, firmware 3.1.4.2, build 10.0.19045.3693",
        "tracking 1Z999AA10123456784, uuid 123e4567-e89b-12d3-a456-426614174000",
        "sha 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "router 192.168.1.1 or 10.0.0.1, dns 8.8.8.8",
        "invalid card 4111 1111 1111 1112 and IBAN DE89 3704 0044 0532 0130 01",
        "not an SSN: 666-12-3456, 000-12-3456, 123-00-4567",
        "a@b, user@localhost, time 12:30:45",
        "password = hello",
        "the year 1234567890 was long ago",
    ])
    func leavesLookAlikesAlone(text: String) {
        #expect(found(text) == [], "\(text)")
    }

    @Test func typesCanBeSelected() {
        let text = "mail a@example.com, card 4111 1111 1111 1111"
        #expect(found(text, [.creditCard]) == ["CREDIT_CARD=4111 1111 1111 1111"])
    }
}

@Suite struct NextDigitTests {
    /// The eight-byte jump to the next digit agrees with a byte-by-byte search from every start, on
    /// bytes of every kind (digits, their neighbours ':' and '/', controls, non-ASCII) at every alignment.
    @Test func agreesWithTheByteSearchFromEveryStart() {
        var rng = SplitMix(seed: 5)
        let alphabet: [UInt8] = [0x30, 0x39, 0x2F, 0x3A, 0x00, 0x09, 0x20, 0x41, 0x7F, 0x80, 0xB0, 0xB9, 0xFF]
        for length in [0, 1, 7, 8, 9, 16, 17, 40] {
            for density in [0, 1, 4] {
                let bytes: [UInt8] = (0..<length).map { _ in
                    let r = Int(rng.next() % 16)
                    return r < density ? UInt8(0x30 + rng.next() % 10) : alphabet[Int(rng.next() % UInt64(alphabet.count))]
                }
                bytes.withUnsafeBufferPointer { b in
                    for start in 0...length {
                        let expected = b[start...].firstIndex(where: PIIScanner.isDigit) ?? length
                        #expect(PIIScanner.nextDigit(b, from: start) == expected, "\(bytes) from \(start)")
                    }
                }
            }
        }
    }
}

@Suite struct RedactorTests {
    private func redact(_ text: String, _ mode: RedactionMode) -> String {
        var n = Redactor.Numbering()
        return Redactor(mode: mode).redact(text, numbering: &n).0
    }

    @Test func modes() {
        let text = "Mail jane@example.com or bob@example.org, again jane@example.com; card 4111-1111-1111-1111."
        #expect(redact(text, .placeholder) == "Mail [EMAIL] or [EMAIL], again [EMAIL]; card [CREDIT_CARD].")
        #expect(redact(text, .numbered) == "Mail [EMAIL_1] or [EMAIL_2], again [EMAIL_1]; card [CREDIT_CARD_1].")
        #expect(redact(text, .mask) == "Mail ****@*******.*** or ***@*******.***, again ****@*******.***; card ****-****-****-1111.")
        let hashed = redact(text, .hash(salt: "s"))
        #expect(hashed == redact(text, .hash(salt: "s")))
        #expect(hashed != redact(text, .hash(salt: "t")))
        #expect(hashed.hasPrefix("Mail [EMAIL_") && hashed.split(separator: "[").count == 5)
    }

    @Test func numberingIsPerConversationAndRecordsKeepTheirOrder() {
        var stage = RedactStage(redactor: Redactor(mode: .numbered))
        let a = Conversation(messages: [.user("I am x@example.com"), .assistant("Noted, x@example.com and y@example.com")])
        let b = Conversation(messages: [.user("Try y@example.com"), .assistant("ok")])
        let out = stage.process(batch: [a, b])
        #expect(out == [
            .keep(Conversation(messages: [.user("I am [EMAIL_1]"), .assistant("Noted, [EMAIL_1] and [EMAIL_2]")])),
            .keep(Conversation(messages: [.user("Try [EMAIL_1]"), .assistant("ok")])),
        ])
        #expect(stage.changes.counts == ["EMAIL": 4])
    }

    @Test func runReportsRedactionsAndTheFilterKeepsEveryRecord() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let r = runCLI(["run", packageRoot + "/SampleData", "--out", dir.path + "/out", "--assistant", "Acme Support", "-q"])
        #expect(r.code == 0)
        let report = try #require(try JSONParser.parse(dir.read("out/report.json")).objectValue)
        let redactions = try #require(report["redactions"]?.objectValue)
        #expect(redactions["EMAIL"] == .number("4") && redactions["PHONE"] == .number("2"))
        #expect(Int(redactions["PERSON"]?.scalarText ?? "0")! >= 6)
        #expect(!dir.read("out/train.jsonl").contains("jane.doe@example.com"))
        let input = dir.write("in.jsonl", "{\"question\":\"my mail is a@example.com\",\"answer\":\"ok\"}\nbroken\n{\"question\":\"q\",\"answer\":\"a\"}\n")
        let f = runCLI(["redact", input])
        #expect(try jsonLines(f.stdout).count == 2)
        #expect(f.stdout.contains("my mail is [EMAIL]"))
        let dry = runCLI(["redact", "--dry-run", input])
        #expect(dry.stdout == "\(input):1: messages[0] EMAIL *@*******.***\n")
    }
}

@Suite struct CustomRedactionTests {
    @Test func participantNamesFromMetadataAreRedactedWhereverTheyAppear() {
        var m = Metadata()
        m["user_participants"] = .array([.string("Maria Lopez")])
        let c = Conversation(messages: [.user("Hi, Maria Lopez here"), .assistant("Hello Maria! Lopez is on the order; Mariana is not.")], metadata: m)
        var stage = RedactStage()
        var redacted = m
        redacted["user_participants"] = .array([.string("[PERSON]")])
        #expect(stage.process(c) == .keep(Conversation(messages: [.user("Hi, [PERSON] here"), .assistant("Hello [PERSON]! [PERSON] is on the order; Mariana is not.")], metadata: redacted)))
        #expect(stage.changes.counts == ["PERSON": 4])
        // Where metadata is not written (run without --keep-metadata), it is left alone.
        var contentOnly = RedactStage(includeMetadata: false)
        #expect(contentOnly.process(c) == .keep(Conversation(messages: [.user("Hi, [PERSON] here"), .assistant("Hello [PERSON]! [PERSON] is on the order; Mariana is not.")], metadata: m)))
    }

    /// Every string a record carries goes through redaction: names, tool-call arguments (JSON text or objects),
    /// extra message keys, metadata values; fields whose key names personal data are replaced whole; keys stay.
    @Test func namesToolCallsExtrasAndMetadataAreRedactedKeysStay() throws {
        let line = #"{"messages":[{"role":"user","content":"where is my parcel?","name":"jane.doe@example.com","channel":"mail from bob@example.org"},"#
            + #"{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{\"email\":\"jane.doe@example.com\",\"phone\":\"+44 20 7946 0958\"}"}}]},"#
            + #"{"role":"tool","tool_call_id":"call_1","content":"found"},{"role":"assistant","content":"It arrives Monday."}],"#
            + #""customer_email":"Jane <jane.doe@example.com>","customer_phone":"0161 496 0000","customer_name":"Jane Doe","notes":{"history":["call 07700 900123 after 5"]},"product_name":"Trail 2 tent","ticket":"T-88"}"#
        let dir = TempDir()
        defer { dir.remove() }
        let input = dir.write("in.jsonl", line + "\n")
        let r = runCLI(["redact", input])
        #expect(r.code == 0)
        let out = try #require(try jsonLines(r.stdout).first?.objectValue)
        let text = r.stdout
        for leaked in ["jane.doe@example.com", "bob@example.org", "7946", "496 0000", "Jane Doe", "07700"] { #expect(!text.contains(leaked), "\(leaked) leaked") }
        let messages = try #require(out["messages"]?.arrayValue)
        #expect(messages[0].objectValue?["name"] == .string("[EMAIL]"))
        #expect(messages[0].objectValue?["channel"] == .string("mail from [EMAIL]"))
        let call = try #require(messages[1].objectValue?["tool_calls"]?.arrayValue?.first?.objectValue?["function"]?.objectValue)
        #expect(call["name"] == .string("lookup"))
        #expect(call["arguments"] == .string(#"{"email":"[EMAIL]","phone":"[PHONE]"}"#))
        let meta = try #require(out["metadata"]?.objectValue)
        #expect(meta["customer_email"] == .string("[EMAIL]"))
        #expect(meta["customer_phone"] == .string("[PHONE]"))
        #expect(meta["customer_name"] == .string("[PERSON]"))
        #expect(meta["notes"] == .object(JSONObject([JSONMember("history", .array([.string("call [PHONE] after 5")]))])))
        #expect(meta["product_name"] == .string("Trail 2 tent"))
        #expect(meta["ticket"] == .string("T-88"))
        #expect(r.stderr.contains("redact: 1 read, 1 written"))
        // --dry-run lists the fields too.
        let dry = runCLI(["redact", "--dry-run", input])
        #expect(dry.stdout.contains("metadata.customer_email EMAIL"))
        #expect(dry.stdout.contains("messages[1].tool_calls EMAIL"))
        #expect(!dry.stdout.contains("jane.doe@example.com"))
    }

    /// A help-desk CSV with customer e-mail and phone columns, run with --keep-metadata: nothing personal in
    /// train or validation, the report counts what was redacted, and --group-by on the e-mail column still
    /// keeps each customer on one side (the split keys on the values as read).
    @Test func keepMetadataWritesNoPersonalDataAndGroupsStillHold() throws {
        let dir = TempDir()
        defer { dir.remove() }
        var rows = ["ticket_id,author_type,body,customer_email,customer_phone"]
        for t in 0..<40 {
            let email = "customer\(t % 8)@example.com"
            rows.append("T\(t),customer,\"My order \(t) has not arrived, can you check?\",\(email),+44 20 7946 0\(100 + t % 8)")
            rows.append("T\(t),agent,\"Order \(t) left the depot on day \(t); it arrives within \(t % 5 + 2) days.\",\(email),+44 20 7946 0\(100 + t % 8)")
        }
        let input = dir.write("tickets.csv", rows.joined(separator: "\n") + "\n")
        let r = runCLI(["run", input, "--out", dir.path + "/out", "--keep-metadata", "--group-by", "customer_email", "--validation", "0.25", "-q"])
        #expect(r.code == 0, "\(r.stderr)")
        let train = dir.read("out/train.jsonl"), validation = dir.read("out/validation.jsonl")
        for text in [train, validation, dir.read("out/rejects.jsonl")] {
            #expect(!text.contains("@example.com"))
            #expect(!text.contains("7946"))
        }
        #expect(train.contains(#""customer_email":"[EMAIL]""#))
        let report = try #require(try JSONParser.parse(dir.read("out/report.json")).objectValue)
        let redactions = try #require(report["redactions"]?.objectValue)
        #expect(redactions["EMAIL"] == .number("40"))
        #expect(redactions["PHONE"] == .number("40"))
        #expect(!dir.read("out/report.html").contains("Nothing was found to redact"))
        // Groups: 8 customers, 5 tickets each; each customer's tickets all on one side.
        let trainCount = try jsonLines(train).count, validationCount = try jsonLines(validation).count
        #expect(trainCount + validationCount == 40)
        #expect(trainCount % 5 == 0 && validationCount % 5 == 0 && validationCount > 0)
    }

    @Test func chatExportsAndTicketsRecordUserParticipants() throws {
        let r = try ingest(text: "1/2/24, 10:00 - Ann Smith: hi\n1/2/24, 10:01 - Acme Support: hello Ann\n", name: "chat.txt",
                           options: IngestOptions(assistantNames: ["Acme Support"]))
        #expect(r.conversations[0].metadata["user_participants"] == .array([.string("Ann Smith")]))
        let t = try ingest(text: "ticket_id,author_type,author_name,body\nT1,customer,Tom Becker,hi\nT1,agent,Priya,hello Tom\n", name: "t.csv")
        #expect(t.conversations[0].metadata["user_participants"] == .array([.string("Tom Becker")]))
    }

    @Test func customPatternsAndWordLists() throws {
        var terms = CustomTerms()
        try terms.addPattern("order_id=A-[0-9]{5}")
        terms.words = ["Project Falcon"]
        let redactor = Redactor(terms: terms)
        var n = Redactor.Numbering()
        #expect(redactor.redact("Order A-10482 for project falcon, not A-1234.", numbering: &n).0 == "Order [ORDER_ID] for [CUSTOM], not A-1234.")
        #expect(throws: SFTPrepError.self) { try terms.addPattern("BAD=[") }
        #expect(throws: SFTPrepError.self) { try terms.addPattern("no-equals-sign") }
    }
}
