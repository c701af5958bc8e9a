/// Finds people's names in free text without a language model: by the
/// context support conversations put names in, in English, German, French,
/// Spanish, Italian, Portuguese and Dutch —
///
/// - introductions ("my name is …", "this is …", "I'm Priya from support", "je m'appelle …", "ich heiße …");
/// - greetings and forms of address ("Hi Maria,", "Dear Mr Okafor", "Hallo Frau Schneider");
/// - titles (Mr, Mrs, Ms, Dr, Herr, Frau, M., Mme, Sr., Sra., Sig., Dhr., …);
/// - sign-offs ("Thanks,⏎John", "Best regards, Ana Souza", "LG Edith");
/// - relations ("my colleague Priya Raman", "my husband Tom", "meine Frau Anna");
/// - form fields ("Name: …", "Nom :", "Nombre:");
///
/// and, with no context, a first name or surname followed by a surname from the
/// Census lists ("Maria Gonzalez"). A word that is also a frequent word ("Will",
/// "May", "Rose") is a name only in context. Cue words are found in one pass
/// (``ByteNeedles``); the name after each is read from the bytes around it.
enum PersonScanner {
    /// What a cue says about the words after it.
    enum Cue: Int, CaseIterable {
        /// "my name is": the next words are a name, whatever their case.
        case strongIntro
        /// "this is", "I'm": a name if it looks like one.
        case intro
        /// "Hi", "Dear": a name before the comma.
        case greeting
        /// "Mr", "Frau": the next capitalised words.
        case title
        /// "Best regards": a name alone on the rest of the line or on the next.
        case signOff
        /// "my colleague": the next capitalised words.
        case relation
        /// "Name:": the rest of the line.
        case field
    }

    static let cueWords: [Cue: [String]] = [
        .strongIntro: ["my name is", "my name's", "my full name is", "the name is", "name's", "call me", "je m'appelle", "je m’appelle",
                       "mon nom est", "mon prénom est", "je me nomme", "ich heiße", "ich heisse", "mein name ist", "mein name lautet",
                       "me llamo", "mi nombre es", "mi chiamo", "il mio nome è", "me chamo", "meu nome é", "o meu nome é", "ik heet",
                       "mijn naam is"],
        .intro: ["this is", "i'm", "i’m", "i am", "it's", "it’s", "ich bin", "hier ist", "hier spricht", "je suis", "c'est", "c’est", "ici",
                 "soy", "habla", "aquí", "sono", "qui è", "parla", "sou", "aqui é", "aqui fala", "ik ben", "hier is", "u spreekt met"],
        .greeting: ["hi", "hello", "hey", "dear", "good morning", "good afternoon", "good evening", "morning", "hallo", "liebe", "lieber",
                    "sehr geehrte", "sehr geehrter", "guten tag", "guten morgen", "moin", "servus", "grüezi", "bonjour", "bonsoir",
                    "salut", "cher", "chère", "hola", "buenos días", "buenas tardes", "buenas", "estimado", "estimada", "querido",
                    "querida", "ciao", "buongiorno", "buonasera", "salve", "gentile", "caro", "cara", "olá", "oi", "bom dia",
                    "boa tarde", "prezado", "prezada", "hoi", "beste", "goedemorgen", "goedemiddag", "thanks", "thank you", "danke",
                    "merci", "gracias", "grazie", "obrigado", "obrigada", "bedankt"],
        .title: ["mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "mx", "dr", "dr.", "prof", "prof.", "herr", "herrn", "frau", "m.",
                 "mme", "mme.", "mlle", "monsieur", "madame", "mademoiselle", "sr.", "sra", "sra.", "srta", "srta.", "señor",
                 "señora", "señorita", "doña", "sig.", "sig.ra", "signor", "signora", "signorina", "dott.", "dott.ssa", "senhor",
                 "senhora", "dhr.", "mevr.", "mw.", "meneer", "mevrouw"],
        .signOff: ["best regards", "kind regards", "warm regards", "regards", "best wishes", "many thanks", "thanks", "thank you",
                   "cheers", "best", "sincerely", "yours sincerely", "yours", "mit freundlichen grüßen", "mit freundlichen grüssen",
                   "freundliche grüße", "viele grüße", "beste grüße", "liebe grüße", "lg", "vg", "mfg", "gruß", "grüße", "cordialement",
                   "bien cordialement", "bien à vous", "salutations", "merci", "saludos", "un saludo", "atentamente", "gracias",
                   "cordiali saluti", "distinti saluti", "saluti", "grazie", "atenciosamente", "abraços", "obrigado", "obrigada",
                   "met vriendelijke groet", "met vriendelijke groeten", "groeten", "groet", "bedankt"],
        .relation: relationCues,
        .field: ["name:", "name :", "full name:", "first name:", "last name:", "surname:", "customer name:", "contact name:", "your name:",
                 "nom :", "nom:", "prénom :", "prénom:", "nom complet :", "nombre:", "nombre :", "apellido:", "apellidos:", "nome:",
                 "cognome:", "nome completo:", "naam:", "voornaam:", "achternaam:", "vorname:", "nachname:"],
    ]

