import Foundation
import Testing
@testable import SFTPrep

@Suite struct WhatsAppReaderTests {
    static let nnbsp = "\u{202F}"
    static let lrm = "\u{200E}"

    private func read(_ text: String, name: String = "WhatsApp Chat with Jordan.txt", assistant: [String] = ["Acme Support"], gap: Double = 6 * 3600) throws -> Ingested {
        var o = IngestOptions(assistantNames: assistant)
        o.sessionGap = gap
        return try ingest(text: text, name: name, options: o)
    }

    @Test func androidUSTwelveHourClockWithNarrowSpaces() throws {
        let n = Self.nnbsp
        let text = """
        12/30/23, 9:02\(n)PM - Messages and calls are end-to-end encrypted. No one outside of this chat can read them.
        12/30/23, 9:03\(n)PM - Jordan: Hi! My order says delivered
        12/30/23, 9:03\(n)PM - Jordan: but nothing is here
        12/30/23, 9:05\(n)PM - Acme Support: Sorry! Couriers scan early sometimes.
        Please wait until noon tomorrow.
        12/30/23, 9:06\(n)PM - Jordan: <Media omitted>
        12/30/23, 9:09\(n)PM - Jordan: This message was deleted
        12/30/23, 9:09\(n)PM - Jordan: ok
        12/31/23, 1:15\(n)PM - Jordan: Still nothing
        12/31/23, 1:20\(n)PM - Acme Support: Replacement shipped: ZX-4471.
        """
        let r = try read(text)
        #expect(r.messages == [
            [.user("Hi! My order says delivered\nbut nothing is here"), .assistant("Sorry! Couriers scan early sometimes.\nPlease wait until noon tomorrow."), .user("ok")],
            [.user("Still nothing"), .assistant("Replacement shipped: ZX-4471.")],
        ])
        let m = r.conversations[0].metadata
        #expect(m.format == "whatsapp")
        #expect(m.label("chat") == "Jordan")
        #expect(m.label("start") == "2023-12-30T21:03:00" && m.label("end") == "2023-12-30T21:09:00")
        #expect(m.label("date_order") == "month-day-year")
        #expect(m["participants"] == .array([.string("Jordan"), .string("Acme Support")]))
        #expect(m.line == 2)
        #expect(r.report.notes == ["system_dropped": 1, "media_dropped": 1, "deleted_dropped": 1])
        #expect(r.report.facts["date_order_reason"] == "a second number above 12 (the day)")
    }

    @Test func iOSGermanBracketsSecondsAndMarks() throws {
        let l = Self.lrm
        let text = """
        [14.03.24, 09:41:05] \(l)Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt.
        [14.03.24, 09:41:06] \(l)Acme Support hat die Gruppe „Kundendienst: Q1“ erstellt
        [14.03.24, 09:42:10] Miriam Vogt: Meine Rechnung ist doppelt abgebucht.
        [14.03.24, 09:44:31] Acme Support: Das tut mir leid! Ich erstatte sie. <Diese Nachricht wurde bearbeitet>
        [14.03.24, 09:45:02] Miriam Vogt: \(l)Bild weggelassen
        [14.03.24, 09:47:50] Miriam Vogt: Danke!
        """
        let r = try read(text, name: "_chat.txt")
        #expect(r.messages == [[.user("Meine Rechnung ist doppelt abgebucht."), .assistant("Das tut mir leid! Ich erstatte sie."), .user("Danke!")]])
        #expect(r.conversations[0].metadata.label("start") == "2024-03-14T09:42:10")
        #expect(r.conversations[0].metadata.label("date_order") == "day-month-year")
        #expect(r.report.notes == ["system_dropped": 2, "media_dropped": 1, "edited_markers_stripped": 1])
    }

    @Test(arguments: [
        ("31/12/2023, 21:41 - Ann: hi\n31/12/2023, 21:42 - Acme Support: hello\n", "2023-12-31T21:41:00", "day-month-year"),
        ("2023-12-31, 21:41 - Ann: hi\n2023-12-31, 21:42 - Acme Support: hello\n", "2023-12-31T21:41:00", "year-month-day"),
        ("03.04.24, 21:41 - Ann: hi\n03.04.24, 21:42 - Acme Support: hello\n", "2024-04-03T21:41:00", "day-month-year"),
        ("[4/3/24, 9:41:00 AM] Ann: hi\n[4/3/24, 9:42:00 AM] Acme Support: hello\n", "2024-04-03T09:41:00", "month-day-year"),
        ("05/04/2024, 9:41 p. m. - Ann: hi\n13/04/2024, 9:42 p. m. - Acme Support: hello\n", "2024-04-05T21:41:00", "day-month-year"),
    ])
    func localeVariants(text: String, start: String, order: String) throws {
        let r = try read(text, gap: 30 * 86_400)
        #expect(r.messages.first == [.user("hi"), .assistant("hello")])
        #expect(r.conversations.first?.metadata.label("start") == start)
        #expect(r.conversations.first?.metadata.label("date_order") == order)
    }

    @Test func dayMonthOrderIsDecidedByTheWholeFile() throws {
        // The first lines are ambiguous (both ≤ 12); a later line with 13 proves month-first.
        let text = "01/02/24, 10:00 - Ann: a\n01/02/24, 10:01 - Acme Support: b\n01/13/24, 10:00 - Ann: c\n01/13/24, 10:01 - Acme Support: d\n"
        let r = try read(text)
        #expect(r.conversations.map { $0.metadata.label("start") } == ["2024-01-02T10:00:00", "2024-01-13T10:00:00"])
    }

    @Test func twoPersonChatWithoutAssistantAsksWhoIsWho() throws {
        let text = "1/2/24, 10:00 - Ann: a\n1/2/24, 10:01 - Bob: b\n1/2/24, 10:02 - Ann: c\n"
        let r = try read(text, assistant: [])
        #expect(r.conversations.isEmpty)
        #expect(r.report.skippedReason == "who is the assistant in Jordan? Name them with --assistant NAME; participants: Ann (2), Bob (1)")
    }

    @Test func sessionGapSplitsConversations() throws {
        let text = "1/2/24, 10:00 - Ann: a\n1/2/24, 10:01 - Acme Support: b\n1/2/24, 10:45 - Ann: c\n1/2/24, 10:46 - Acme Support: d\n"
        #expect(try read(text).conversations.count == 1)
        #expect(try read(text, gap: 30 * 60).conversations.count == 2)
    }
}

