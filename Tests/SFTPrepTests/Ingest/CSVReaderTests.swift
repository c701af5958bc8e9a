import Testing
@testable import SFTPrep

@Suite struct CSVReaderTests {
    @Test func quotedFieldsWithCommasQuotesAndNewlines() throws {
        let text = "question,answer,category\r\n\"Why, though?\",\"Line one\r\nline \"\"two\"\"\",billing\r\nplain,\"x\",tech\r\n"
        let r = try ingest(text: text, name: "faq.csv")
        #expect(r.rejects.isEmpty)
        #expect(r.messages == [
            [.user("Why, though?"), .assistant("Line one\r\nline \"two\"")],
            [.user("plain"), .assistant("x")],
        ])
        #expect(r.conversations.map { $0.metadata.line } == [2, 4])
        #expect(r.conversations[0].metadata.label("category") == "billing")
        #expect(r.report.notes["rows"] == 2)
    }

    @Test func bomAndSemicolonDelimiterAreDetected() throws {
        let r = try ingest(text: "\u{FEFF}Prompt;Response;System\nhi;hello;be brief\n", name: "x.csv")
        #expect(r.messages == [[.system("be brief"), .user("hi"), .assistant("hello")]])
    }

    @Test func tsvAndAlpacaColumns() throws {
        let r = try ingest(text: "instruction\tinput\toutput\nTranslate\tbonjour\thello\nGreet\t\thi\n", name: "a.tsv")
        #expect(r.messages == [[.user("Translate\n\nbonjour"), .assistant("hello")], [.user("Greet"), .assistant("hi")]])
    }

    @Test func ticketRowsAreGroupedWhenScatteredAndOrderedByTimestamp() throws {
        let text = """
        ticket_id,created_at,author_type,body,customer_id
        T1,2024-01-01T10:00:00Z,customer,My order is late,C9
        T2,2024-01-01T10:01:00Z,end-user,Need an invoice,C7
        T1,2024-01-01T10:05:00Z,customer,Order 123,C9
        T1,2024-01-01T10:02:00Z,agent,What is the order number?,C9
        T2,2024-01-01T10:03:00Z,support,Sent!,C7
        T1,2024-01-01T10:06:00Z,agent,It ships today,C9
        """
        let r = try ingest(text: text, name: "tickets.csv")
        #expect(r.rejects.isEmpty)
        #expect(r.messages == [
            [.user("My order is late"), .assistant("What is the order number?"), .user("Order 123"), .assistant("It ships today")],
            [.user("Need an invoice"), .assistant("Sent!")],
        ])
        #expect(r.conversations.map(\.id) == ["T1", "T2"])
        #expect(r.conversations[0].metadata.label("customer_id") == "C9")
        #expect(r.conversations[0].metadata.line == 2)
    }

    @Test func numericSequenceSortsNumerically() throws {
        let text = "chat_id,seq,speaker,text\nc,10,bot,third\nc,2,visitor,second\nc,1,bot,first\n"
        let r = try ingest(text: text, name: "s.csv")
        #expect(r.messages == [[.assistant("first"), .user("second"), .assistant("third")]])
    }

    @Test func unsortableTimestampsKeepRowOrderAndSaySo() throws {
        let text = "thread_id,time,from,message\nx,9:41 PM,customer,a\nx,10:02 AM,agent,b\n"
        let r = try ingest(text: text, name: "t.csv")
        #expect(r.messages == [[.user("a"), .assistant("b")]])
        #expect(r.report.notes["conversations_kept_in_row_order"] == 1)
    }

    @Test func badRowsAreRejectedWithLineAndField() throws {
        let text = "conversation_id,role,content\nc1,customer,hi\nc1,wizard,abracadabra\n,agent,orphan\nc1,agent,hello,extra\nc1,agent,\nc1,agent,hello\n"
        let r = try ingest(text: text, name: "bad.csv")
        // A row whose speaker cannot be told rejects its whole conversation (c1), so no conversation is written
        // with a hole in it; rows that belong to no conversation are rejected on their own.
        #expect(r.messages == [])
        #expect(r.rejects.map(\.line) == [4, 5, 2])
        #expect(r.rejects.map(\.reason) == ["missing_field", "field_count", "unknown_speaker"])
        #expect(r.rejects[2].field == "role")
        #expect(r.rejects[2].message == "line 3: unknown speaker \"wizard\" in role (expected customer/user/end-user/contact/lead/visitor/inbound for the user, agent/admin/teammate/operator/staff/bot/outbound for the assistant, or name it with --assistant); the whole conversation c1 (lines 2, 3, 6, 7) is rejected so that it is not written with a hole in it")
        #expect(r.report.notes["empty_rows_skipped"] == 1)
        #expect(r.report.records == 3)
    }

    @Test func assistantNamesMapAuthorColumns() throws {
        let text = "conversation_id,sender,message\n1,Dana,hi there\n1,Bob,hello\n"
        let r = try ingest(text: text, name: "n.csv", options: IngestOptions(assistantNames: ["Bob"]))
        // "Dana" is not a role alias and not an assistant name: the conversation is rejected, with a hint.
        #expect(r.rejects.first?.message.contains("--assistant") == true)
        #expect(r.messages == [])
        let named = try ingest(text: text, name: "n.csv", options: IngestOptions(assistantNames: ["Bob"]))
        #expect(named.rejects.count == 1)
        let both = try ingest(text: "conversation_id,sender,author,message\n1,customer,Dana,hi there\n1,agent,Bob,hello\n", name: "m.csv",
                              options: IngestOptions(assistantNames: ["Bob"]))
        #expect(both.messages == [[.user("hi there"), .assistant("hello")]])
    }

    @Test func unclosedQuoteIsReportedAtTheRowWhereItStartsAndTheRowsAfterItStillCome() throws {
        let eof = try ingest(text: "question,answer\nq1,a1\n\"q2,a2\nq3,a3\nq4,a4\n", name: "e.csv")
        #expect(eof.messages == [[.user("q1"), .assistant("a1")], [.user("q3"), .assistant("a3")], [.user("q4"), .assistant("a4")]])
        #expect(eof.rejects.map(\.reason) == ["unclosed_quote"])
        #expect(eof.rejects.map(\.line) == [3])
        // An unclosed quote in the header: the header still names the columns.
        let h = try ingest(text: "\"question,answer\nq1,a1\nq2,a2\n", name: "h.csv")
        #expect(h.messages == [[.user("q1"), .assistant("a1")], [.user("q2"), .assistant("a2")]])
        #expect(h.rejects.isEmpty)
    }

    /// A stray quote in a one-row-per-message export: the rows after it used to vanish into one field, or, where a
    /// later quote closed it, merge into one user message. Now the row is read to its line end with the quote as
    /// text (counted), and every following row is read as a row.
    @Test func aStrayQuoteNeverSwallowsOrMergesTheRowsAfterIt() throws {
        let header = "ticket_id,author_type,body\n"
        let rest = "A1,agent,Try restarting the app.\nA2,customer,Where is my parcel?\nA2,agent,It ships today.\n"
        let expected: [[Message]] = [[.user("my screen says \"error"), .assistant("Try restarting the app.")],
                                     [.user("Where is my parcel?"), .assistant("It ships today.")]]
        // Never closed: the old parser reported the row and lost A1's first message.
        let open = try ingest(text: header + "A1,customer,\"my screen says \"\"error\n" + rest, name: "open.csv")
        #expect(open.messages == expected)
        #expect(open.rejects.isEmpty)
        #expect(open.report.notes["stray_quote_rows_read_to_line_end"] == 1)
        // Closed by a later quote (the old parser merged three rows into one message).
        let closed = try ingest(text: header + "A1,customer,\"my screen says \"\"error\nA1,agent,Try restarting the app.\nA2,customer,\"Where is my parcel?\"\nA2,agent,It ships today.\n", name: "closed.csv")
        #expect(closed.messages == expected)
        #expect(closed.report.notes["stray_quote_rows_read_to_line_end"] == 1)
        // Closed cleanly, but whole message rows inside it: still a stray quote.
        let clean = try ingest(text: header + "A1,customer,\"my screen says\nA1,agent,Try restarting the app.\nA2,customer,Where is my parcel?\"\nA2,agent,It ships today.\n", name: "clean.csv")
        #expect(clean.messages == [[.user("my screen says"), .assistant("Try restarting the app.")],
                                   [.user("Where is my parcel?\""), .assistant("It ships today.")]])
        // A real multi-line message whose last line looks like a row is one message.
        let real = try ingest(text: header + "A3,customer,\"Hello\nthere, agent, hi\"\nA3,agent,Hi.\n", name: "real.csv")
        #expect(real.messages == [[.user("Hello\nthere, agent, hi"), .assistant("Hi.")]])
        #expect(real.report.notes["stray_quote_rows_read_to_line_end"] == nil)
        // A stray quote in a row that is not whole on its line is rejected with its line; the next rows still come.
        let broken = try ingest(text: "question,answer\nq1,\"a1\nq2,a2\nq3,a3\n", name: "qa.csv")
        #expect(broken.messages == [[.user("q1"), .assistant("a1")], [.user("q2"), .assistant("a2")], [.user("q3"), .assistant("a3")]])
    }

    @Test func unknownHeaderSkipsTheFileWithAReason() throws {
        let r = try ingest(text: "name,price\nkettle,20\n", name: "products.csv")
        #expect(r.conversations.isEmpty)
        #expect(r.report.skippedReason?.contains("found \"name\", \"price\"") == true)
    }

    @Test func delimiterSniffing() {
        #expect(CSVParser.sniffDelimiter(Array("a;b;c\n1;2;3".utf8)) == UInt8(ascii: ";"))
        #expect(CSVParser.sniffDelimiter(Array("\"a;x\",b,c\n".utf8)) == UInt8(ascii: ","))
        #expect(CSVParser.sniffDelimiter(Array("a|b|c".utf8)) == UInt8(ascii: "|"))
        #expect(CSVParser.sniffDelimiter(Array("a\tb".utf8)) == 0x09)
    }

    @Test func lineNumbersStayExactAcrossReadBuffers() throws {
        // Each row spans 3 lines; 20,000 rows is several 1 MiB read buffers.
        var text = "question,answer\n"
        for i in 0..<20_000 { text += "\"q\(i)\nmore\",\"a \"\"quoted\"\" \(i)\nsecond line of the answer, padded to be long enough\"\n" }
        text += "\"bad\",\n"
        let r = try ingest(text: text, name: "big.csv")
        #expect(r.conversations.count == 20_000)
        #expect(r.conversations[19_999].metadata.line == 2 + 19_999 * 3)
        #expect(r.conversations[12_345].messages == [.user("q12345\nmore"), .assistant("a \"quoted\" 12345\nsecond line of the answer, padded to be long enough")])
        #expect(r.rejects.map(\.line) == [2 + 20_000 * 3])
    }
}
