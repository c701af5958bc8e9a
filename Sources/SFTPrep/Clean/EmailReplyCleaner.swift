import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Removes what e-mail clients put around a reply, so a ticket's messages are
/// what each side wrote: quoted history ("On … wrote:" with `>` lines, Outlook's
/// "-----Original Message-----" and "From: … Sent: …" blocks, in en, de, fr,
/// es, it, pt and nl), device footers ("Sent from my iPhone"), thread ids
/// (`ref:_00D…:ref`), confidentiality footers, and signature blocks after
/// "-- " or after a sign-off. Fenced code blocks are never touched; a message
/// that would be left empty is kept as it is.
enum EmailReplyCleaner {
    /// Byte strings at least one of which each kind's text has: a message with none of a kind's is not
    /// looked at for it (most messages have none at all).
    static let needles: [(TextRepair, [String])] = [
        (.threadID, ["ref:_"]),
        (.quotedHistory, ["wrote:", " schrieb ", "crit :", "crit:", "escribi", "scritto:", "escreveu:", " schreef ", "-----", "_____",
                          "From:", "FROM:", "Von:", "De :", "De:", "Da:", "Van:"]),
        (.deviceFooter, ["Sent from", "sent from", "Get Outlook", "Sent via", "Sent with", "Von meinem", "Gesendet von", "Envoy", "Enviado d",
                         "Inviato da", "Verzonden", "Verstuurd"]),
        (.confidentialityFooter, ["onfidenti", "ONFIDENTI", "ertraulich", "iservat", "ertrouwelijk"]),
        (.signature, ["\n--", "egards", "EGARDS", "hanks", "hank you", "heers", "Best", "incerely", "rüß", "rüss", "LG", "VG", "ordialement",
                      "Bien à vous", "alutations", "Merci", "aludos", "tentamente", "Gracias", "aluti", "Grazie", "tenciosamente", "braços",
                      "brigad", "roet", "Bedankt"]),
    ]

    private static let threadIDNeedle = Array("ref:_".utf8)
    private static let threadIDMark = Array(":_".utf8)

    /// ``needles`` in one automaton, tagged by the kind's bit.
    private static let automaton = ByteNeedles(needles.flatMap { kind, words in
        words.map { (Array($0.utf8), bit(kind)) }
    })

    private static func bit(_ kind: TextRepair) -> UInt32 { 1 << UInt32(TextRepair.allCases.firstIndex(of: kind)!) }

    /// The kinds whose text may be in `text` (see ``needles``), in one pass over its bytes; signatures after a
    /// sign-off only when the end of the text has a contact line too (the rule needs one).
    static func candidates(_ text: String, enabled: (TextRepair) -> Bool) -> [TextRepair] {
        var t = text
        return t.withUTF8 { p -> [TextRepair] in
            guard p.count > 0 else { return [] }
            // One line: only a thread id can be there (memchr finds out fast; most chat messages stop here).
            if memchr(p.baseAddress!, 0x0A, p.count) == nil {
                // ":_" first: ':' is rare in chat text, 'r' is not.
                return enabled(.threadID) && p.contains(bytes: threadIDMark) && p.contains(bytes: threadIDNeedle) ? [.threadID] : []
            }
            let found = automaton.scan(p)
            var out: [TextRepair] = []
            for (kind, _) in needles where enabled(kind) {
                guard found & bit(kind) != 0 else { continue }
                if kind == .signature && !hasContactTail(p) && !p.contains(bytes: Array("\n--".utf8)) { continue }
                out.append(kind)
            }
            return out
        }
    }

    /// Whether the last 400 bytes hold a line break and a sign of contact details (7 digits, `@`, `www.`, `http`, `|`).
    private static func hasContactTail(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = max(0, p.count - 400)
        var digits = 0, newline = false
        for i in start..<p.count {
            let b = p[i]
            if b == 0x0A { newline = true; digits = 0; continue }
            if b >= 0x30 && b <= 0x39 { digits += 1; if digits >= 7 && newline { return true }; continue }
            if newline && (b == UInt8(ascii: "@") || b == UInt8(ascii: "|")) { return true }
        }
        guard newline else { return false }
        let tail = UnsafeBufferPointer(rebasing: p[start...])
        return tail.contains(bytes: Array("www.".utf8)) || tail.contains(bytes: Array("http".utf8))
    }

