/// The words that put a number in context for the address, date-of-birth and
/// identity scanners, found in one case-folded pass (``ByteNeedles``) over a
/// text, whole words only.
enum ContextWords {
    enum Kind: Int, CaseIterable {
        /// A street word: "Street", "rue", "Calle", "Via", "-straße", "ul.".
        case street
        /// Words that announce an address: "address", "Adresse", "ship to", "wohne in".
        case addressCue
        /// Words about birth: "date of birth", "DOB", "geboren am", "né le".
        case birth
        /// Words for passport.
        case passport
        /// Words that name an identity or tax number: "BSN", "CPF", "Aadhaar", "Steuer-ID", "SV-Nr".
        case idCue
    }

    /// Street words that stand alone ("42 Elm Street", "12 rue de la Paix", "Calle Mayor 12"): the US Postal
    /// Service's street suffixes (Publication 28) and their British, Irish, Australian and Indian kin, and the
    /// words that come before a street's name in French, Spanish, Italian, Portuguese and Polish.
    static let streetWords: [String] = AddressScanner.englishStreetWords.sorted() + AddressScanner.leadingStreetWords.sorted()

    /// Endings of compound street names: "Hauptstraße", "Kerkstraat", "Sonnenweg", "Marktplatz", "Zara-Feigl-Ring".
    static let streetSuffixes = ["straße", "strasse", "str.", "weg", "allee", "platz", "gasse", "ring", "damm", "ufer", "straat", "laan",
                                 "plein", "gracht", "kade", "singel", "dijk", "steig", "pfad", "markt", "hof", "steeg", "pad", "plantsoen",
                                 "baan", "dreef", "graben", "zeile", "stieg", "kai", "chaussee", "promenade", "boulevard"]

    static let addressCues = [
        "address", "addr", "ship to", "deliver to", "delivery to", "send it to", "sent to", "live at", "live in", "lives at", "moved to",
        "located at", "postcode", "post code", "zip", "zip code", "adresse", "anschrift", "wohne in", "wohne im", "wohnhaft", "lieferadresse",
        "rechnungsadresse", "liefern an", "adresse de livraison", "j'habite", "j’habite", "domicile", "dirección", "domicilio", "vivo en",
        "enviar a", "indirizzo", "abito in", "abito a", "spedire a", "endereço", "morada", "moro em", "moro na", "moro no", "enviar para",
        "adres", "woonadres", "ik woon", "afleveradres", "adres dostawy", "mieszkam",
    ]

    static let birthWords = [
        "date of birth", "dob", "d.o.b", "d.o.b.", "born on", "born", "birthday", "birth date", "birthdate", "date de naissance",
        "né le", "née le", "né(e) le", "geburtsdatum", "geboren am", "geboren", "geb.", "geburtstag", "fecha de nacimiento",
        "nacido el", "nacida el", "f. nac.", "fecha nac", "data di nascita", "nato il", "nata il", "data de nascimento", "nascido em",
        "nascida em", "geboortedatum", "geboren op", "data urodzenia", "urodzony", "urodzona",
    ]

    static let passportWords = ["passport", "passport no", "passport number", "reisepass", "reisepassnummer", "pass-nr", "passnummer",
                                "passeport", "pasaporte", "passaporto", "passaporte", "paspoort", "paspoortnummer", "paszport"]

    static let idWords = ["bsn", "burgerservicenummer", "sofinummer", "cpf", "aadhaar", "aadhar", "uidai", "steuer-id", "steuerid",
                          "steueridentifikationsnummer", "steuer-identifikationsnummer", "idnr", "identifikationsnummer", "tax id",
                          "sv-nr", "svnr", "sv-nummer", "sozialversicherungsnummer", "versicherungsnummer", "nino", "national insurance",
                          "ni number", "dni", "nie", "nif", "codice fiscale", "cod. fisc.", "nir", "numéro de sécurité sociale",
                          "sécurité sociale", "insee", "identity number", "id number", "personal number", "national id"]

    private static let list: [(String, Kind)] =
        streetWords.map { ($0, .street) } + addressCues.map { ($0, .addressCue) } + birthWords.map { ($0, .birth) }
        + passportWords.map { ($0, .passport) } + idWords.map { ($0, .idCue) }
    private static let automaton = ByteNeedles(list.map { (Array($0.0.utf8), 1 << UInt32($0.1.rawValue)) }, foldsCase: true)
    /// Per needle: its kind, and whether it ends in a letter (then no letter may follow it).
    private static let kinds: [Kind] = list.map(\.1)
    private static let endsInLetter: [Bool] = list.map { $0.0.unicodeScalars.last?.properties.isAlphabetic ?? false }

    /// A context word found: its kind and where it is.
    struct Hit {
        var kind: Kind
        var range: Range<Int>
    }

    /// How far from a digit a context word counts: every scanner that reads these hits looks for a number
    /// within 80 bytes of its word (a street word), most within 30 to 60.
    static let reach = 100

    /// The context words of `b` within ``reach`` of a digit, whole words only, in text order.
    ///
    /// Only the windows around digits are read: in a long message with one order number, a few hundred bytes
    /// instead of all of them.
    static func find(_ b: UTF8Bytes) -> [Hit] {
        var hits: [Hit] = []
        var scannedTo = 0
        var digit = PIIScanner.nextDigit(b, from: 0)
        while digit < b.count {
            // The window: `reach` either side of this digit and of every digit within reach after it, widened to whole words.
            var start = max(scannedTo, digit - reach)
            var end = min(b.count, digit + reach)
            var next = PIIScanner.nextDigit(b, from: digit + 1)
            while next < end {
                end = min(b.count, next + reach)
                next = PIIScanner.nextDigit(b, from: next + 1)
            }
            while start > scannedTo, b[start - 1] >= 0x80 || Letters.isASCIILetter(b[start - 1]) { start -= 1 }
            while end < b.count, b[end] >= 0x80 || Letters.isASCIILetter(b[end]) { end += 1 }
            let window = UTF8Bytes(rebasing: b[start..<end])
            automaton.forEachWordStartMatch(window) { index, local in
                let range = (local.lowerBound + start)..<(local.upperBound + start)
                guard range.lowerBound == 0 || !Letters.isLetter(before: range.lowerBound, in: b) else { return }
                if endsInLetter[index] && Letters.isLetterStart(at: range.upperBound, in: b) { return }
                hits.append(Hit(kind: kinds[index], range: range))
            }
            scannedTo = end
            digit = next
        }
        return hits
    }
}