@Suite struct SlackDiscordTelegramTests {
    @Test func slackExportResolvesUsersMentionsLinksAndThreads() throws {
        let dir = TempDir()
        defer { dir.remove() }
        dir.write("ws/users.json", #"[{"id":"U1","name":"acme","profile":{"display_name":"Acme Support"}},{"id":"U2","name":"pr","real_name":"Priya Raman","profile":{"display_name":""}},{"id":"UB","name":"bot","is_bot":true,"profile":{"display_name":"AcmeBot"}}]"#)
        dir.write("ws/channels.json", #"[{"id":"C1","name":"support"}]"#)
        dir.write("ws/support/2024-03-04.json", #"""
        [{"type":"message","subtype":"channel_join","user":"U2","text":"<@U2> has joined the channel","ts":"1709546400.0001"},
         {"type":"message","user":"U2","text":"Hi <@U1>, is <#C9|billing> the right place? Tom &amp; I can't export","ts":"1709546500.0002"},
         {"type":"message","user":"U1","text":"Yes! See <https://docs.example/export|the export guide> or mail <mailto:help@acme.example|help@acme.example>","ts":"1709546560.0003"},
         {"type":"message","user":"U2","text":"Thread question","ts":"1709546600.0004","thread_ts":"1709546600.0004","reply_count":1},
         {"type":"message","user":"U1","text":"Thread answer","ts":"1709546660.0005","thread_ts":"1709546600.0004"}]
        """#)
        dir.write("notes.txt", "not a chat\n")
        let files = try Ingestor().expand([dir.path])
        #expect(files == [dir.path + "/notes.txt", dir.path + "/ws"])
        let r = try ingest(dir.path + "/ws", options: IngestOptions(assistantNames: ["Acme Support"]))
        #expect(r.report.format == "slack")
        #expect(r.messages == [
            [.user("Hi @Acme Support, is #billing the right place? Tom & I can't export"),
             .assistant("Yes! See the export guide (https://docs.example/export) or mail help@acme.example")],
            [.user("Thread question"), .assistant("Thread answer")],
        ])
        #expect(r.conversations[1].metadata.label("thread_ts") == "1709546600.0004")
        #expect(r.conversations[0].metadata["participants"] == .array([.string("Priya Raman"), .string("Acme Support")]))
        #expect(r.conversations[0].metadata.label("start") == "2024-03-04T10:01:40Z")
        #expect(r.report.notes == ["system_dropped": 1])
    }

    @Test func discordJSONKeepsConversationMessagesAndMarksBots() throws {
        let text = #"""
        {"guild":{"name":"Acme"},"channel":{"name":"help"},"messages":[
          {"type":"GuildMemberJoin","timestamp":"2024-02-10T18:00:00+00:00","content":"","author":{"name":"sam","isBot":false}},
          {"type":"Default","timestamp":"2024-02-10T18:01:12.000+00:00","content":"Dark mode on Linux?","author":{"name":"sam","nickname":"Sam","isBot":false}},
          {"type":"Reply","timestamp":"2024-02-10T19:01:15.000+01:00","content":"Settings → Theme.","author":{"name":"AcmeBot","isBot":true},"reference":{"messageId":"2"}},
          {"type":"Default","timestamp":"2024-02-10T18:02:40.000+00:00","content":"","author":{"name":"sam","isBot":false},"attachments":[{"fileName":"x.png"}]},
          {"type":"ChannelPinnedMessage","timestamp":"2024-02-10T18:05:00+00:00","content":"Pinned a message.","author":{"name":"mod","isBot":false}}]}
        """#
        let r = try ingest(text: text, name: "Acme - help.json")
        #expect(r.report.format == "discord")
        #expect(r.messages == [[.user("Dark mode on Linux?"), .assistant("Settings → Theme.")]])
        #expect(r.conversations[0].metadata.label("start") == "2024-02-10T18:01:12Z")
        #expect(r.report.notes == ["system_dropped": 2, "media_dropped": 1])
    }

    @Test func discordCSV() throws {
        let text = "AuthorID,Author,Date,Content,Attachments,Reactions\n\"1\",\"lena\",\"2024-02-12T10:15:00.0000000+01:00\",\"Is the sale valid for refurbished items?\",\"\",\"\"\n\"2\",\"Acme Support\",\"2024-02-12T10:17:30.0000000+01:00\",\"Yes, 15% off.\",\"\",\"\"\n"
        let r = try ingest(text: text, name: "sales.csv", options: IngestOptions(assistantNames: ["Acme Support"]))
        #expect(r.report.format == "discord")
        #expect(r.messages == [[.user("Is the sale valid for refurbished items?"), .assistant("Yes, 15% off.")]])
        #expect(r.conversations[0].metadata.label("start") == "2024-02-12T09:15:00Z")
    }

    @Test func telegramEntityArraysAndFullExports() throws {
        let chat = #"{"name":"Acme Support","type":"personal_chat","id":1,"messages":[{"id":1,"type":"service","date":"2024-04-02T08:59:00","date_unixtime":"1712048340","action":"phone_call","text":""},{"id":2,"type":"message","date":"2024-04-02T11:00:10","date_unixtime":"1712048410","from":"Olga","text":"Verify again?"},{"id":3,"type":"message","date_unixtime":"1712048565","from":"Acme Support","text":["Open ",{"type":"bold","text":"Settings"}," → ",{"type":"link","text":"https://x.example"}]},{"id":4,"type":"message","date_unixtime":"1712048600","from":"Olga","photo":"p.jpg","text":""}]}"#
        let r = try ingest(text: chat, name: "result.json", options: IngestOptions(assistantNames: ["Acme Support"]))
        #expect(r.report.format == "telegram")
        #expect(r.messages == [[.user("Verify again?"), .assistant("Open Settings → https://x.example")]])
        #expect(r.report.notes == ["calls_dropped": 1, "media_dropped": 1])
        // `date` is wall-clock time, `date_unixtime` the instant: two hours apart here, so the offset is +02:00.
        #expect(r.conversations[0].metadata.label("start") == "2024-04-02T11:00:10+02:00")
        #expect(r.conversations[0].metadata.label("end") == "2024-04-02T11:02:45+02:00")
        let full = #"{"about":"export","chats":{"about":"","list":["# + chat + #",{"name":"Other","type":"personal_chat","messages":[{"id":1,"type":"message","date_unixtime":"1712000000","from":"Max","text":"hi"},{"id":2,"type":"message","date_unixtime":"1712000060","from":"Acme Support","text":"hello"}]}]}}"#
        let r2 = try ingest(text: full.replacingOccurrences(of: "\"# + chat + #\"", with: chat), name: "result.json", options: IngestOptions(assistantNames: ["Acme Support"]))
        // In time order across the export's chats.
        #expect(r2.conversations.map { $0.metadata.label("chat") } == ["Other", "Acme Support"])
    }
}

@Suite struct CivilTimeTests {
    @Test func roundTripsAndParsesOffsets() {
        #expect(CivilTime.iso(CivilTime.seconds(year: 2024, month: 2, day: 29, hour: 23, minute: 59, second: 59), utc: false) == "2024-02-29T23:59:59")
        #expect(CivilTime.iso(0, utc: true) == "1970-01-01T00:00:00Z")
        #expect(CivilTime.parseISO("2024-02-12T10:15:00.0000000+01:00") == CivilTime.seconds(year: 2024, month: 2, day: 12, hour: 9, minute: 15))
        #expect(CivilTime.parseISO("2024-02-12 10:15:00Z") == CivilTime.seconds(year: 2024, month: 2, day: 12, hour: 10, minute: 15))
        #expect(CivilTime.parseISO("12/02/2024") == nil)
        #expect(SharedOptions.duration("1h30m") == 5400 && SharedOptions.duration("90s") == 90 && SharedOptions.duration("2d") == 172_800)
        #expect(SharedOptions.duration("6") == nil && SharedOptions.duration("x") == nil)
    }
}