    /// The cleaned text and the repairs that changed it, or nil when nothing changed.
    static func clean(_ text: String, enabled: (TextRepair) -> Bool) -> (String, [TextRepair])? {
        let kinds = candidates(text, enabled: enabled)
        guard !kinds.isEmpty else { return nil }
        let enabled: (TextRepair) -> Bool = { kinds.contains($0) }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var changed: [TextRepair] = []
        let code = fencedCode(lines)
        if enabled(.threadID) {
            var any = false
            for i in lines.indices where !code.contains(i) {
                if let t = removingThreadIDs(lines[i]) { lines[i] = t; any = true }
            }
            if any { changed.append(.threadID) }
        }
        if enabled(.quotedHistory), let kept = removingQuotedHistory(lines, code: code) {
            lines = kept
            changed.append(.quotedHistory)
        }
        if enabled(.deviceFooter) {
            let kept = lines.enumerated().filter { code.contains($0.offset) || !isDeviceFooter($0.element) }.map(\.element)
            if kept.count != lines.count { lines = kept; changed.append(.deviceFooter) }
        }
        let code2 = fencedCode(lines)
        if enabled(.confidentialityFooter), let kept = removingConfidentialityFooter(lines, code: code2) {
            lines = kept
            changed.append(.confidentialityFooter)
        }
        let code3 = fencedCode(lines)
        if enabled(.signature), let kept = removingSignature(lines, code: code3) {
            lines = kept
            changed.append(.signature)
        }
        guard !changed.isEmpty else { return nil }
        while let last = lines.last, last.trimmingASCIIWhitespace().isEmpty { lines.removeLast() }
        let out = lines.joined(separator: "\n")
        if out.trimmingASCIIWhitespace().isEmpty { return nil }
        return (out, changed)
    }

    // MARK: - Fenced code

    /// The indices of lines inside (or opening/closing) fenced code blocks.
    static func fencedCode(_ lines: [String]) -> Set<Int> {
        var out: Set<Int> = []
        var open = false
        for (i, l) in lines.enumerated() {
            let t = l.trimmingASCIIWhitespace()
            if t.hasPrefix("```") || t.hasPrefix("~~~") {
                out.insert(i)
                open.toggle()
                continue
            }
            if open { out.insert(i) }
        }
        return out
    }

    // MARK: - Thread ids

    /// The line without Salesforce thread ids (`ref:_00D…._500…:ref`, with the brackets around them); nil if none.
    static func removingThreadIDs(_ line: String) -> String? {
        guard line.utf8Contains("ref:_") else { return nil }
        var s = line
        var changed = false
        while let start = s.range(of: "ref:_"), let end = s.range(of: ":ref", range: start.upperBound..<s.endIndex),
              s.distance(from: start.lowerBound, to: end.upperBound) <= 80,
              !s[start.upperBound..<end.lowerBound].contains(" ") {
            var lower = start.lowerBound, upper = end.upperBound
            // "[ ref:… ]" and "(ref:…)": the brackets go too.
            while lower > s.startIndex, s[s.index(before: lower)] == " " { lower = s.index(before: lower) }
            if lower > s.startIndex, "[(".contains(s[s.index(before: lower)]) {
                lower = s.index(before: lower)
                while upper < s.endIndex, s[upper] == " " { upper = s.index(after: upper) }
                if upper < s.endIndex, "])".contains(s[upper]) { upper = s.index(after: upper) }
            }
            let at = s.distance(from: s.startIndex, to: lower)
            s.removeSubrange(lower..<upper)
            // One space where the id was, not two.
            let i = s.index(s.startIndex, offsetBy: at)
            if i > s.startIndex, i < s.endIndex, s[s.index(before: i)] == " ", s[i] == " " { s.remove(at: i) }
            changed = true
        }
        return changed ? s : nil
    }

    // MARK: - Quoted history

    /// Attribution lines that open quoted history, per language: how the line starts, a word it has, how it ends.
    static let attributions: [(prefix: String, word: String, suffix: String)] = [
        ("On ", "", "wrote:"), ("Am ", " schrieb ", ":"), ("Le ", "", "a écrit :"), ("Le ", "", "a écrit:"), ("El ", "", "escribió:"),
        ("Il giorno ", "", "ha scritto:"), ("Il ", "", "ha scritto:"), ("Em ", "", "escreveu:"), ("Op ", " schreef ", ":"),
    ]
    /// Outlook's separators.
    static let originalMessage = ["original message", "ursprüngliche nachricht", "message d'origine", "mensaje original",
                                  "messaggio originale", "mensagem original", "oorspronkelijk bericht", "forwarded message",
                                  "weitergeleitete nachricht", "message transféré"]
    /// Outlook's header block: a "From:" line and, within the next lines, a "Sent:"/"Date:" line.
    static let fromWords = ["from:", "von:", "de :", "de:", "da:", "van:"]
    static let sentWords = ["sent:", "date:", "gesendet:", "datum:", "envoyé :", "envoyé:", "date :", "enviado:", "fecha:", "inviato:",
                            "data:", "enviada:", "verzonden:", "verstuurd:"]

