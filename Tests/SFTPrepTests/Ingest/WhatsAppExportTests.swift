import Testing
@testable import SFTPrep

/// WhatsApp exports as phones write them: iOS marks events with U+200E after the author, Android writes them
/// without an author; CRLF line ends; dates whose order only the file's evidence tells. (People and texts invented;
/// the UI strings and invisible characters are WhatsApp's.)
@Suite struct WhatsAppExportTests {
    static let lrm = "\u{200E}"
    static let nnbsp = "\u{202F}"

    private func read(_ text: String, name: String = "_chat.txt", assistant: [String] = ["Acme Support"], order: DateOrder? = nil) throws -> Ingested {
        var o = IngestOptions(assistantNames: assistant)
        o.sessionGap = 400 * 86_400
        o.dateOrder = order
        return try ingest(text: text, name: name, options: o)
    }

    /// iOS exports with CRLF line ends were taken for JSON and rejected whole; so was a one-line export.
    @Test func iOSWithCRLFAndOneLineExportsAreWhatsApp() throws {
        let l = Self.lrm
        let text = "[02/11/2020, 09:47:19] Acme Support: \(l)Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.\r\n"
            + "[02/11/2020, 09:48:02] Priya: Hi, is my order on its way?\r\n"
            + "[02/11/2020, 09:49:40] Acme Support: Yes, it ships today.\r\n"
        let r = try read(text)
        #expect(r.report.format == "whatsapp")
        #expect(r.messages == [[.user("Hi, is my order on its way?"), .assistant("Yes, it ships today.")]])
        #expect(r.report.notes == ["system_dropped": 1])

        let one = try read("[02/11/2020, 09:48:02] Priya: Hi, is my order on its way?\r\n", assistant: ["Priya"])
        #expect(one.report.format == "whatsapp")
        #expect(one.messages == [[.assistant("Hi, is my order on its way?")]])
    }

