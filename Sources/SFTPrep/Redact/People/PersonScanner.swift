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
        /// "here" after a name that opens a sentence: "Kai Kota here, …".
        case selfAnnounced
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
        .selfAnnounced: ["here"],
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

    /// Words that end a name whatever their case: what greetings address when no name follows ("Hi Team,"),
    /// and function words.
    static let stopWords: Set<String> = [
        "team", "all", "there", "everyone", "everybody", "support", "guys", "folks", "sir", "madam", "again", "friend", "friends", "back",
        "both", "you", "customer", "customers", "world", "and", "or", "from", "at", "of", "the", "a", "an", "here", "speaking", "with",
        "for", "to", "in", "on", "by", "is", "was", "zusammen", "allerseits", "leute", "und", "von", "vom", "bei", "aus", "für", "mit",
        "tous", "tout", "et", "avec", "pour", "todos", "todas", "y", "con", "para", "tutti", "e", "per", "com", "allemaal", "iedereen",
        "en", "met", "voor", "van", "de", "da", "di", "ich", "wir", "je", "nous", "yo", "io", "eu", "ik", "wij",
    ]
    /// Words that end a name when written in small letters ("Hi, will you…") but may be names capitalised ("Will Turner").
    static let lowercaseStopWords: Set<String> = [
        "will", "would", "can", "could", "calling", "writing", "sorry", "happy", "glad", "afraid", "not", "also", "just", "still", "so",
        "very", "really", "please", "thanks", "thank", "your", "my", "our", "their", "his", "her",
    ]

    /// Words after an introduction that say it introduced a person ("I'm Priya from support").
    static let introFollowers: Set<String> = ["from", "at", "of", "with", "here", "speaking", "von", "vom", "bei", "aus", "de", "du", "da",
                                              "di", "del", "van", "met", "calling", "writing", "again", "aqui", "ici", "hier"]

    /// Each cue word once, with every kind it is ("thanks" greets and signs off).
    private static let cueList: [(String, [Cue])] = {
        var kinds: [String: [Cue]] = [:]
        var order: [String] = []
        for c in Cue.allCases {
            for w in cueWords[c]! {
                if kinds[w] == nil { order.append(w) }
                kinds[w, default: []].append(c)
            }
        }
        return order.map { ($0, kinds[$0]!) }
    }()
    static let automaton = ByteNeedles(cueList.map { (Array($0.0.utf8), $0.1.reduce(0) { $0 | 1 << UInt32($1.rawValue) }) }, foldsCase: true)
    /// Per needle, whether a letter may follow it (a field's "Name:"), and its kinds: read per match without
    /// copying a string (the scan's callback runs at every "hi" inside "this").
    private static let letterMayFollow: [Bool] = cueList.map { $0.0.hasSuffix(":") }
    private static let cueKinds: [[Cue]] = cueList.map(\.1)
    static let titles: Set<String> = Set(cueWords[.title]!)
    static let signOffs: Set<String> = Set(cueWords[.signOff]!)

    /// A name found in a text: where it is, and its words as written.
    struct Found: Equatable {
        var range: Range<Int>
        var words: [String]
    }

    /// The names in `b`.
    static func scan(_ b: UTF8Bytes) -> [Found] {
        var found: [Found] = []
        automaton.forEachWordStartMatch(b) { index, range in
            // Whole words only: "hi" is not the end of "this", "ms" not of "items".
            guard range.lowerBound == 0 || !Letters.isLetter(before: range.lowerBound, in: b),
                  letterMayFollow[index] || !Letters.isLetterStart(at: range.upperBound, in: b) else { return }
            for cue in cueKinds[index] {
                if let f = name(after: range, cue: cue, in: b) { found.append(f); break }
            }
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
            // "I'm Priya from support", "Ik ben Grace van de klantenservice", "Sono Sante dell'assistenza".
            let next = Letters.word(at: Letters.skipSpaces(b, from: f.range.upperBound, newlines: false), in: b).map { String(decoding: b[$0], as: UTF8.self).lowercased() }
            let follower = next.map { w in introFollowers.contains(w) || ["dell'", "dall'", "dell’", "d'", "d’"].contains { w.hasPrefix($0) } } == true
            if NameLists.common.contains(first) { return follower ? f : nil }
            if known || f.words.count > 1 || follower || Letters.endsClause(b, at: f.range.upperBound) { return f }
            return nil
        case .greeting:
            var at = Letters.skipSpaces(b, from: cue.upperBound, newlines: false)
            if at < b.count, b[at] == UInt8(ascii: ",") { at = Letters.skipSpaces(b, from: at + 1, newlines: false) }
            at = skipTitle(b, from: at)
            guard let f = run(b, from: at, max: 3, lowercase: true) else { return nil }
            let first = f.words[0].lowercased()
            let capitalized = isCapitalized(f.words[0])
            if !capitalized && (!NameLists.firstNames.contains(first) || NameLists.common.contains(first)) { return nil }
            // A name stands alone before the comma ("Hi Mark,"); "Hi Maria how are you" only with a known first name
            // that is not also a frequent word.
            if Letters.endsClause(b, at: f.range.upperBound) { return f }
            return NameLists.firstNames.contains(first) && !NameLists.common.contains(first) ? f : nil
        case .title:
            // After a title, a capitalised word is a name, frequent or not ("Mrs May", "Sig. Ward").
            return run(b, from: cue.upperBound, max: 3, lowercase: false)
        case .signOff:
            // On its own line ("Thanks,⏎John"), or after a sentence with a known first name ending the clause
            // ("…your billing address. Best regards, Kim - Billing").
            let ownLine = Letters.startsLine(b, at: cue.lowerBound)
            guard ownLine || Letters.startsSentence(b, at: cue.lowerBound) else { return nil }
            var at = cue.upperBound
            while at < b.count, b[at] == UInt8(ascii: ",") || b[at] == UInt8(ascii: "!") || b[at] == UInt8(ascii: ".") { at += 1 }
            at = Letters.skipSpaces(b, from: at, newlines: true)
            guard let f = run(b, from: at, max: 3, lowercase: true) else { return nil }
            let first = f.words[0].lowercased()
            if !(ownLine && Letters.endsLine(b, at: f.range.upperBound)) {
                guard Letters.endsClause(b, at: f.range.upperBound), isCapitalized(f.words[0]), NameLists.firstNames.contains(first),
                      !NameLists.common.contains(first) else { return nil }
            }
            // "Thanks!⏎⏎LG Edith": the next sign-off finds the name.
            if signOffs.contains(first) { return nil }
            if !isCapitalized(f.words[0]) && !NameLists.firstNames.contains(first) { return nil }
            return NameLists.common.contains(first) && f.words.count == 1 && !isCapitalized(f.words[0]) ? nil : f
        case .relation:
            var at = Letters.skipSpaces(b, from: cue.upperBound, newlines: false)
            if at < b.count, b[at] == UInt8(ascii: ",") { at = Letters.skipSpaces(b, from: at + 1, newlines: false) }
            guard let f = run(b, from: at, max: 3, lowercase: true) else { return nil }
            let first = f.words[0].lowercased()
            // "my husband Tom", "meine Frau Ben": capitalised, it is a name; in small letters only a known first name.
            if !isCapitalized(f.words[0]) && !(NameLists.firstNames.contains(first) && !NameLists.common.contains(first)) { return nil }
            return f
        case .field:
            guard Letters.startsLine(b, at: cue.lowerBound) else { return nil }
            guard let f = run(b, from: cue.upperBound, max: 4, lowercase: true), Letters.endsLine(b, at: f.range.upperBound) else { return nil }
            return f
        case .selfAnnounced:
            return announced(before: cue, in: b)
        }
    }

    /// A title word at `at` ("Mr", "Frau", "M.") is stepped over; returns where the name starts.
    static func skipTitle(_ b: UTF8Bytes, from at: Int) -> Int {
        guard let w = Letters.word(at: at, in: b) else { return at }
        var end = w.upperBound
        if end < b.count, b[end] == UInt8(ascii: ".") { end += 1 }
        // Titles are short: a longer word is turned away before any string is made.
        guard w.count <= 12 else { return at }
        if titles.contains(Letters.lowercased(w.lowerBound..<end, in: b)) || titles.contains(Letters.lowercased(w, in: b)) { return Letters.skipSpaces(b, from: end, newlines: false) }
        return at
    }

    /// Up to `max` name-like words from `at` on one line (particles such as "de la" between them):
    /// capitalised, or any case with `lowercase`; ends at a stop word, punctuation or the line's end.
    static func run(_ b: UTF8Bytes, from start: Int, max: Int, lowercase: Bool) -> Found? {
        var at = Letters.skipSpaces(b, from: start, newlines: false)
        var words: [String] = []
        var first = -1, end = -1
        var firstCapitalized = false
        while words.count < max, let w = Letters.word(at: at, in: b) {
            let lower = Letters.lowercased(w, in: b)
            // Particles after a first name, when a capitalised name follows them: "Thomas van Bergen", "Maria de la Cruz",
            // "Lucienne Van den Bosch" (not "Rose Miller von der Buchhaltung": only right after the first word).
            if words.count == 1 && NameLists.particles.contains(lower), let rest = particlesThenName(b, from: w.lowerBound) {
                end = rest.upperBound
                words.append(String(decoding: b[rest], as: UTF8.self))
                break
            }
            // A word is letters with ' - ’ between them (``Letters/word(at:in:)``); its case is its first letter's.
            let capitalized = Letters.letter(at: w.lowerBound, in: b)?.upper == true
            guard !stopWords.contains(lower), !(lowercaseStopWords.contains(lower) && !capitalized), capitalized || lowercase,
                  w.count >= 2 else { break }
            // Once a name has started in capitals, a word in small letters ends it ("Maria was here").
            if !words.isEmpty && firstCapitalized && !capitalized { break }
            if words.isEmpty { firstCapitalized = capitalized }
            words.append(String(decoding: b[w], as: UTF8.self))
            if first < 0 { first = w.lowerBound }
            end = w.upperBound
            let next = Letters.skipSpaces(b, from: w.upperBound, newlines: false)
            guard next > w.upperBound || next == b.count else { break }  // punctuation right after the word
            at = next
        }
        guard first >= 0 else { return nil }
        return Found(range: first..<end, words: words)
    }

    /// From a particle at `start`: particles, then a capitalised word; the range of all of them, or nil.
    static func particlesThenName(_ b: UTF8Bytes, from start: Int) -> Range<Int>? {
        var at = start
        var count = 0
        while count < 3, let w = Letters.word(at: at, in: b) {
            let lower = Letters.lowercased(w, in: b)
            if NameLists.particles.contains(lower) {
                count += 1
                at = Letters.skipSpaces(b, from: w.upperBound, newlines: false)
                guard at > w.upperBound else { return nil }
                continue
            }
            return count > 0 && Letters.letter(at: w.lowerBound, in: b)?.upper == true ? start..<w.upperBound : nil
        }
        return nil
    }

    static func isCapitalized(_ w: String) -> Bool {
        if let c = w.utf8.first, c < 0x80 { return c >= 0x41 && c <= 0x5A }
        return w.unicodeScalars.first.map { $0.properties.isUppercase } ?? false
    }

    static func nextIsCapitalizedWord(_ b: UTF8Bytes, after w: Range<Int>) -> Bool {
        let at = Letters.skipSpaces(b, from: w.upperBound, newlines: false)
        guard at > w.upperBound, let next = Letters.word(at: at, in: b) else { return false }
        return Letters.letter(at: next.lowerBound, in: b)?.upper == true
    }

    // MARK: - "Maria here"

    /// One to three capitalised words that open a line or a sentence and are followed by "here" and a comma or a
    /// full stop: "Kai Kota here, I have a question". `here` is where the automaton found the word.
    static func announced(before here: Range<Int>, in b: UTF8Bytes) -> Found? {
        guard here.upperBound == b.count ||
              [UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: "!"), 0x0A].contains(b[here.upperBound]) else { return nil }
        // Back over the name.
        var start = here.lowerBound
        var words: [String] = []
        while words.count < 3 {
            var k = start
            while k > 0, b[k - 1] == 0x20 { k -= 1 }
            guard k < start, k > 0 else { break }
            var s = k
            while s > 0, !(b[s - 1] == 0x20 || b[s - 1] == 0x0A || b[s - 1] == UInt8(ascii: ",") || b[s - 1] == UInt8(ascii: ".")) { s -= 1 }
            guard let nw = Letters.word(at: s, in: b), nw.upperBound == k, Letters.isTitleCase(nw, in: b) else { break }
            let text = String(decoding: b[nw], as: UTF8.self)
            guard !NameLists.common.contains(text.lowercased()) || !words.isEmpty else { break }
            words.insert(text, at: 0)
            start = s
        }
        guard !words.isEmpty, Letters.startsSentence(b, at: start) else { return nil }
        return Found(range: start..<(start + words.joined(separator: " ").utf8.count), words: words)
    }

    // MARK: - Names without context

    /// Two or three title-case words where the first is a Census first name and the last a Census surname,
    /// none of them a frequent word: "Maria Gonzalez".
    static func pairs(_ b: UTF8Bytes) -> [Found] {
        var out: [Found] = []
        var i = 0
        while i < b.count {
            // Next capital letter at a word start (ASCII, or a non-ASCII letter): eight bytes at a time, then a byte test,
            // as most bytes are small letters and spaces (this loop was a fifth of `redact` when every byte asked for a word).
            if let base = b.baseAddress {
                while i + 8 <= b.count, !ByteScan.hasCapitalOrLeadByte(ByteScan.word(base, i)) { i += 8 }
            }
            guard i < b.count else { break }
            let c = b[i]
            guard (c >= 0x41 && c <= 0x5A) || (c >= 0xC0 && Letters.letter(at: i, in: b)?.upper == true),
                  i == 0 || !Letters.isASCIILetter(b[i - 1]), let w1 = Letters.word(at: i, in: b) else { i += 1; continue }
            defer { i = w1.upperBound }
            guard Letters.isTitleCase(w1, in: b) else { continue }
            let after = w1.upperBound
            guard after + 1 < b.count, b[after] == 0x20, (b[after + 1] >= 0x41 && b[after + 1] <= 0x5A) || b[after + 1] >= 0xC0, let w2 = Letters.word(at: after + 1, in: b), Letters.isTitleCase(w2, in: b) else { continue }
            // The first word must be a first name: German capitalises its nouns, and many of them are Census surnames
            // too ("Haus Boden", "Wiese Bruder").
            let l1 = Letters.lowercased(w1, in: b)
            guard NameLists.firstNames.contains(l1), !NameLists.common.contains(l1) else { continue }
            let l2 = Letters.lowercased(w2, in: b)
            guard NameLists.surnames.contains(l2), !NameLists.common.contains(l2) else { continue }
            let t1 = String(decoding: b[w1], as: UTF8.self), t2 = String(decoding: b[w2], as: UTF8.self)
            var words = [t1, t2]
            var end = w2.upperBound
            if end + 1 < b.count, b[end] == 0x20, let w3 = Letters.word(at: end + 1, in: b), Letters.isTitleCase(w3, in: b) {
                let l3 = Letters.lowercased(w3, in: b)
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
        // Without a Unicode property lookup where the answer is known: Latin-1 letters (é, ü, ß, ñ…) by their
        // code, the rest of the Basic Multilingual Plane from a table (four property lookups per letter otherwise).
        if v < 0x100 {
            if v == 0xAA || v == 0xB5 || v == 0xBA { return (false, true, j - i) }
            guard v >= 0xC0, v != 0xD7, v != 0xF7 else { return nil }
            return (v < 0xDF, v >= 0xDF, j - i)
        }
        if v < 0x10000 {
            let bits = basicPlane[Int(v)]
            return bits == 0 ? nil : (bits & 2 != 0, bits & 4 != 0, j - i)
        }
        guard let s = Unicode.Scalar(v) else { return nil }
        let properties = s.properties
        guard properties.isAlphabetic || properties.generalCategory == .nonspacingMark else { return nil }
        return (properties.isUppercase, properties.isLowercase, j - i)
    }

    /// The bytes of `r` in small letters, as a string: ASCII folded byte by byte, anything else by `lowercased()`.
    static func lowercased(_ r: Range<Int>, in b: UTF8Bytes) -> String {
        let slice = UTF8Bytes(rebasing: b[r])
        guard slice.allSatisfy({ $0 < 0x80 }) else { return String(decoding: slice, as: UTF8.self).lowercased() }
        return String(unsafeUninitializedCapacity: slice.count) { out in
            for (k, c) in slice.enumerated() { out[k] = c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
            return slice.count
        }
    }

    @inline(__always) static func isASCIILetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }

    /// For each scalar below U+10000: 1 if it is a letter (alphabetic, or a combining mark), +2 if upper-case,
    /// +4 if lower-case. Built on first use (~10 ms).
    static let basicPlane: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 0x10000)
        for v in 0..<0x10000 {
            guard let s = Unicode.Scalar(UInt32(v)) else { continue }
            let p = s.properties
            guard p.isAlphabetic || p.generalCategory == .nonspacingMark else { continue }
            table[v] = 1 | (p.isUppercase ? 2 : 0) | (p.isLowercase ? 4 : 0)
        }
        return table
    }()

    static func isLetterStart(at i: Int, in b: UTF8Bytes) -> Bool { i < b.count && letter(at: i, in: b) != nil }

    /// Whether the byte before `i` ends a letter (looking back over a multi-byte character).
    static func isLetter(before i: Int, in b: UTF8Bytes) -> Bool {
        guard i > 0 else { return false }
        if b[i - 1] < 0x80 { return isASCIILetter(b[i - 1]) }
        var s = i - 1
        while s > 0 && b[s] & 0xC0 == 0x80 { s -= 1 }
        return letter(at: s, in: b) != nil
    }

    /// The word starting at `i`: letters, with an apostrophe or hyphen between letters (O'Brien, Jean-Luc).
    static func word(at i: Int, in b: UTF8Bytes) -> Range<Int>? {
        guard i < b.count, let first = letter(at: i, in: b), !isLetter(before: i, in: b) else { return nil }
        var j = i + first.length
        while j < b.count {
            if isASCIILetter(b[j]) { j += 1; continue }   // the common case, without the general test
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
                UInt8(ascii: ")"), UInt8(ascii: "|"), 0x0A, 0x0D].contains(b[j]) || (j + 1 < b.count && b[j] == UInt8(ascii: "-") && b[j + 1] == 0x20) ||
            // An en or em dash: "Kim – Billing".
            (j + 3 < b.count && b[j] == 0xE2 && b[j + 1] == 0x80 && (b[j + 2] == 0x93 || b[j + 2] == 0x94) && b[j + 3] == 0x20)
    }

    /// Whether `i` starts a sentence: the text's start, or after . ! ? or a line break (spaces between).
    static func startsSentence(_ b: UTF8Bytes, at i: Int) -> Bool {
        var j = i
        while j > 0, b[j - 1] == 0x20 || b[j - 1] == 0x09 || b[j - 1] == UInt8(ascii: "\"") || b[j - 1] == UInt8(ascii: "(") { j -= 1 }
        guard j > 0 else { return true }
        // "Sr. Young", "Dr. Weber": the full stop of a short capitalised abbreviation ends no sentence.
        if b[j - 1] == UInt8(ascii: "."), let w = AddressScanner.wordEnding(at: j - 1, in: b), w.count <= 4, letter(at: w.lowerBound, in: b)?.upper == true {
            return false
        }
        return [UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"), 0x0A, UInt8(ascii: ":")].contains(b[j - 1])
    }
}
