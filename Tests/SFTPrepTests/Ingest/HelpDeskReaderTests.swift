import Foundation
import Testing
@testable import SFTPrep

/// Help-desk exports in the shapes the tools write, from SampleData (one file per tool, built field for field
/// from each API's documentation, with invented people): exact conversations, what was left out, and never a note.
@Suite struct HelpDeskReaderTests {
    static func sample(_ name: String) throws -> Ingested { try ingest(packageRoot + "/SampleData/helpdesk/" + name) }

    /// The texts of internal notes in the samples: none may reach a conversation.
    static let noteTexts = ["Don't offer a refund", "Check carrier SLA", "Stock check", "Enterprise plan", "@Kai", "out of stock until April",
                            "Sunday hours", "Checking with the courier", "Draft: we could", "draft reply"]

    @Test func zendeskTicketsWithCommentsRequesterIsTheCustomerNotesAndSystemCommentsLeftOut() throws {
        let r = try Self.sample("zendesk_tickets.json")
        #expect(r.report.format == "zendesk")
        #expect(r.messages == [
            [.user("Hi, my blender arrived with a cracked jug. Can I get a replacement?"),
             .assistant("Sorry about that! A new jug ships today; you don't need to send the old one back."),
             .user("Great, thank you!\n\nOn Thu, May 2, 2024 at 11:03 AM Acme Support <support@acme.example> wrote:\n> Sorry about that! A new jug ships today; you don't need to send the old one back.\n\nSent from my iPhone")],
            [.user("The reset link says expired every time."),
             .assistant("Links are valid for 30 minutes. I've sent a fresh one — please use it right away.")],
        ])
        #expect(r.conversations[0].metadata.id == "35436")
        #expect(r.conversations[0].metadata["subject"] == .string("Refund for damaged blender"))
        #expect(r.report.notes == ["notes_skipped": 1, "system_events_skipped": 1, "attachment_only_skipped": 1])
    }

    @Test func zendeskCommentsResponseAndEnvelopes() throws {
        // The Ticket Comments API response: no requester, so the first comment's author is the customer.
        let comments = #"{"comments":[{"id":1,"author_id":7,"public":true,"plain_body":"Where is my refund?","created_at":"2024-01-01T10:00:00Z"},{"id":2,"author_id":9,"public":false,"plain_body":"check with finance","created_at":"2024-01-01T10:01:00Z"},{"id":3,"author_id":9,"public":true,"plain_body":"It was sent yesterday.","created_at":"2024-01-01T10:02:00Z"}],"next_page":null,"count":3}"#
        let a = try ingest(text: comments, name: "comments.json")
        #expect(a.messages == [[.user("Where is my refund?"), .assistant("It was sent yesterday.")]])
        let wrapped = try ingest(text: #"{"ticket":{"id":5,"requester_id":9,"#  + comments.dropFirst() + "}", name: "ticket.json")
        #expect(wrapped.messages == [[.assistant("Where is my refund?"), .user("It was sent yesterday.")]])
        let list = try ingest(text: #"{"tickets":[{"id":5,"requester_id":7,"# + comments.dropFirst() + "]}", name: "tickets.json")
        #expect(list.messages == [[.user("Where is my refund?"), .assistant("It was sent yesterday.")]])
    }

    @Test func freshdeskTicketDescriptionThenConversationsPrivateNotesLeftOut() throws {
        let r = try Self.sample("freshdesk_ticket.json")
        #expect(r.messages == [[.user("My order A-10482 was supposed to arrive Monday. It came Thursday."),
                                .assistant("I'm sorry for the delay. I've refunded the shipping fee to your card."),
                                .user("Thanks, that's fair.")]])
        #expect(r.conversations[0].metadata.source == packageRoot + "/SampleData/helpdesk/freshdesk_ticket.json")
        #expect(r.report.notes["notes_skipped"] == 1)
    }

    /// The conversations list endpoint gives one message per element: grouped by ticket, in time order.
    @Test func freshdeskConversationListIsGroupedByTicket() throws {
        let text = """
        [{"id":1,"ticket_id":7,"incoming":true,"private":false,"body_text":"First question","created_at":"2024-01-02T10:00:00Z"},
         {"id":2,"ticket_id":8,"incoming":true,"private":false,"body_text":"Other ticket","created_at":"2024-01-02T10:00:00Z"},
         {"id":3,"ticket_id":7,"incoming":false,"private":true,"body_text":"internal only","created_at":"2024-01-02T10:01:00Z"},
         {"id":4,"ticket_id":7,"incoming":false,"private":false,"body":"<p>An <b>answer</b></p>","created_at":"2024-01-02T10:02:00Z"},
         {"id":5,"ticket_id":8,"incoming":false,"private":false,"body_text":"Other answer","created_at":"2024-01-02T09:59:00+00:00"}]
        """
        let r = try ingest(text: text, name: "conversations.json")
        #expect(r.messages == [[.user("First question"), .assistant("An answer")], [.assistant("Other answer"), .user("Other ticket")]])
        #expect(r.conversations.map(\.metadata.id) == ["7", "8"])
        #expect(r.report.notes["notes_skipped"] == 1)
    }

    @Test func intercomFinAnswersAreTheAssistantNotesAndEventsLeftOut() throws {
        let r = try Self.sample("intercom_conversations.json")
        #expect(r.messages == [[.user("Hi, can I change the size of my jacket order?"),
                                .assistant("Yes! Orders can be changed until they ship. Which size would you like?"),
                                .user("Medium instead of large, please."),
                                .assistant("Done, your order now has a medium. It ships tomorrow.")]])
        #expect(r.conversations[0].metadata["user_participants"] == .array([.string("Lena Fischer")]))
        #expect(r.report.notes == ["layout_document": 1, "notes_skipped": 1, "system_events_skipped": 2])
    }

    @Test func intercomWebhookEnvelopeOlderAPIAndLegacyExport() throws {
        let webhook = #"{"type":"notification_event","data":{"type":"notification_event_data","item":{"type":"conversation","id":"1","created_at":1596634805,"conversation_message":{"type":"conversation_message","body":"<p>hi Bob</p>","author":{"type":"admin","id":"3"}},"conversation_parts":{"type":"conversation_part.list","conversation_parts":[{"type":"conversation_part","part_type":"note","body":"<p>this is a note</p>","created_at":1596635094,"author":{"type":"admin","id":"3"}},{"type":"conversation_part","part_type":"comment","body":"<p>Hello! Where is my order?</p>","created_at":1596635100,"author":{"type":"user","id":"5"}},{"type":"conversation_part","part_type":"comment","body":"<p>On its way &amp; arriving today.</p>","created_at":1596635160,"author":{"type":"admin","id":"3"}}]}}}}"#
        let w = try ingest(text: webhook, name: "hook.json")
        #expect(w.messages == [[.assistant("hi Bob"), .user("Hello! Where is my order?"), .assistant("On its way & arriving today.")]])
        let legacy = #"{"id":"42","messages":[{"from":{"is_admin":false,"name":"Ana"},"body":"<p>Can I pay by invoice?</p>","created_at":1500000000},{"from":{"is_admin":true,"name":"Support"},"body":"<p>Yes, for orders over 500 EUR.</p>","created_at":1500000060}]}"#
        let l = try ingest(text: legacy, name: "legacy.json")
        #expect(l.messages == [[.user("Can I pay by invoice?"), .assistant("Yes, for orders over 500 EUR.")]])
        #expect(l.report.format == "intercom")
    }

    @Test func helpScoutThreadsComeNewestFirstAndGoOutOldestFirst() throws {
        let r = try Self.sample("helpscout_conversation.json")
        #expect(r.messages == [[.user("Hello,\nplease put our company address on invoice INV-2291.\n\n-----Original Message-----\nFrom: billing@acme.example\nSent: Monday, March 4, 2024 8:00 AM\nSubject: Your invoice INV-2291"),
                                .assistant("Done: the invoice now shows your company address. You'll find it under Billing.")]])
        #expect(r.report.notes == ["layout_document": 1, "notes_skipped": 1, "drafts_skipped": 1, "system_events_skipped": 1])
        #expect(r.conversations[0].metadata["user_participants"] == .array([.string("Priya Raman")]))
    }

    @Test func frontInboundIsTheCustomerDraftsAndCommentsLeftOut() throws {
        let r = try Self.sample("front_messages.json")
        #expect(r.messages == [[.user("Hi, my discount code SPRING24 is rejected at checkout."),
                                .assistant("That code expired on March 31. I've applied the same 15% to your cart manually.")]])
        #expect(r.conversations[0].metadata.id == "cnv_55c8c149")
        let comments = try ingest(text: #"{"_results":[{"id":"com_1","author":{"first_name":"Sam"},"body":"Can someone check the promo rules?","posted_at":1712135000}]}"#, name: "comments.json")
        #expect(comments.conversations.isEmpty)
        #expect(comments.rejects.map(\.reason) == ["no_public_messages"])
        #expect(comments.rejects[0].message.contains("only 1 internal note"))
    }

    @Test func hubSpotDirectionsCommentsAndStatusChanges() throws {
        let r = try Self.sample("hubspot_thread_messages.json")
        #expect(r.messages == [[.assistant("Hi! How can we help?"), .user("Do you ship to Norway?"),
                                .assistant("Yes, we ship to Norway in 4–6 business days. Import duties are paid at delivery.")]])
        #expect(r.report.notes["notes_skipped"] == 1 && r.report.notes["system_events_skipped"] == 1)
    }

    @Test func gorgiasPrefersStrippedTextAndLeavesInternalNotesOut() throws {
        let r = try Self.sample("gorgias_ticket.json")
        #expect(r.messages == [[.user("I ordered the green mug and got a blue one."),
                                .assistant("Sorry for the mix-up! Green is back in April; keep the blue one and we'll send the green one as soon as it's in.")]])
        let list = try ingest(text: #"{"data":[{"id":1,"ticket_id":9,"channel":"chat","from_agent":false,"public":true,"body_text":"hi, is my order shipped?","created_datetime":"2024-03-12T11:00:00.500Z"},{"id":2,"ticket_id":9,"channel":"chat","from_agent":true,"public":true,"body_text":"Yes, this morning.","created_datetime":"2024-03-12T11:00:00Z"}],"meta":{}}"#, name: "messages.json")
        // .500Z is after the whole second: the reply (11:00:00Z) comes first in time.
        #expect(list.messages == [[.assistant("Yes, this morning."), .user("hi, is my order shipped?")]])
    }

    @Test func crispOperatorsNotesFilesAndMessagesAsRecords() throws {
        let r = try Self.sample("crisp_messages.json")
        #expect(r.messages == [[.user("Hello, is the store open on Sunday?"), .assistant("Yes, from 10:00 to 16:00 on Sundays.")]])
        #expect(r.report.notes == ["layout_document": 1, "notes_skipped": 1, "attachment_only_skipped": 1])
        let lines = """
        {"session_id":"s1","type":"text","from":"user","content":"first","timestamp":1709026800000}
        {"session_id":"s2","type":"text","from":"user","content":"other","timestamp":1709026800000}
        {"session_id":"s1","type":"text","from":"operator","content":"second","timestamp":1709026801000}
        """
        let g = try ingest(text: lines, name: "crisp.jsonl")
        #expect(g.messages == [[.user("first"), .assistant("second")], [.user("other")]])
    }

    @Test func liveChatAgentOnlyEventsFormsAndFilesLeftOut() throws {
        let r = try Self.sample("livechat_archives.json")
        #expect(r.messages == [[.user("My package says delivered but I don't have it."),
                                .assistant("The courier left it with your neighbour at number 12. If it isn't there, I'll send a new one today.")]])
        #expect(r.report.notes == ["layout_document": 1, "notes_skipped": 1, "system_events_skipped": 2, "attachment_only_skipped": 1])
    }

    /// A help-desk export in a shape sftprep does not know is named as such, not reported as "message has no role".
    @Test func anUnknownHelpDeskShapeIsNamed() throws {
        let r = try ingest(text: #"{"messages":[{"sender_kind":"agent","body_text":"hi","is_inbound":false}]}"# + "\n", name: "x.jsonl")
        let message = try #require(r.rejects.first?.message)
        #expect(message.contains("looks like a help-desk export"))
        #expect(message.contains("\"body_text\""))
    }

    /// `run` over every help-desk sample: no internal note, draft or agent-only event reaches train or validation.
    @Test func noNoteReachesTheDataset() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let r = runCLI(["run", packageRoot + "/SampleData/helpdesk", "--out", dir.path + "/out", "--validation", "0.3", "-q"])
        #expect(r.code == 0, "\(r.stderr)")
        let written = dir.read("out/train.jsonl") + dir.read("out/validation.jsonl")
        #expect(try jsonLines(written).count == 10)
        for note in Self.noteTexts { #expect(!written.contains(note), "\(note)") }
        let report = try #require(try JSONParser.parse(dir.read("out/report.json")).objectValue)
        // Every input but Front's (a draft, no note) counted its notes.
        let notes = (report["inputs"]?.arrayValue ?? []).compactMap { $0.objectValue?["notes"]?.objectValue?["notes_skipped"] }
        #expect(notes.count == 8)
    }
}

