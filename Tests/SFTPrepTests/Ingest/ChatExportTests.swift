import Testing
@testable import SFTPrep

/// Slack, Discord and Telegram exports in the shapes their tools write. (People and texts invented.)
@Suite struct ChatExportTests {
    static func slackWorkspace(_ dir: TempDir) {
        dir.write("ws/users.json", #"[{"id":"U1","name":"acme","profile":{"display_name":"Acme Support"}},{"id":"U2","name":"priya","real_name":"Priya Raman","profile":{"display_name":""}},{"id":"U3","name":"tom","profile":{"display_name":"Tom"}}]"#)
        dir.write("ws/channels.json", #"[{"id":"C1","name":"support"},{"id":"C2","name":"random"}]"#)
        // 4 March: a thread whose answer comes the next day; a later channel message; a person's file upload.
        dir.write("ws/support/2024-03-04.json", #"""
        [{"type":"message","user":"U2","text":"Export fails with error 42","ts":"1709546400.000100","thread_ts":"1709546400.000100","reply_count":1},
         {"type":"message","user":"U2","text":"Also, where is the invoice page?","ts":"1709550000.000200"},
         {"type":"message","user":"U1","text":"Billing → Invoices.","ts":"1709550060.000300"},
         {"type":"message","subtype":"file_share","user":"U2","upload":true,"username":"<@U2|priya>","text":"<@U2|priya> uploaded a file: <https://files.example/log.txt|log.txt>","ts":"1709550100.000400"}]
        """#)
        dir.write("ws/support/2024-03-05.json", #"""
        [{"type":"message","user":"U1","text":"Fixed in 2.4.1, please update.","ts":"1709632800.000500","thread_ts":"1709546400.000100"}]
        """#)
        dir.write("ws/random/2024-03-04.json", #"""
        [{"type":"message","user":"U2","text":"lunch?","ts":"1709546500.000100"},{"type":"message","user":"U3","text":"sure","ts":"1709546560.000200"}]
        """#)
    }

    /// A thread is one conversation whatever its gaps and comes in time order among its channel's conversations;
    /// a channel whose assistant cannot be told is named with its participants; an upload is not a bot's answer.
    @Test func slackThreadsOrderSkippedChannelsAndUploads() throws {
        let dir = TempDir()
        defer { dir.remove() }
        Self.slackWorkspace(dir)
        let r = try ingest(dir.path + "/ws", options: IngestOptions(assistantNames: ["Acme Support"]))
        #expect(r.messages == [
            [.user("Export fails with error 42"), .assistant("Fixed in 2.4.1, please update.")],
            [.user("Also, where is the invoice page?"), .assistant("Billing → Invoices.")],
        ])
        #expect(r.conversations.map { $0.metadata.label("start") } == ["2024-03-04T10:00:00Z", "2024-03-04T11:00:00Z"])
        #expect(r.report.notes == ["media_dropped": 1, "chats_without_assistant": 1])
        #expect(r.report.warnings == ["skipped none of the --assistant names (Acme Support) writes in #random; participants: Priya Raman (1), Tom (1)"])

        let cli = runCLI(["ingest", dir.path + "/ws", "--assistant", "Acme Support", "-q"])
        #expect(cli.stderr.contains("ws: skipped none of the --assistant names (Acme Support) writes in #random; participants: Priya Raman (1), Tom (1)"))
    }

    /// DiscordChatExporter's CSV with the machine's short dates: read in one order for the file; event rows dropped;
    /// an unreadable date is a warning and its row keeps its place (no 1970).
    @Test(arguments: [
        ("1/6/2023 2:03 PM", "1/6/2023 2:05 PM", "1/13/2023 9:00 AM", "2023-01-06T14:03:00", "month-day-year"),
        ("06/01/2023 14:03", "06/01/2023 14:05", "13/01/2023 09:00", "2023-01-06T14:03:00", "day-month-year"),
        ("06.01.2023 14:03", "06.01.2023 14:05", "07.01.2023 09:00", "2023-01-06T14:03:00", "day-month-year"),
    ])
    func discordCSVShortDates(first: String, second: String, third: String, start: String, order: String) throws {
        let text = """
        AuthorID,Author,Date,Content,Attachments,Reactions
        "1","lena","\(first)","Is the sale valid for refurbished items?","",""
        "3","mod","\(first)","Joined the server.","",""
        "2","Acme Support","\(second)","Yes, 15% off.","",""
        "1","lena","\(third)","Thanks!","",""
        "2","Acme Support","\(third)","Started a call that lasted 3 minutes.","",""
        """
        var o = IngestOptions(assistantNames: ["Acme Support"])
        o.sessionGap = 30 * 86_400
        let r = try ingest(text: text + "\n", name: "Acme - help.csv", options: o)
        #expect(r.messages == [[.user("Is the sale valid for refurbished items?"), .assistant("Yes, 15% off."), .user("Thanks!")]])
        #expect(r.conversations[0].metadata.label("start") == start)
        #expect(r.report.facts["date_order"] == order)
        #expect(r.report.notes == ["system_dropped": 1, "calls_dropped": 1])
    }

    @Test func discordUnreadableDatesAreNotInvented() throws {
        let text = """
        AuthorID,Author,Date,Content,Attachments,Reactions
        "1","lena","sometime","Hello?","",""
        "2","Acme Support","2024-02-12T10:17:30.0000000+01:00","Hi! How can I help?","",""
        """
        let r = try ingest(text: text + "\n", name: "help.csv", options: IngestOptions(assistantNames: ["Acme Support"]))
        #expect(r.messages == [[.user("Hello?"), .assistant("Hi! How can I help?")]])
        #expect(r.conversations[0].metadata.label("start") == "2024-02-12T09:17:30Z")
        #expect(r.report.notes == ["unreadable_dates": 1])
        #expect(r.report.warnings == ["1 dates could not be read; those messages keep their place and have no time"])
        #expect(!r.conversations.contains { ($0.metadata.label("start") ?? "").hasPrefix("1970") })
    }

    /// A zero `date_unixtime` falls back to `date`; a result.json cut down to its messages is still Telegram.
    @Test func telegramZeroInstantsAndBareChats() throws {
        let text = #"""
        {"messages": [
          {"id": 10, "type": "message", "date": "2024-05-01T10:00:00", "date_unixtime": "0000000000", "from": "Olga", "text": "Is my order shipped?"},
          {"id": 11, "type": "message", "date": "2024-05-01T10:05:00", "date_unixtime": "0000000000", "from": "Acme Support", "text": "Yes, this morning."},
          {"id": 12, "type": "message", "date": "2024-05-01T10:06:00", "from": "Olga", "poll": {"question": "Rate us", "answers": []}, "text": ""}
        ]}
        """#
        let r = try ingest(text: text, name: "result.json", options: IngestOptions(assistantNames: ["Acme Support"]))
        #expect(r.report.format == "telegram")
        #expect(r.messages == [[.user("Is my order shipped?"), .assistant("Yes, this morning.")]])
        #expect(r.conversations[0].metadata.label("start") == "2024-05-01T10:00:00")
        #expect(r.report.notes == ["polls_dropped": 1])
    }
}
