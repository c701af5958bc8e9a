/// The fixed texts WhatsApp writes into an export instead of a message, in
/// English, German, Spanish, French, Italian, Portuguese and Dutch, in one
/// table: a new language or phrase is a line here.
///
/// Texts are compared in small letters, trimmed, without a final full stop,
/// after the marks WhatsApp puts around them (U+200E) are removed.
enum WhatsAppPhrases {
    /// Whole texts.
    static let exact: [(ChatEvent, [String])] = [
        (.media, [
            // Android
            "<media omitted>", "<medien ausgeschlossen>", "<multimedia omitido>", "<médias omis>", "<media omessi>", "<mídia oculta>",
            "<arquivo de mídia oculto>", "<media weggelaten>", "null",
            // iOS
            "image omitted", "video omitted", "audio omitted", "sticker omitted", "gif omitted", "document omitted", "contact card omitted",
            "video note omitted", "bild weggelassen", "video weggelassen", "audio weggelassen", "sticker weggelassen", "gif weggelassen",
            "videonotiz weggelassen", "kontaktkarte weggelassen", "dokument weggelassen", "imagen omitida", "video omitido",
            "audio omitido", "sticker omitido", "gif omitido", "documento omitido", "tarjeta de contacto omitida", "nota de video omitida",
            "image absente", "vidéo absente", "audio omis", "autocollant omis", "gif retiré", "document omis", "carte de contact omise",
            "immagine omessa", "video omesso", "audio omesso", "sticker omesso", "gif omessa", "documento omesso", "scheda contatto omessa",
            "imagem ocultada", "vídeo omitido", "áudio ocultado", "figurinha omitida", "gif omitido", "documento ocultado",
            "cartão de contato omitido", "afbeelding weggelaten", "video weggelaten", "audio weggelaten", "sticker weggelaten",
            "gif weggelaten", "document weggelaten", "contactkaart weggelaten",
        ]),
        (.deleted, [
            "this message was deleted", "you deleted this message", "diese nachricht wurde gelöscht", "du hast diese nachricht gelöscht",
            "se eliminó este mensaje", "eliminaste este mensaje", "este mensaje fue eliminado", "ce message a été supprimé",
            "vous avez supprimé ce message", "questo messaggio è stato eliminato", "hai eliminato questo messaggio",
            "essa mensagem foi apagada", "mensagem apagada", "você apagou esta mensagem", "apagou esta mensagem",
            "dit bericht is verwijderd", "je hebt dit bericht verwijderd", "waiting for this message", "warten auf diese nachricht",
            "esperando este mensaje", "en attente de ce message", "in attesa di questo messaggio", "aguardando mensagem",
            "wachten op dit bericht",
        ]),
    ]

    /// Beginnings of texts.
    static let prefixes: [(ChatEvent, [String])] = [
        (.system, [
            "messages and calls are end-to-end encrypted", "messages to this group are now secured with end-to-end encryption",
            "messages you send to this chat and calls are now secured", "nachrichten und anrufe sind ende-zu-ende-verschlüsselt",
            "los mensajes y las llamadas están cifrados de extremo a extremo", "los mensajes y las llamadas están cifrados",
            "les messages et les appels sont chiffrés de bout en bout", "i messaggi e le chiamate sono crittografati end-to-end",
            "as mensagens e as chamadas são protegidas com a criptografia de ponta a ponta",
            "as mensagens e chamadas são protegidas com a criptografia de ponta a ponta",
            "berichten en oproepen worden end-to-end versleuteld", "your security code with", "dein sicherheitscode für",
            "tu código de seguridad con", "votre code de sécurité avec", "il tuo codice di sicurezza con", "seu código de segurança com",
            "je beveiligingscode met", "this message was deleted by admin", "diese nachricht wurde von admin",
            "este mensaje fue eliminado por", "disappearing messages", "selbstlöschende nachrichten", "los mensajes temporales",
            "this chat is with a business account", "dieser chat ist mit einem business-konto",
        ]),
        (.call, ["missed voice call", "missed video call", "missed group voice call", "missed group video call", "voice call",
                 "video call", "verpasster sprachanruf", "verpasster videoanruf", "verpasster gruppen", "sprachanruf", "videoanruf",
                 "llamada de voz perdida", "videollamada perdida", "llamada perdida", "llamada de voz", "videollamada",
                 "appel vocal manqué", "appel vidéo manqué", "appel vocal", "appel vidéo", "chiamata vocale persa",
                 "videochiamata persa", "chiamata vocale", "videochiamata", "chamada de voz perdida", "chamada de vídeo perdida",
                 "chamada de voz", "chamada de vídeo", "gemiste spraakoproep", "gemiste video-oproep", "spraakoproep", "video-oproep"]),
        (.location, ["location: https://", "standort: https://", "ubicación: https://", "position : https://", "position: https://",
                     "posizione: https://", "localização: https://", "locatie: https://", "live location shared",
                     "live-standort wird geteilt", "ubicación en tiempo real compartida"]),
    ]