/// One-row-per-message CSVs as help desks, migration scripts and ETL connectors write them.
@Suite struct HelpDeskCSVTests {
    /// Salesforce EmailMessage: ParentId, Incoming (true is the customer), TextBody/HtmlBody, MessageDate.
    @Test func salesforceEmailMessages() throws {
        let text = """
        Id,ParentId,Incoming,FromAddress,Subject,TextBody,HtmlBody,MessageDate,Status
        02s1,5003x1,true,ana@example.com,Broken lid,"The lid of my kettle cracked.",,2024-03-01T09:00:00.000+0000,0
        02s2,5003x1,false,support@acme.example,Re: Broken lid,,"<p>We'll send a new lid <b>today</b>.</p>",2024-03-01T10:00:00.000+0000,3
        02s3,5003x1,true,ana@example.com,Re: Broken lid,Thanks!,,2024-03-01T09:30:00.000+0200,0
        """
        let r = try ingest(text: text + "\n", name: "EmailMessage.csv")
        // 09:30+02:00 is 07:30 UTC: before the first message as an instant, after it as text.
        #expect(r.messages == [[.user("Thanks!"), .user("The lid of my kettle cracked."), .assistant("We'll send a new lid today.")]])
        #expect(r.conversations[0].metadata.id == "5003x1")
        #expect(r.conversations[0].metadata["FromAddress"] == .string("ana@example.com"))
    }

