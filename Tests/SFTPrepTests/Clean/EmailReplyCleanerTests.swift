import Testing
@testable import SFTPrep

/// What e-mail clients add around a reply is removed, per kind, in seven languages; code and lone quotes stay.
@Suite struct EmailReplyCleanerTests {
    static func clean(_ text: String, skip: Set<TextRepair> = []) -> (String, [TextRepair]) {
        TextCleaner(enabled: Set(TextRepair.allCases).subtracting(skip)).clean(text)
    }

    @Test(arguments: [
        ("Thanks, that works!\n\nOn Thu, May 2, 2024 at 11:03 AM Acme Support <support@acme.example> wrote:\n> Try restarting.\n> Best, Sam", "Thanks, that works!"),
        ("Thanks, that works!\n\nOn Thu, May 2, 2024 at 11:03 AM Acme Support <support@acme.example>\nwrote:\n> Try restarting.", "Thanks, that works!"),
        ("Danke, klappt!\n\nAm 12.03.2024 um 10:15 schrieb Acme Shop <shop@acme.example>:\n> Ihre Bestellung ist unterwegs.", "Danke, klappt!"),
        ("Merci !\n\nLe mar. 12 mars 2024 à 10:15, Acme <shop@acme.example> a écrit :\n> Votre commande est partie.", "Merci !"),
        ("¡Gracias!\n\nEl mar, 12 mar 2024 a las 10:15, Acme (<shop@acme.example>) escribió:\n> Su pedido ya salió.", "¡Gracias!"),
        ("Grazie!\n\nIl giorno mar 12 mar 2024 alle ore 10:15 Acme <shop@acme.example> ha scritto:\n> Il tuo ordine è partito.", "Grazie!"),
        ("Obrigado!\n\nEm ter., 12 de mar. de 2024 às 10:15, Acme <shop@acme.example> escreveu:\n> Seu pedido saiu.", "Obrigado!"),
        ("Bedankt!\n\nOp di 12 mrt 2024 om 10:15 schreef Acme <shop@acme.example>:\n> Je bestelling is onderweg.", "Bedankt!"),
        ("Please see below.\n\n-----Original Message-----\nFrom: Acme Billing\nSent: Monday, March 4, 2024 8:00 AM\nSubject: Invoice", "Please see below."),
        ("Siehe unten.\n\n-----Ursprüngliche Nachricht-----\nVon: Acme\nGesendet: Montag, 4. März 2024 08:00", "Siehe unten."),
        ("Answer above.\n\nFrom: Acme Billing <billing@acme.example>\nSent: Monday, March 4, 2024 8:00 AM\nTo: Ana\nSubject: Invoice\n\nYour invoice is attached.", "Answer above."),
        ("Voir ci-dessous.\n\nDe : Acme\nEnvoyé : lundi 4 mars 2024 08:00\nObjet : Facture", "Voir ci-dessous."),
    ])
    func quotedHistoryGoes(text: String, expected: String) {
        let (out, changed) = Self.clean(text)
        #expect(out == expected)
        #expect(changed.contains(.quotedHistory))
    }

    /// A reply written between quotes stays; only the attribution and the quoted lines go.
    @Test func interleavedRepliesStay() {
        let text = "On Mon, Jan 1, 2024 at 9:00 AM Sam <sam@acme.example> wrote:\n> Which model do you have?\nThe X200.\n> And the serial?\nSN-4411."
        #expect(Self.clean(text).0 == "The X200.\nSN-4411.")
    }

    @Test(arguments: ["Sent from my iPhone", "Sent from my Samsung Galaxy smartphone.", "Get Outlook for Android", "Von meinem iPhone gesendet",
                      "Envoyé de mon iPhone", "Enviado desde mi iPhone", "Inviato da iPhone", "Enviado do meu iPhone", "Verzonden vanaf mijn iPhone"])
    func deviceFootersGo(footer: String) {
        let (out, changed) = Self.clean("The parcel arrived, thanks.\n\n\(footer)")
        #expect(out == "The parcel arrived, thanks.")
        #expect(changed == [.deviceFooter])
    }

    @Test func threadIDsGo() {
        let (out, changed) = Self.clean("Re: Case 00123 [ ref:_00D5g2VgW._5005g1a2b3c:ref ] still open")
        #expect(out == "Re: Case 00123 still open")
        #expect(changed.contains(.threadID))
    }

    @Test func confidentialityFootersGo() {
        let text = "Please cancel my order.\n\nThis e-mail and any attachments are confidential and may be privileged. If you are not the intended recipient, please delete it."
        #expect(Self.clean(text) == ("Please cancel my order.", [.confidentialityFooter]))
        let de = "Bitte stornieren.\n\nDiese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der richtige Empfänger sind, löschen Sie sie bitte."
        #expect(Self.clean(de).0 == "Bitte stornieren.")
    }

    @Test func signatureBlocksGoTheSignOffAndNameStay() {
        let text = "Your refund is on its way.\n\nBest regards,\nGrace Smith\nSenior Support Engineer | Acme Inc.\nPhone: +1 555 010 4477\nwww.acme.example"
        #expect(Self.clean(text) == ("Your refund is on its way.\n\nBest regards,\nGrace Smith", [.signature]))
        let dashes = "See you Monday.\n-- \nSam Okafor\nAcme Support"
        #expect(Self.clean(dashes).0 == "See you Monday.")
        // A sign-off followed by ordinary text is not a signature.
        let plain = "Thanks,\nI will try that tomorrow and tell you."
        #expect(Self.clean(plain).1.isEmpty)
    }

    /// Fenced code is never touched, a message that is all history is kept, and `--skip` turns each kind off.
    @Test func codeWholeHistoryAndSkip() {
        let code = "Run this:\n```\n-- \nOn Mon wrote:\n> x\nSent from my iPhone\n```"
        #expect(Self.clean(code).1.isEmpty)
        let onlyHistory = "-----Original Message-----\nFrom: a\nSent: b\nhello"
        #expect(Self.clean(onlyHistory).0 == onlyHistory)
        let text = "ok\n\nSent from my iPhone"
        #expect(Self.clean(text, skip: [.deviceFooter]).1.isEmpty)
        var o = CleanOptions()
        for r in TextRepair.email { o.repairs.remove(r) }
        #expect(runCLI(["clean", "--skip", "email", "--help"]).code == 0)
    }
}