    /// Whether line `i` (and maybe the next) is an "On … wrote:" attribution: how many lines it spans, or 0.
    static func attributionLength(_ lines: [String], _ i: Int) -> Int {
        let line = lines[i].trimmingASCIIWhitespace()
        for a in attributions where line.hasPrefix(a.prefix) {
            if line.hasSuffix(a.suffix) && (a.word.isEmpty || line.contains(a.word)) { return 1 }
            // Wrapped: the rest on the next line ("On Thu, May 2, 2024 at 11:03 AM Acme <a@b.c>" / "wrote:").
            if i + 1 < lines.count, line.count > 10 {
                let both = line + " " + lines[i + 1].trimmingASCIIWhitespace()
                if lines[i + 1].count < 80 && both.hasSuffix(a.suffix) && (a.word.isEmpty || both.contains(a.word)) { return 2 }
            }
        }
        return 0
    }

    static func isOriginalMessage(_ line: String) -> Bool {
        let t = line.trimmingASCIIWhitespace().lowercased()
        guard t.hasPrefix("--") || t.hasPrefix("__") || t.hasPrefix("=="), t.count < 80 else { return false }
        let inner = t.trimmingCharacters(in: "-_= ")
        return originalMessage.contains(inner)
    }

    static func isOutlookHeader(_ lines: [String], _ i: Int) -> Bool {
        let t = lines[i].trimmingASCIIWhitespace().lowercased().replacingOccurrences(of: "*", with: "")
        guard fromWords.contains(where: { t.hasPrefix($0) }) else { return false }
        for j in (i + 1)..<min(lines.count, i + 4) {
            let u = lines[j].trimmingASCIIWhitespace().lowercased().replacingOccurrences(of: "*", with: "")
            if sentWords.contains(where: { u.hasPrefix($0) }) { return true }
        }
        return false
    }

    /// The lines without quoted history, or nil when there is none. "On … wrote:" and the quoted (`>`) lines
    /// after it go, and replies written between quotes stay; an Outlook block takes everything after it.
    static func removingQuotedHistory(_ lines: [String], code: Set<Int>) -> [String]? {
        var out: [String] = []
        var i = 0
        var changed = false
        var quoting = false  // after an attribution, every `>` line is part of the history (replies between them stay)
        while i < lines.count {
            if code.contains(i) { out.append(lines[i]); i += 1; continue }
            if quoting && lines[i].hasPrefix(">") { i += 1; continue }
            if isOriginalMessage(lines[i]) || isOutlookHeader(lines, i) {
                if !out.contains(where: { !$0.trimmingASCIIWhitespace().isEmpty }) { return nil }  // nothing but history
                return out
            }
            let n = attributionLength(lines, i)
            if n > 0 {
                var j = i + n
                while j < lines.count, lines[j].hasPrefix(">") || (lines[j].trimmingASCIIWhitespace().isEmpty && j + 1 < lines.count && lines[j + 1].hasPrefix(">")) { j += 1 }
                if j > i + n || j == lines.count {
                    changed = true
                    quoting = true
                    i = j
                    continue
                }
            }
            out.append(lines[i])
            i += 1
        }
        // `>` lines without an attribution stay: they may be a quotation the writer meant.
        return changed ? out : nil
    }

    // MARK: - Device footers

    static let devicePrefixes = ["sent from my ", "sent from outlook", "sent from mail for", "sent from yahoo mail", "sent from gmail",
                                 "get outlook for", "sent via ", "von meinem ", "gesendet von meinem", "envoyé de mon ", "envoyé depuis ",
                                 "enviado desde mi ", "enviado desde ", "enviado do meu ", "enviado de meu ", "inviato da ", "inviato dal mio ",
                                 "verzonden vanaf mijn ", "verstuurd vanaf mijn ", "verzonden met ", "sent with proton mail"]

    static func isDeviceFooter(_ line: String) -> Bool {
        let t = line.trimmingASCIIWhitespace().lowercased()
        guard t.count < 70 else { return false }
        return devicePrefixes.contains { t.hasPrefix($0) }
    }

    // MARK: - Confidentiality footers