    /// Intercom-style values and camelCase headers; a visibility column whose private rows are notes; epoch milliseconds.
    @Test func camelCaseHeadersHelpDeskSpeakersAndVisibility() throws {
        let text = """
        conversationId,senderType,visibility,messageBody,MessageDate
        c1,lead,public,Do you have a student discount?,1709026800000
        c1,admin,internal,Check the edu list first,1709026805000
        c1,teammate,public,Yes: 20% with a valid student e-mail.,1709026810000
        c2,INCOMING,public,second conversation,1709026900
        c2,OUTGOING,public,reply in seconds,1709026950
        """
        let r = try ingest(text: text + "\n", name: "intercom.csv")
        #expect(r.messages == [[.user("Do you have a student discount?"), .assistant("Yes: 20% with a valid student e-mail.")],
                               [.user("second conversation"), .assistant("reply in seconds")]])
        #expect(r.report.notes["notes_skipped"] == 1)
    }

    /// Boolean speaker columns mean what their name says; public/private columns keep notes out.
    @Test func flagColumns() throws {
        let gorgias = "ticket_id,from_agent,public,body_text\nt1,false,true,hello\nt1,true,false,agents only\nt1,true,true,hi there\n"
        let g = try ingest(text: gorgias, name: "g.csv")
        #expect(g.messages == [[.user("hello"), .assistant("hi there")]])
        let front = "conversation_id,is_inbound,internal,text\nx,1,0,question\nx,0,1,note\nx,0,0,answer\n"
        #expect(try ingest(text: front, name: "f.csv").messages == [[.user("question"), .assistant("answer")]])
        let sf = "ParentId,author_type,IsPublished,CommentBody\n500a,agent,false,internal comment\n500a,customer,true,my question\n500a,agent,true,our answer\n"
        #expect(try ingest(text: sf, name: "CaseComment.csv").messages == [[.user("my question"), .assistant("our answer")]])
        // A conversation of notes only is accounted for.
        let notesOnly = try ingest(text: "ticket_id,from_agent,public,body_text\nn1,true,false,only a note\n", name: "n.csv")
        #expect(notesOnly.rejects.map(\.reason) == ["no_public_messages"])
        #expect(notesOnly.rejects[0].message == "conversation n1 has only internal notes (1), no public message")
    }

    @Test func inAndOutAndHTMLOnlyColumns() throws {
        let text = "thread_id,direction,html_body,created_at\nq,in,<p>Is it <i>waterproof</i>?</p>,2024-01-01 10:00:00\nq,out,<p>Yes &mdash; up to 10 m.</p>,2024-01-01 10:05:00\n"
        #expect(try ingest(text: text, name: "h.csv").messages == [[.user("Is it waterproof?"), .assistant("Yes — up to 10 m.")]])
    }
}