    /// Possessive + relation: "my colleague", "meine Frau", "mon mari", "mi esposa", "mio marito", "meu marido", "mijn vrouw".
    static let relationCues: [String] = {
        var out: [String] = []
        let en = ["colleague", "coworker", "co-worker", "husband", "wife", "partner", "son", "daughter", "mother", "mom", "mum", "father",
                  "dad", "brother", "sister", "friend", "boss", "manager", "assistant", "neighbour", "neighbor", "boyfriend", "girlfriend",
                  "fiancé", "fiancée", "teammate", "supervisor", "landlord", "tenant", "aunt", "uncle", "cousin", "grandmother", "grandfather"]
        for p in ["my", "our", "your", "his", "her"] { for n in en { out.append(p + " " + n) } }
        out += ["meine kollegin", "mein kollege", "meine frau", "mein mann", "mein sohn", "meine tochter", "meine mutter", "mein vater",
                "mein bruder", "meine schwester", "mein freund", "meine freundin", "mein chef", "meine chefin", "mein nachbar",
                "meine nachbarin", "mein partner", "meine partnerin", "unser kollege", "unsere kollegin",
                "mon collègue", "ma collègue", "mon mari", "ma femme", "mon fils", "ma fille", "ma mère", "mon père", "mon frère",
                "ma sœur", "ma soeur", "mon ami", "mon amie", "mon patron", "ma patronne", "mon voisin", "ma voisine", "mon compagnon",
                "ma compagne", "notre collègue",
                "mi compañero", "mi compañera", "mi colega", "mi esposo", "mi esposa", "mi marido", "mi mujer", "mi hijo", "mi hija",
                "mi madre", "mi padre", "mi hermano", "mi hermana", "mi amigo", "mi amiga", "mi jefe", "mi jefa", "mi vecino",
                "mi vecina", "mi pareja", "mi novio", "mi novia", "nuestro compañero", "nuestra compañera",
                "mio collega", "mia collega", "il mio collega", "la mia collega", "mio marito", "mia moglie", "mio figlio", "mia figlia",
                "mia madre", "mio padre", "mio fratello", "mia sorella", "il mio amico", "la mia amica", "il mio capo", "il mio vicino",
                "la mia vicina", "il nostro collega",
                "meu colega", "minha colega", "meu marido", "minha esposa", "minha mulher", "meu filho", "minha filha", "minha mãe",
                "meu pai", "meu irmão", "minha irmã", "meu amigo", "minha amiga", "meu chefe", "minha chefe", "meu vizinho",
                "minha vizinha", "nosso colega",
                "mijn collega", "mijn man", "mijn vrouw", "mijn zoon", "mijn dochter", "mijn moeder", "mijn vader", "mijn broer",
                "mijn zus", "mijn vriend", "mijn vriendin", "mijn baas", "mijn buurman", "mijn buurvrouw", "mijn partner", "onze collega"]
        return out
    }()