    /// iOS, English: every kind of event, placeholder, call, attachment, location, poll and edit marker.
    @Test func iOSEventsInEnglishAreCountedNotKept() throws {
        let l = Self.lrm, n = Self.nnbsp
        let text = """
        [12/03/2024, 10:00:00] Support Group: \(l)Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.
        [12/03/2024, 10:00:00] Support Group: \(l)You created group “Support Group”
        [12/03/2024, 10:00:05] Support Group: \(l)You added Priya
        [12/03/2024, 10:01:00] Priya: Hello, the app crashes when I open settings.
        [12/03/2024, 10:01:30] Priya: \(l)image omitted
        [12/03/2024, 10:01:40] Priya: Here is the log \(l)<attached: 00000012-PHOTO-2024-03-12-10-01-40.jpg>
        [12/03/2024, 10:02:00] Acme Support: Thanks! Which version are you on?\(l) <This message was edited>
        [12/03/2024, 10:02:30] Priya: \(l)This message was deleted.
        [12/03/2024, 10:02:45] Priya: \(l)<attached: 00000013-AUDIO-2024-03-12-10-02-45.opus>
        [12/03/2024, 10:03:00] Priya: \(l)Missed voice call, \(l)Tap to call back
        [12/03/2024, 10:03:10] Acme Support: Voice call, \(l)12 min
        [12/03/2024, 10:20:00] Priya: Location: https://maps.google.com/?q=51.5,-0.12
        [12/03/2024, 10:21:00] Acme Support: POLL:
        Did this fix it?
        OPTION: Yes (1 vote)
        OPTION: No (0 votes)
        [12/03/2024, 10:22:00] Priya: It works now, thank you!\(n)
        [12/03/2024, 10:22:05] Support Group: \(l)Priya left

        """
        let r = try read(text, name: "WhatsApp Chat - Support Group.txt")
        #expect(r.messages == [[
            .user("Hello, the app crashes when I open settings.\nHere is the log"),
            .assistant("Thanks! Which version are you on?"),
            .user("It works now, thank you!"),
        ]])
        #expect(r.report.notes == ["system_dropped": 4, "media_dropped": 2, "deleted_dropped": 1, "calls_dropped": 2,
                                   "locations_dropped": 1, "polls_dropped": 1, "edited_markers_stripped": 1])
    }

    /// German and Spanish iOS exports, and Android's encryption notice written under the group's name.
    @Test(arguments: [
        ("""
        [14.03.24, 09:41:05] Kundendienst: \u{200E}Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt. Niemand außerhalb dieses Chats kann sie lesen oder anhören.
        [14.03.24, 09:41:06] Kundendienst: \u{200E}Acme Support hat die Gruppe „Kundendienst“ erstellt.
        [14.03.24, 09:42:10] Miriam: Meine Rechnung ist doppelt abgebucht.
        [14.03.24, 09:42:20] Miriam: \u{200E}Sticker weggelassen
        [14.03.24, 09:42:25] Miriam: \u{200E}Rechnung.pdf • 2 Seiten \u{200E}Dokument weggelassen
        [14.03.24, 09:42:30] Miriam: \u{200E}Diese Nachricht wurde gelöscht.
        [14.03.24, 09:43:00] Kundendienst: \u{200E}Acme Support hat eine Nachricht fixiert.
        [14.03.24, 09:44:31] Acme Support: Das tut mir leid! Ich erstatte sie. \u{200E}<Diese Nachricht wurde bearbeitet.>
        [14.03.24, 09:45:00] Miriam: \u{200E}Videoanruf, \u{200E}3 Min.
        [14.03.24, 09:47:50] Miriam: Danke!
        """, "Meine Rechnung ist doppelt abgebucht.", "Das tut mir leid! Ich erstatte sie.", "Danke!",
         ["system_dropped": 3, "media_dropped": 2, "deleted_dropped": 1, "calls_dropped": 1, "edited_markers_stripped": 1]),
        ("""
        [3/4/24, 18:00:00] Soporte: \u{200E}Los mensajes y las llamadas están cifrados de extremo a extremo. Nadie fuera de este chat, ni siquiera WhatsApp, puede leerlos ni escucharlos.
        [3/4/24, 18:01:00] Lucía: Hola, mi pedido no llegó.
        [3/4/24, 18:01:10] Lucía: \u{200E}imagen omitida
        [3/4/24, 18:01:20] Lucía: \u{200E}Se eliminó este mensaje.
        [3/4/24, 18:01:30] Soporte: \u{200E}Lucía cambió su número de teléfono a un nuevo número.
        [3/4/24, 18:02:00] Acme Support: Lo siento, lo reenviamos hoy. \u{200E}<Se editó este mensaje.>
        [3/4/24, 18:03:00] Lucía: Gracias.
        """, "Hola, mi pedido no llegó.", "Lo siento, lo reenviamos hoy.", "Gracias.",
         ["system_dropped": 2, "media_dropped": 1, "deleted_dropped": 1, "edited_markers_stripped": 1]),
        ("""
        02/01/2024, 19:25 - Pokemon Chat: Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.
        02/01/2024, 19:25 - Ash created group "Pokemon Chat"
        02/01/2024, 19:26 - Ash: My parcel never came
        02/01/2024, 19:26 - Ash: IMG-20240102-WA0003.jpg (file attached)
        02/01/2024, 19:27 - Acme Support: We are sending a new one
        02/01/2024, 19:27 - Ash: <Media omitted>
        02/01/2024, 19:28 - Ash: thanks
        """, "My parcel never came", "We are sending a new one", "thanks",
         ["system_dropped": 2, "media_dropped": 2]),
    ])
    func eventsInOtherLanguagesAndAndroid(text: String, user: String, assistant: String, last: String, notes: [String: Int]) throws {
        let r = try read(text)
        #expect(r.messages == [[.user(user), .assistant(assistant), .user(last)]])
        #expect(r.report.notes == notes)
    }

    /// `[02/11/2020, 9:47:19 pm]` (iOS en-GB) is 2 November: the attachment names say so; `--date-order` overrides.
    @Test func dateOrderFromTheFilesOwnEvidence() throws {
        let n = Self.nnbsp
        let text = """
        [02/11/2020, 9:47:19\(n)pm] Priya: Photo of the damage \u{200E}<attached: 00000012-PHOTO-2020-11-02-21-47-19.jpg>
        [02/11/2020, 9:50:02\(n)pm] Acme Support: Thanks, a replacement is on its way.
        """
        let r = try read(text)
        #expect(r.conversations[0].metadata.label("start") == "2020-11-02T21:47:19")
        #expect(r.report.facts == ["date_order": "day-month-year", "date_order_reason": "attachment names carry ISO dates"])

        let forced = try read(text, order: .mdy)
        #expect(forced.conversations[0].metadata.label("start") == "2020-02-11T21:47:19")
        #expect(forced.report.facts["date_order_reason"] == "--date-order")

        // No attachment: a chat that crosses a month end runs forward in one reading only.
        let months = "[30/11/20, 10:00:00] Priya: a\n[01/12/20, 10:00:00] Acme Support: b\n[02/12/20, 10:00:00] Priya: c\n"
        let m = try read(months.replacingOccurrences(of: "30/11", with: "11/11"))
        #expect(m.report.facts["date_order_reason"] == "times run forward in this order")
        #expect(m.conversations[0].metadata.label("start") == "2020-11-11T10:00:00")

        // Nothing but the convention: lower-case pm with a four-digit year in brackets is iOS en-GB.
        let gb = try read("[02/11/2020, 9:47:19\(n)pm] Priya: a\n[02/11/2020, 9:50:02\(n)pm] Acme Support: b\n")
        #expect(gb.report.facts["date_order"] == "day-month-year")
        #expect(gb.report.facts["date_order_reason"] == "iOS with a four-digit year and lower-case am/pm (en-GB style)")
    }

    /// The file's last message does not keep the blank line after it; a person's words that merely resemble an
    /// event stay.
    @Test func lastMessageAndLookAlikesStay() throws {
        let text = "12/03/2024, 10:00 - Priya: Video call tomorrow?\n12/03/2024, 10:01 - Acme Support: I added the note, the driver left it at the door.\n\n\n"
        let r = try read(text, name: "WhatsApp Chat with Acme Support.txt")
        #expect(r.messages == [[.user("Video call tomorrow?"), .assistant("I added the note, the driver left it at the door.")]])
        #expect(r.report.notes.isEmpty)
    }

    @Test func theDateOrderOptionIsCheckedAndReported() throws {
        let bad = runCLI(["ingest", "--date-order", "dym", "-"])
        #expect(bad.code == 2)
        #expect(bad.stderr.contains("--date-order takes dmy, mdy or ymd, got 'dym'"))
    }
}