    /// Poll headers, as written (in capitals), before the question; `OPTION:` lines follow.
    static let pollHeaders = ["POLL:", "UMFRAGE:", "ENCUESTA:", "SONDAGE :", "SONDAGE:", "SONDAGGIO:", "ENQUETE:", "PEILING:"]

    /// Group events written under the chat's own name (iOS names the group as their author): phrases no one
    /// types in a message. (Texts WhatsApp marks with U+200E are events whatever they say.)
    static let groupEvents = [
        " created group", "created this group", " changed the subject", " changed this group's icon", " changed the group description",
        " joined using this group's invite link", " changed their phone number", " pinned a message", " deleted this group's icon",
        " hat die gruppe", " hat eine nachricht fixiert", " hat das gruppenbild geändert", " die gruppenbeschreibung geändert",
        " hat den betreff", " ist über den einladungslink", " creó el grupo", " cambió el asunto", " cambió la descripción del grupo",
        " cambió su número de teléfono", " se unió usando el enlace de invitación", " fijó un mensaje", " a créé le groupe",
        " a modifié le sujet", " a rejoint via le lien d'invitation", " ha creato il gruppo", " ha cambiato l'oggetto",
        " si è unito tramite il link d'invito", " criou o grupo", " mudou o assunto", " entrou usando o link de convite",
        " heeft groep", " heeft het onderwerp", " is lid geworden via de uitnodigingslink",
    ]

    /// Markers WhatsApp appends to an edited message.
    static let editedMarkers = [
        "<this message was edited>", "<diese nachricht wurde bearbeitet.>", "<diese nachricht wurde bearbeitet>",
        "<se editó este mensaje.>", "<se editó este mensaje>", "<ce message a été modifié>", "<questo messaggio è stato modificato>",
        "<esta mensagem foi editada>", "<dit bericht is bewerkt>", "<mensaje editado>", "<nachricht bearbeitet>",
    ]

    /// Android's line for an attachment: `IMG-20200319-WA0011.jpg (file attached)`.
    static let fileAttached = ["(file attached)", "(datei angehängt)", "(archivo adjunto)", "(fichier joint)", "(file allegato)",
                               "(arquivo anexado)", "(bestand bijgevoegd)"]

    /// The key texts are compared by.
    static func key(_ text: String) -> String {
        var k = text.lowercased().trimmingASCIIWhitespace()
        while k.hasSuffix(".") { k.removeLast() }
        return k
    }

    private static let exactIndex: [String: ChatEvent] = {
        var out: [String: ChatEvent] = [:]
        for (event, texts) in exact { for t in texts { out[t] = event } }
        return out
    }()

    /// What `text` is, if it is not a message: by its whole text or beginning always; by a group event's words
    /// only when WhatsApp `marked` it as an event or wrote it under the chat's own name.
    static func event(_ text: String, marked: Bool) -> ChatEvent? {
        let k = key(text)
        if let e = exactIndex[k] { return e }
        // "Rechnung.pdf • 2 Seiten Dokument weggelassen", "invoice.pdf • 1 page document omitted".
        for suffix in ["document omitted", "dokument weggelassen", "documento omitido", "document omis", "documento omesso",
                       "documento ocultado", "document weggelaten"] where k.hasSuffix(suffix) && marked {
            return .media
        }
        for (event, starts) in prefixes {
            for p in starts where k.hasPrefix(p) {
                // A call is the whole text or its first part before a comma ("Voice call, No answer"): "video call tomorrow?" is a message.
                if event == .call && !(k == p || k.hasPrefix(p + ",") || k.hasPrefix(p + " ,") || marked) { continue }
                return event
            }
        }
        if pollHeaders.contains(where: { text.hasPrefix($0) }), text.contains("\nOPTION") || text.contains("\nOPCIÓN") || text.contains("\nOPÇÃO")
            || text.contains("\nOPZIONE") || text.contains("\nOPTIE") || text.contains("\nOPTION :") || marked {
            return .poll
        }
        return marked ? .system : nil
    }

    /// Whether `text` is a group event (for texts written under the chat's own name).
    static func isGroupEvent(_ text: String) -> Bool {
        let k = key(text)
        return groupEvents.contains { k.contains($0) }
    }
}