    /// Words that end a name: what follows greetings and introductions when no name does.
    static let stopWords: Set<String> = [
        "team", "all", "there", "everyone", "everybody", "support", "guys", "folks", "sir", "madam", "again", "friend", "friends", "back",
        "both", "you", "customer", "world", "and", "or", "from", "at", "of", "the", "a", "an", "here", "speaking", "with", "for", "to",
        "in", "on", "by", "is", "was", "will", "would", "can", "could", "calling", "writing", "sorry", "happy", "glad", "afraid", "not",
        "also", "just", "still", "so", "very", "really", "please", "thanks", "thank", "your", "my", "our", "their", "his", "her",
        "zusammen", "allerseits", "leute", "und", "von", "vom", "bei", "aus", "für", "mit", "tous", "tout", "et", "avec", "pour", "todos",
        "todas", "y", "con", "para", "tutti", "e", "per", "com", "allemaal", "iedereen", "en", "met", "voor", "van", "de", "da", "di",
    ]

    /// Words after an introduction that say it introduced a person ("I'm Priya from support").
    static let introFollowers: Set<String> = ["from", "at", "of", "with", "here", "speaking", "von", "vom", "bei", "aus", "de", "du", "da",
                                              "di", "del", "van", "met", "calling", "writing"]

    private static let cueList: [(String, Cue)] = Cue.allCases.flatMap { c in cueWords[c]!.map { ($0, c) } }
    static let automaton = ByteNeedles(cueList.map { (Array($0.0.utf8), 1 << UInt32($0.1.rawValue)) }, foldsCase: true)

    /// A name found in a text: where it is, and its words as written.
    struct Found: Equatable {
        var range: Range<Int>
        var words: [String]
    }

    /// The names in `b`.
    static func scan(_ b: UTF8Bytes) -> [Found] {
        var found: [Found] = []
        automaton.forEachMatch(b) { index, range in
            let (word, cue) = cueList[index]
            // Whole words only: "hi" is not the end of "this", "ms" not of "items".
            guard range.lowerBound == 0 || !Letters.isLetter(before: range.lowerBound, in: b),
                  !Letters.isLetterStart(at: range.upperBound, in: b) || word.hasSuffix(":") else { return }
            if let f = name(after: range, cue: cue, in: b) { found.append(f) }
        }
        found += pairs(b)
        return merged(found)
    }

    // MARK: - After a cue