    static let confidentiality: [(String, [String])] = [
        ("confidential", ["intended recipient", "privileged", "if you have received", "if you are not the intended"]),
        ("vertraulich", ["empfänger", "irrtümlich", "erhalten haben"]),
        ("confidenti", ["destinataire", "si vous avez reçu"]),
        ("confidencial", ["destinatario", "destinatário", "si ha recibido", "se você recebeu"]),
        ("riservat", ["destinatario", "se avete ricevuto", "se ha ricevuto"]),
        ("vertrouwelijk", ["geadresseerde", "bestemd"]),
    ]

    /// The lines without trailing paragraphs that are confidentiality notices, or nil.
    static func removingConfidentialityFooter(_ lines: [String], code: Set<Int>) -> [String]? {
        var end = lines.count
        var changed = false
        while true {
            while end > 0, lines[end - 1].trimmingASCIIWhitespace().isEmpty { end -= 1 }
            var start = end
            while start > 0, !lines[start - 1].trimmingASCIIWhitespace().isEmpty { start -= 1 }
            guard start < end, start > 0, !(start..<end).contains(where: code.contains) else { break }
            let paragraph = lines[start..<end].joined(separator: " ").lowercased()
            let isNotice = confidentiality.contains { key, others in paragraph.contains(key) && others.contains { paragraph.contains($0) } }
            guard isNotice else { break }
            end = start
            changed = true
        }
        return changed ? Array(lines[..<end]) : nil
    }

    // MARK: - Signatures

    static let signOffs = ["best regards", "kind regards", "warm regards", "regards", "best wishes", "many thanks", "thanks", "thank you",
                           "cheers", "best", "sincerely", "yours sincerely", "mit freundlichen grüßen", "mit freundlichen grüssen",
                           "freundliche grüße", "viele grüße", "beste grüße", "liebe grüße", "lg", "vg", "gruß", "cordialement",
                           "bien cordialement", "bien à vous", "salutations", "merci", "saludos", "un saludo", "atentamente",
                           "gracias", "cordiali saluti", "distinti saluti", "saluti", "grazie", "atenciosamente", "abraços",
                           "obrigado", "obrigada", "met vriendelijke groet", "met vriendelijke groeten", "groeten", "groet", "bedankt"]

    /// Whether a line is a sign-off ("Best regards," "Viele Grüße").
    static func isSignOff(_ line: String) -> Bool {
        var t = line.trimmingASCIIWhitespace().lowercased()
        while let last = t.last, ",.!-–".contains(last) { t.removeLast() }
        return signOffs.contains(t)
    }

    /// Whether a signature line carries contact details or a company line.
    static func isContactLine(_ line: String) -> Bool {
        let t = line.lowercased()
        if t.contains("@") || t.contains("http") || t.contains("www.") || t.contains("|") { return true }
        var digits = 0
        for b in t.utf8 where b >= 0x30 && b <= 0x39 { digits += 1 }
        if digits >= 7 { return true }
        return ["tel", "phone", "mobile", "fax", "mob.", "direct:"].contains { t.hasPrefix($0) }
    }

    /// The lines without a signature block: everything from a "-- " line, or the contact lines after a
    /// sign-off and the name under it (the sign-off and the name stay: they are how the agent writes).
    static func removingSignature(_ lines: [String], code: Set<Int>) -> [String]? {
        if let dash = lines.indices.last(where: { !code.contains($0) && (lines[$0] == "-- " || lines[$0] == "--") }), dash > 0,
           lines[..<dash].contains(where: { !$0.trimmingASCIIWhitespace().isEmpty }), lines.count - dash <= 12 {
            return Array(lines[..<dash])
        }
        var end = lines.count
        while end > 0, lines[end - 1].trimmingASCIIWhitespace().isEmpty { end -= 1 }
        let window = max(0, end - 10)
        guard let signOff = (window..<end).last(where: { !code.contains($0) && isSignOff(lines[$0]) }), signOff > 0 else { return nil }
        // The name under the sign-off, then the block.
        var nameLine = signOff + 1
        while nameLine < end, lines[nameLine].trimmingASCIIWhitespace().isEmpty { nameLine += 1 }
        let blockStart = nameLine + 1
        guard blockStart < end else { return nil }
        let block = lines[blockStart..<end].filter { !$0.trimmingASCIIWhitespace().isEmpty }
        guard !block.isEmpty, block.count <= 8, block.allSatisfy({ $0.count <= 70 }), block.contains(where: isContactLine),
              !(blockStart..<end).contains(where: code.contains) else { return nil }
        return Array(lines[..<blockStart])
    }
}

private extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