    static func name(after cue: Range<Int>, cue kind: Cue, in b: UTF8Bytes) -> Found? {
        switch kind {
        case .strongIntro:
            return run(b, from: cue.upperBound, max: 3, lowercase: true)
        case .intro:
            guard let f = run(b, from: cue.upperBound, max: 3, lowercase: true) else { return nil }
            let first = f.words[0].lowercased()
            if NameLists.common.contains(first) && !isCapitalized(f.words[0]) { return nil }
            let known = NameLists.firstNames.contains(first) || NameLists.surnames.contains(first)
            if !isCapitalized(f.words[0]) { return known && !NameLists.common.contains(first) ? f : nil }
            if NameLists.common.contains(first) { return nil }
            let follower = Letters.word(at: Letters.skipSpaces(b, from: f.range.upperBound, newlines: false), in: b).map { String(decoding: b[$0], as: UTF8.self).lowercased() }
            if known || f.words.count > 1 || follower.map(introFollowers.contains) == true || Letters.endsClause(b, at: f.range.upperBound) { return f }
            return nil
        case .greeting:
            var at = Letters.skipSpaces(b, from: cue.upperBound, newlines: false)
            if at < b.count, b[at] == UInt8(ascii: ",") { at = Letters.skipSpaces(b, from: at + 1, newlines: false) }
            at = skipTitle(b, from: at)
            guard let f = run(b, from: at, max: 3, lowercase: true) else { return nil }
            let first = f.words[0].lowercased()
            if NameLists.common.contains(first) { return nil }
            if !isCapitalized(f.words[0]) && !NameLists.firstNames.contains(first) { return nil }
            // A name stands alone before the comma; "Hi Maria how are you" only with a known first name.
            if Letters.endsClause(b, at: f.range.upperBound) || NameLists.firstNames.contains(first) { return f }
            return nil
        case .title:
            guard let f = run(b, from: cue.upperBound, max: 3, lowercase: false) else { return nil }
            return NameLists.common.contains(f.words[0].lowercased()) && f.words.count == 1 ? nil : f
        case .signOff:
            guard Letters.startsLine(b, at: cue.lowerBound) else { return nil }
            var at = cue.upperBound
            while at < b.count, b[at] == UInt8(ascii: ",") || b[at] == UInt8(ascii: "!") || b[at] == UInt8(ascii: ".") { at += 1 }
            at = Letters.skipSpaces(b, from: at, newlines: true)
            guard let f = run(b, from: at, max: 3, lowercase: true), Letters.endsLine(b, at: f.range.upperBound) else { return nil }
            let first = f.words[0].lowercased()
            if !isCapitalized(f.words[0]) && !NameLists.firstNames.contains(first) { return nil }
            return NameLists.common.contains(first) && f.words.count == 1 && !isCapitalized(f.words[0]) ? nil : f
        case .relation:
            var at = Letters.skipSpaces(b, from: cue.upperBound, newlines: false)
            if at < b.count, b[at] == UInt8(ascii: ",") { at = Letters.skipSpaces(b, from: at + 1, newlines: false) }
            guard let f = run(b, from: at, max: 3, lowercase: true) else { return nil }
            let first = f.words[0].lowercased()
            if !isCapitalized(f.words[0]) && !(NameLists.firstNames.contains(first) && !NameLists.common.contains(first)) { return nil }
            if NameLists.common.contains(first) && f.words.count == 1 { return nil }
            return f
        case .field:
            guard Letters.startsLine(b, at: cue.lowerBound) else { return nil }
            guard let f = run(b, from: cue.upperBound, max: 4, lowercase: true), Letters.endsLine(b, at: f.range.upperBound) else { return nil }
            return f
        }
    }

    /// A title word at `at` ("Mr", "Frau", "M.") is stepped over; returns where the name starts.
    static func skipTitle(_ b: UTF8Bytes, from at: Int) -> Int {
        guard let w = Letters.word(at: at, in: b) else { return at }
        var end = w.upperBound
        if end < b.count, b[end] == UInt8(ascii: ".") { end += 1 }
        let text = String(decoding: b[w.lowerBound..<end], as: UTF8.self).lowercased()
        let bare = String(decoding: b[w], as: UTF8.self).lowercased()
        if cueWords[.title]!.contains(text) || cueWords[.title]!.contains(bare) { return Letters.skipSpaces(b, from: end, newlines: false) }
        return at
    }

    /// Up to `max` name-like words from `at` on one line (particles such as "de la" between them):
    /// capitalised, or any case with `lowercase`; ends at a stop word, punctuation or the line's end.
    static func run(_ b: UTF8Bytes, from start: Int, max: Int, lowercase: Bool) -> Found? {
        var at = Letters.skipSpaces(b, from: start, newlines: false)
        var words: [String] = []
        var first = -1, end = -1
        var pendingParticles: [String] = []
        while words.count < max, let w = Letters.word(at: at, in: b) {
            let text = String(decoding: b[w], as: UTF8.self)
            let lower = text.lowercased()
            if !words.isEmpty && NameLists.particles.contains(lower) && !isCapitalized(text) {
                pendingParticles.append(text)
            } else {
                guard !stopWords.contains(lower), isCapitalized(text) || lowercase, w.count >= 2,
                      text.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0 == "'" || $0 == "’" || $0 == "-" || $0.properties.generalCategory == .nonspacingMark }) else { break }
                // Once a name has started in capitals, a word in small letters ends it ("Maria was here").
                if !words.isEmpty && isCapitalized(words[0]) && !isCapitalized(text) { break }
                words += pendingParticles
                pendingParticles = []
                words.append(text)
                if first < 0 { first = w.lowerBound }
                end = w.upperBound
            }
            let next = Letters.skipSpaces(b, from: w.upperBound, newlines: false)
            guard next > w.upperBound || next == b.count else { break }  // punctuation right after the word
            at = next
        }
        guard first >= 0 else { return nil }
        return Found(range: first..<end, words: words.filter { !NameLists.particles.contains($0.lowercased()) || isCapitalized($0) })
    }

    static func isCapitalized(_ w: String) -> Bool { w.unicodeScalars.first.map { $0.properties.isUppercase } ?? false }

    // MARK: - Names without context

    /// Two or three title-case words where the last is a Census surname and the first a first name (or,
    /// not starting a sentence, a surname), none of them a frequent word: "Maria Gonzalez".
    static func pairs(_ b: UTF8Bytes) -> [Found] {
        var out: [Found] = []
        var i = 0
        while i < b.count {
            // Next capital letter at a word start (ASCII, or a non-ASCII letter).
            guard let w1 = Letters.word(at: i, in: b) else { i += 1; continue }
            defer { i = w1.upperBound }
            guard Letters.isTitleCase(w1, in: b) else { continue }
            let after = w1.upperBound
            guard after + 1 < b.count, b[after] == 0x20, let w2 = Letters.word(at: after + 1, in: b), Letters.isTitleCase(w2, in: b) else { continue }
            let t1 = String(decoding: b[w1], as: UTF8.self), t2 = String(decoding: b[w2], as: UTF8.self)
            let l1 = t1.lowercased(), l2 = t2.lowercased()
            guard !NameLists.common.contains(l1), !NameLists.common.contains(l2), NameLists.surnames.contains(l2) else { continue }
            let sentenceStart = Letters.startsSentence(b, at: w1.lowerBound)
            guard NameLists.firstNames.contains(l1) || (NameLists.surnames.contains(l1) && !sentenceStart) else { continue }
            var words = [t1, t2]
            var end = w2.upperBound
            if end + 1 < b.count, b[end] == 0x20, let w3 = Letters.word(at: end + 1, in: b), Letters.isTitleCase(w3, in: b) {
                let l3 = String(decoding: b[w3], as: UTF8.self).lowercased()
                if NameLists.surnames.contains(l3) && !NameLists.common.contains(l3) { words.append(String(decoding: b[w3], as: UTF8.self)); end = w3.upperBound }
            }
            out.append(Found(range: w1.lowerBound..<end, words: words))
        }
        return out
    }

    /// Overlapping finds as one (the longer wins), in text order.
    static func merged(_ found: [Found]) -> [Found] {
        var out: [Found] = []
        for f in found.sorted(by: { $0.range.lowerBound != $1.range.lowerBound ? $0.range.lowerBound < $1.range.lowerBound : $0.range.count > $1.range.count }) {
            if let last = out.last, last.range.overlaps(f.range) {
                if f.range.upperBound > last.range.upperBound { out[out.count - 1] = Found(range: last.range.lowerBound..<f.range.upperBound, words: last.words + f.words.filter { !last.words.contains($0) }) }
                continue
            }
            out.append(f)
        }
        return out
    }
}

/// Letters and words in UTF-8 bytes, for the context scanners.
enum Letters {
    /// The letter starting at `i` (ASCII or any alphabetic scalar) and its length in bytes; nil otherwise.
    @inline(__always) static func letter(at i: Int, in b: UTF8Bytes) -> (upper: Bool, lower: Bool, length: Int)? {
        let c = b[i]
        if c < 0x80 {
            if c >= 0x41 && c <= 0x5A { return (true, false, 1) }
            if c >= 0x61 && c <= 0x7A { return (false, true, 1) }
            return nil
        }
        guard c >= 0xC0 else { return nil }
        var j = i
        let v = DedupText.nextScalar(b, &j)
        guard let s = Unicode.Scalar(v), s.properties.isAlphabetic || s.properties.generalCategory == .nonspacingMark else { return nil }
        return (s.properties.isUppercase, s.properties.isLowercase, j - i)
    }

    static func isLetterStart(at i: Int, in b: UTF8Bytes) -> Bool { i < b.count && letter(at: i, in: b) != nil }

    /// Whether the byte before `i` ends a letter (looking back over a multi-byte character).
    static func isLetter(before i: Int, in b: UTF8Bytes) -> Bool {
        guard i > 0 else { return false }
        var s = i - 1
        while s > 0 && b[s] & 0xC0 == 0x80 { s -= 1 }
        return letter(at: s, in: b) != nil
    }

    /// The word starting at `i`: letters, with an apostrophe or hyphen between letters (O'Brien, Jean-Luc).
    static func word(at i: Int, in b: UTF8Bytes) -> Range<Int>? {
        guard i < b.count, let first = letter(at: i, in: b), !isLetter(before: i, in: b) else { return nil }
        var j = i + first.length
        while j < b.count {
            if let l = letter(at: j, in: b) { j += l.length; continue }
            // ' or ’ or - followed by a letter.
            var k = j
            if b[k] == 0x27 || b[k] == 0x2D { k += 1 } else if k + 2 < b.count, b[k] == 0xE2, b[k + 1] == 0x80, b[k + 2] == 0x99 { k += 3 } else { break }
            guard k < b.count, letter(at: k, in: b) != nil else { break }
            j = k
        }
        return i..<j
    }

    /// First letter upper-case, and at least one lower-case letter after it ("Maria", not "ACME" or "maria").
    static func isTitleCase(_ w: Range<Int>, in b: UTF8Bytes) -> Bool {
        guard let f = letter(at: w.lowerBound, in: b), f.upper else { return false }
        var i = w.lowerBound + f.length
        while i < w.upperBound {
            if b[i] >= 0x61 && b[i] <= 0x7A { return true }
            if b[i] >= 0xC0, let l = letter(at: i, in: b) { if l.lower { return true }; i += l.length; continue }
            i += 1
        }
        return false
    }

    static func skipSpaces(_ b: UTF8Bytes, from i: Int, newlines: Bool) -> Int {
        var i = i
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || (newlines && (b[i] == 0x0A || b[i] == 0x0D)) { i += 1 }
        return i
    }

    /// Whether `i` begins a line (only spaces before it on its line).
    static func startsLine(_ b: UTF8Bytes, at i: Int) -> Bool {
        var j = i
        while j > 0, b[j - 1] == 0x20 || b[j - 1] == 0x09 { j -= 1 }
        return j == 0 || b[j - 1] == 0x0A
    }

    /// Whether only spaces and closing punctuation follow `i` on its line.
    static func endsLine(_ b: UTF8Bytes, at i: Int) -> Bool {
        var j = i
        while j < b.count, b[j] == 0x20 || b[j] == 0x09 || b[j] == 0x0D || b[j] == UInt8(ascii: ".") || b[j] == UInt8(ascii: ",") || b[j] == UInt8(ascii: "!") { j += 1 }
        return j == b.count || b[j] == 0x0A
    }

    /// Whether a clause ends at `i`: punctuation, a line end or the end of the text.
    static func endsClause(_ b: UTF8Bytes, at i: Int) -> Bool {
        var j = i
        while j < b.count, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
        guard j < b.count else { return true }
        return [UInt8(ascii: ","), UInt8(ascii: "!"), UInt8(ascii: "."), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ";"),
                UInt8(ascii: ")"), 0x0A, 0x0D].contains(b[j]) || (j + 1 < b.count && b[j] == UInt8(ascii: "-") && b[j + 1] == 0x20)
    }

    /// Whether `i` starts a sentence: the text's start, or after . ! ? or a line break (spaces between).
    static func startsSentence(_ b: UTF8Bytes, at i: Int) -> Bool {
        var j = i
        while j > 0, b[j - 1] == 0x20 || b[j - 1] == 0x09 || b[j - 1] == UInt8(ascii: "\"") || b[j - 1] == UInt8(ascii: "(") { j -= 1 }
        return j == 0 || [UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"), 0x0A, UInt8(ascii: ":")].contains(b[j - 1])
    }
}
