/// Street addresses and postcodes in the forms of the US, UK, Ireland,
/// Australia, India, Germany, Austria, Switzerland, France, Belgium, Spain,
/// Italy, Portugal, Brazil, the Netherlands and Poland.
///
/// A street line is a house number next to a street name with a street word:
/// "42 Elm Street", "221B Baker Street", "12 rue de la Paix", "Calle Mayor 12",
/// "Via Roma 10", "Rua Augusta 100", "ul. Marszałkowska 10", "Hauptstraße 5",
/// "Kerkstraat 12". A postcode counts with its city right after a street line,
/// after a word that announces an address ("address", "Adresse", "ship to"),
/// or on its own where its shape is unmistakable: UK postcodes ("SW1A 1AA"),
/// "Springfield, IL 62704", "1012 AB Amsterdam", "00-950 Warszawa",
/// "1100-148 Lisboa", "01310-100", Eircodes ("D02 X285"), "NSW 2000".
/// Numbers alone ("5 days", "3 items", "Order 12"), cities alone ("our Berlin
/// office") and years before a city ("2024 Berlin") stay.
enum AddressScanner {
    /// Street words after a street's name: USPS Publication 28 suffixes (and their abbreviations), British, Irish,
    /// Australian and Indian ones.
    static let englishStreetWords: Set<String> = [
        "alley", "annex", "arcade", "avenue", "ave", "ave.", "bayou", "beach", "bend", "bluff", "bluffs", "bottom", "boulevard", "blvd",
        "branch", "bridge", "brook", "brooks", "burg", "bypass", "camp", "canyon", "cape", "causeway", "center", "centre", "circle", "cir",
        "cliff", "cliffs", "club", "common", "commons", "corner", "corners", "course", "court", "ct", "courts", "cove", "coves", "creek",
        "crescent", "crest", "crossing", "crossroad", "curve", "dale", "dam", "divide", "drive", "dr", "dr.", "drives", "estate", "estates",
        "expressway", "extension", "falls", "ferry", "field", "fields", "flat", "flats", "ford", "fords", "forest", "forge", "forges", "fork",
        "forks", "fort", "freeway", "garden", "gardens", "gateway", "glen", "glens", "green", "greens", "grove", "groves", "harbor",
        "harbour", "haven", "heights", "highway", "hwy", "hill", "hills", "hollow", "inlet", "island", "islands", "isle", "junction",
        "junctions", "key", "keys", "knoll", "knolls", "lake", "lakes", "landing", "lane", "ln", "light", "lights", "loaf", "lock", "locks",
        "lodge", "loop", "mall", "manor", "manors", "meadow", "meadows", "mews", "mill", "mills", "mission", "motorway", "mount", "mountain",
        "mountains", "neck", "orchard", "oval", "overpass", "park", "parks", "parkway", "parkways", "pkwy", "pass", "passage", "path",
        "pike", "pine", "pines", "place", "pl", "plain", "plains", "plaza", "point", "points", "port", "ports", "prairie", "radial", "ramp",
        "ranch", "rapid", "rapids", "rest", "ridge", "ridges", "river", "road", "rd", "rd.", "roads", "route", "row", "run", "shoal",
        "shoals", "shore", "shores", "skyway", "spring", "springs", "spur", "spurs", "square", "sq", "squares", "station", "stravenue",
        "stream", "street", "st", "st.", "streets", "summit", "terrace", "throughway", "trace", "track", "trafficway", "trail", "trailer",
        "tunnel", "turnpike", "underpass", "union", "unions", "valley", "valleys", "viaduct", "view", "views", "village", "villages",
        "ville", "vista", "walk", "walks", "wall", "way", "ways", "well", "wells",
        "close", "concourse", "parade", "esplanade", "promenade", "strand", "wynd", "gate", "rise", "fold", "chase", "drove", "grange",
        "firetrail", "pathway", "quay", "wharf", "circus", "broadway",
        "marg", "nagar", "ganj", "chowk", "bazar", "bazaar", "colony", "sector", "cross", "layout", "enclave", "vihar", "puram",
    ]
    /// Street words that come before the street's name ("rue de la Paix", "Calle Mayor", "Via Roma", "Rua Augusta", "ul. Długa").
    static let leadingStreetWords: Set<String> = [
        "rue", "avenue", "av.", "boulevard", "bd", "bld", "chemin", "allée", "impasse", "quai", "route", "cours", "place", "square",
        "rond-point", "passage", "sentier", "voie", "faubourg",
        "calle", "c/", "avenida", "avda.", "avda", "plaza", "paseo", "camino", "carretera", "carrer", "ronda", "travesía", "glorieta",
        "cuesta", "urbanización", "rambla", "pasaje", "vía", "callejón", "carrera", "c.", "acceso", "vial", "pasadizo", "bulevar",
        "polígono", "travesia", "avinguda", "passeig",
        "via", "viale", "piazza", "corso", "vicolo", "largo", "piazzale", "strada", "contrada", "borgo", "incrocio", "rotonda",
        "lungomare", "galleria", "salita", "stretto", "viottolo", "canale",
        "rua", "r.", "av", "travessa", "praça", "estrada", "alameda", "rodovia", "viela", "vila", "setor", "quadra", "conjunto", "condomínio",
        "jardim", "parque", "ladeira", "colônia", "fazenda", "chácara", "trecho", "loteamento", "residencial", "recanto", "núcleo", "sítio",
        "vereda", "esplanada", "passarela", "trevo", "campo", "área", "estação", "lagoa", "morro", "pátio", "vale", "viaduto", "praia",
        "ul.", "al.", "pl.", "os.", "ulica", "aleja", "plac", "osiedle",
    ]
    static let usStates: Set<String> = ["AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
                                        "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK",
                                        "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC",
                                        "AS", "FM", "GU", "MH", "MP", "PW", "PR", "VI", "AA", "AE", "AP"]
    static let auStates: Set<String> = ["NSW", "VIC", "QLD", "WA", "SA", "TAS", "ACT", "NT"]
    /// Name words that may stand in a street's name in small letters ("rue de la Paix", "Avenida da Liberdade").
    static let nameParticles: Set<String> = ["de", "la", "le", "les", "du", "des", "del", "de la", "da", "do", "dos", "das", "di", "della",
                                             "dei", "delle", "y", "e", "von", "van", "der", "den", "het", "am", "an", "im", "auf", "of", "the"]

    static func scan(_ b: UTF8Bytes, hits: [ContextWords.Hit], into spans: inout [PIISpan]) {
        var found: [Range<Int>] = []
        let cues = hits.filter { $0.kind == .addressCue }.map(\.range)
        let streets = hits.filter { $0.kind == .street }.map(\.range)
        var i = 0
        while i < b.count {
            i = PIIScanner.nextDigit(b, from: i)
            guard i < b.count else { break }
            // A number on its own: not inside a word or a longer number.
            guard i == 0 || !(PIIScanner.isAlnum(b[i - 1]) || b[i - 1] == UInt8(ascii: ".") || b[i - 1] == UInt8(ascii: "-")) else {
                while i < b.count, PIIScanner.isAlnum(b[i]) { i += 1 }
                continue
            }
            let number = houseNumber(b, at: i)
            // A street word within reach, or else only a compound name before the number ("Hauptstraße 5") can make a street line.
            let streetWordNear = streets.contains { $0.upperBound + 80 >= i && $0.lowerBound <= i + 80 }
            if let line = streetLine(b, number: number, streetWordNear: streetWordNear) ?? (cuedRightBefore(i, cues, in: b) ? cuedStreetLine(b, number: number) : nil) {
                var range = line
                if let post = postcode(b, after: line.upperBound, standalone: false) { range = range.lowerBound..<post.upperBound }
                found.append(range)
                i = range.upperBound
                continue
            }
            if let post = postcode(b, at: i, cued: cues.contains { $0.upperBound <= i && i - $0.upperBound <= 60 }) {
                found.append(post)
                i = post.upperBound
                continue
            }
            i = number.upperBound
        }
        // "Rua Martins, S/N": Portuguese and Spanish addresses without a number ("sem número", "sin número").
        var k = 0
        while k + 3 <= b.count {
            if b[k] | 0x20 == UInt8(ascii: "s"), b[k + 1] == UInt8(ascii: "/"), b[k + 2] | 0x20 == UInt8(ascii: "n"),
               k == 0 || !PIIScanner.isAlnum(b[k - 1]), k + 3 == b.count || !PIIScanner.isAlnum(b[k + 3]),
               !found.contains(where: { $0.contains(k) }), let line = streetLine(b, number: k..<(k + 3), streetWordNear: true) {
                var range = line
                if let post = postcode(b, after: line.upperBound, standalone: false) { range = range.lowerBound..<post.upperBound }
                found.append(range)
                k = range.upperBound
                continue
            }
            k += 1
        }
        // UK postcodes and Eircodes start with a letter: looked for on their own.
        for r in letterPostcodes(b) where !found.contains(where: { $0.overlaps(r) }) { found.append(r) }
        for r in found { spans.append(PIISpan(start: r.lowerBound, end: r.upperBound, type: .address)) }
    }

    // MARK: - House numbers and street lines

    /// Whether an address cue ends just before `i`, with only spaces, a colon or a line break between
    /// ("Deliver to:⏎97 Bruce Top", "I moved to 0 Gould Little").
    static func cuedRightBefore(_ i: Int, _ cues: [Range<Int>], in b: UTF8Bytes) -> Bool {
        cues.contains { cue in
            cue.upperBound <= i && i - cue.upperBound <= 12 &&
                b[cue.upperBound..<i].allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == UInt8(ascii: ":") }
        }
    }

    /// Right after an address cue, a house number and two to four capitalised words that end the clause, with
    /// a town after them, is a street line whatever its street word ("97 Bruce Top, Andrewmouth",
    /// "330 Edward Crossway, New Julian": Australian and newer street words no list has).
    static func cuedStreetLine(_ b: UTF8Bytes, number: Range<Int>) -> Range<Int>? {
        var at = Letters.skipSpaces(b, from: number.upperBound, newlines: false)
        guard at > number.upperBound else { return nil }
        var end = -1
        var count = 0
        while count < 4, let w = word(at: at, in: b) {
            let lower = String(decoding: b[w], as: UTF8.self).lowercased()
            guard isCapitalizedWord(w, in: b) || (count > 0 && nameParticles.contains(lower)) else { break }
            end = w.upperBound
            count += 1
            let next = Letters.skipSpaces(b, from: w.upperBound, newlines: false)
            guard next > w.upperBound else { break }
            at = next
        }
        guard count >= 2, Letters.endsClause(b, at: end) else { return nil }
        // And a town after it, on the same line after a comma or on the next: "…, New Julian 2920", "…⏎Brandihaven 2381".
        var town = Letters.skipSpaces(b, from: end, newlines: false)
        guard town < b.count, b[town] == UInt8(ascii: ",") || b[town] == 0x0A else { return nil }
        town = Letters.skipSpaces(b, from: town + 1, newlines: true)
        guard let t = word(at: town, in: b), isCapitalizedWord(t, in: b) else { return nil }
        return number.lowerBound..<end
    }

    /// The house number at `i`: digits, then a letter ("221B", "3a"), a range ("12-14") or a unit ("5/12").
    static func houseNumber(_ b: UTF8Bytes, at i: Int) -> Range<Int> {
        var j = i
        while j < b.count, PIIScanner.isDigit(b[j]) { j += 1 }
        if j + 1 < b.count, (b[j] == UInt8(ascii: "-") || b[j] == UInt8(ascii: "/")), PIIScanner.isDigit(b[j + 1]) {
            j += 1
            while j < b.count, PIIScanner.isDigit(b[j]) { j += 1 }
        }
        if j < b.count, PIIScanner.isAlpha(b[j]), j + 1 >= b.count || !PIIScanner.isAlpha(b[j + 1]) { j += 1 }
        return i..<j
    }

    /// The street line a house number belongs to, or nil. Without `streetWordNear` (no street word from the list
    /// within 80 bytes) only a compound street name before the number is looked for.
    static func streetLine(_ b: UTF8Bytes, number: Range<Int>, streetWordNear: Bool = true) -> Range<Int>? {
        guard number.count - number.filter({ !PIIScanner.isDigit(b[$0]) }).count <= 5 else { return nil }
        // After the number: "42 Elm Street", "12 rue de la Paix".
        var at = Letters.skipSpaces(b, from: number.upperBound, newlines: false)
        if at < b.count, b[at] == UInt8(ascii: ",") { at = Letters.skipSpaces(b, from: at + 1, newlines: false) }
        if streetWordNear && at > number.upperBound {
            var words: [(Range<Int>, String)] = []
            var j = at
            while words.count < 6, let w = word(at: j, in: b) {
                words.append((w, String(decoding: b[w], as: UTF8.self).lowercased()))
                let next = Letters.skipSpaces(b, from: w.upperBound, newlines: false)
                guard next > w.upperBound else { break }
                j = next
            }
            // "12 rue de la Paix": a leading street word and its name.
            // ("C." and "R." abbreviate Calle and Rua, whose number comes after the name: "56 C. Passport" is not one.)
            if let first = words.first, leadingStreetWords.contains(first.1), !["c.", "r.", "c/"].contains(first.1), words.count >= 2 {
                var end = first.0.upperBound
                for w in words.dropFirst() {
                    if nameParticles.contains(w.1) || Letters.isTitleCase(w.0, in: b) || isCapitalizedWord(w.0, in: b) { end = w.0.upperBound } else { break }
                }
                if end > first.0.upperBound { return number.lowerBound..<end }
            }
            // "42 Elm Street": capitalised name words, then an English street word.
            for (k, w) in words.enumerated() where k >= 1 && englishStreetWords.contains(w.1) {
                let name = words[..<k]
                guard name.allSatisfy({ isCapitalizedWord($0.0, in: b) || nameParticles.contains($0.1) }), isCapitalizedWord(name.first!.0, in: b),
                      isCapitalizedWord(w.0, in: b) else { break }
                var end = w.0.upperBound
                if end < b.count, b[end] == UInt8(ascii: ".") { end += 1 }
                return number.lowerBound..<end
            }
        }
        // Before the number: "Calle Mayor 12", "Hauptstraße 5", "ul. Marszałkowska 10", "Am Sonnenweg 3a".
        var words: [(Range<Int>, String)] = []
        var j = number.lowerBound
        while words.count < (streetWordNear ? 6 : 2) {
            var k = j
            while k > 0, b[k - 1] == 0x20 || b[k - 1] == 0x09 { k -= 1 }
            if k == j && j != number.lowerBound { break }
            if k > 0, b[k - 1] == UInt8(ascii: ",") && words.isEmpty { k -= 1; while k > 0, b[k - 1] == 0x20 { k -= 1 } }
            guard k > 0, let w = wordEnding(at: k, in: b) else { break }
            words.insert((w, String(decoding: b[w], as: UTF8.self).lowercased()), at: 0)
            j = w.lowerBound
        }
        guard let last = words.last else { return nil }
        // A compound street name right before the number.
        if ContextWords.streetSuffixes.contains(where: { last.1.hasSuffix($0) && last.1.count > $0.count + 2 }), isCapitalizedWord(last.0, in: b) {
            var start = last.0.lowerBound
            for w in words.dropLast().reversed() {
                if ["am", "an", "im", "auf", "in", "zum", "zur", "an der", "auf der", "hinter", "unter"].contains(w.1) && isCapitalizedWord(w.0, in: b) { start = w.0.lowerBound; break }
                break
            }
            return start..<number.upperBound
        }
        guard streetWordNear else { return nil }
        // Name words, then an English street word, then the number ("Baker Street 221", as continental addresses write it).
        if englishStreetWords.contains(last.1), words.count >= 2, isCapitalizedWord(last.0, in: b) {
            let name = words.dropLast().reversed().prefix { isCapitalizedWord($0.0, in: b) }
            if let first = name.last { return first.0.lowerBound..<number.upperBound }
        }
        // A leading street word, then name words, then the number.
        for (k, w) in words.enumerated().reversed() where leadingStreetWords.contains(w.1) || w.1 == "c/" {
            let name = words[(k + 1)...]
            guard !name.isEmpty, name.allSatisfy({ isCapitalizedWord($0.0, in: b) || nameParticles.contains($0.1) || PIIScanner.isDigit(b[$0.0.lowerBound]) }) else { return nil }
            return w.0.lowerBound..<number.upperBound
        }
        return nil
    }

    /// A word for street names: letters (with ' - . /), or "c/".
    static func word(at i: Int, in b: UTF8Bytes) -> Range<Int>? {
        guard i < b.count else { return nil }
        if i + 1 < b.count, b[i] | 0x20 == UInt8(ascii: "c"), b[i + 1] == UInt8(ascii: "/") { return i..<(i + 2) }
        guard var w = Letters.word(at: i, in: b) else { return nil }
        if w.upperBound < b.count, b[w.upperBound] == UInt8(ascii: "."), w.count <= 4 { w = w.lowerBound..<(w.upperBound + 1) }  // "St.", "ul."
        return w
    }

    /// The word that ends at `end` (before spaces were skipped), for reading backwards.
    static func wordEnding(at end: Int, in b: UTF8Bytes) -> Range<Int>? {
        var e = end
        var dot = false
        if e > 0, b[e - 1] == UInt8(ascii: ".") { e -= 1; dot = true }
        if e >= 2, b[e - 1] == UInt8(ascii: "/"), b[e - 2] | 0x20 == UInt8(ascii: "c") { return (e - 2)..<e }
        var s = e
        while s > 0 {
            var p = s - 1
            while p > 0 && b[p] & 0xC0 == 0x80 { p -= 1 }
            if Letters.letter(at: p, in: b) != nil || (b[p] == UInt8(ascii: "-") && p > 0) || b[p] == 0x27 { s = p } else { break }
        }
        guard s < e, Letters.letter(at: s, in: b) != nil else { return nil }
        return s..<(dot ? e + 1 : e)
    }

    static func isCapitalizedWord(_ w: Range<Int>, in b: UTF8Bytes) -> Bool {
        Letters.letter(at: w.lowerBound, in: b)?.upper == true || PIIScanner.isDigit(b[w.lowerBound])
    }

    // MARK: - Postcodes

    /// A postcode (with its city) at `i`, when its shape says so on its own or an address cue comes before it.
    static func postcode(_ b: UTF8Bytes, at i: Int, cued: Bool) -> Range<Int>? {
        var j = i
        while j < b.count, PIIScanner.isDigit(b[j]) { j += 1 }
        let n = j - i
        // 00-950 Warszawa, 1100-148 Lisboa, 01310-100 (CEP).
        if j + 1 < b.count, b[j] == UInt8(ascii: "-"), PIIScanner.isDigit(b[j + 1]) {
            var k = j + 1
            while k < b.count, PIIScanner.isDigit(b[k]) { k += 1 }
            let m = k - j - 1
            guard k >= b.count || !PIIScanner.isAlnum(b[k]) else { return nil }
            if (n == 2 && m == 3) || (n == 4 && m == 3) {
                if let city = city(b, after: k) { return i..<city.upperBound }
                return nil
            }
            if n == 5 && m == 3 { return i..<(city(b, after: k)?.upperBound ?? k) }  // Brazil's CEP is unmistakable
            return nil
        }
        // 1012 AB Amsterdam, 1012AB Amsterdam.
        for gap in [1, 0] where n == 4 && j + 2 + gap <= b.count && (gap == 0 || b[j] == 0x20) {
            let l1 = b[j + gap], l2 = b[j + gap + 1]
            if l1 >= 0x41 && l1 <= 0x5A, l2 >= 0x41 && l2 <= 0x5A, j + gap + 2 == b.count || !PIIScanner.isAlnum(b[j + gap + 2]) {
                return i..<(city(b, after: j + gap + 2)?.upperBound ?? (j + gap + 2))
            }
        }
        guard j >= b.count || !PIIScanner.isAlnum(b[j]) else { return nil }
        // NSW 2000 (state before).
        if n == 4, let state = wordBefore(i, in: b), auStates.contains(String(decoding: b[state], as: UTF8.self)) { return state.lowerBound..<j }
        // Springfield, IL 62704(-1234).
        if n == 5, let state = wordBefore(i, in: b), usStates.contains(String(decoding: b[state], as: UTF8.self)), state.count == 2 {
            var end = j
            if end + 4 < b.count, b[end] == UInt8(ascii: "-"), (1...4).allSatisfy({ PIIScanner.isDigit(b[end + $0]) }) { end += 5 }
            var start = state.lowerBound
            // The city before the state, after a comma.
            var k = start
            while k > 0, b[k - 1] == 0x20 { k -= 1 }
            if k > 0, b[k - 1] == UInt8(ascii: ",") {
                var s = k - 1
                while s > 0, b[s - 1] == 0x20 { s -= 1 }
                var words = 0
                while words < 3, let w = wordEnding(at: s, in: b), isCapitalizedWord(w, in: b) {
                    start = w.lowerBound
                    words += 1
                    s = w.lowerBound
                    while s > 0, b[s - 1] == 0x20 { s -= 1 }
                }
            }
            return start..<end
        }
        // 10115 Berlin, 75001 Paris, 1010 Wien, 560001 (India): with a city, after an address cue.
        if cued, (4...6).contains(n), let city = city(b, after: j) { return i..<city.upperBound }
        if cued, n == 6 || n == 8 { return i..<(city(b, after: j)?.upperBound ?? j) }  // India's PIN, Brazil's CEP without its dash
        return nil
    }

    /// A postcode right after a street line: ", 10115 Berlin", "⏎SW1A 1AA", ", Springfield, IL 62704".
    static func postcode(_ b: UTF8Bytes, after end: Int, standalone: Bool) -> Range<Int>? {
        var at = end
        var crossed = 0
        while at < b.count, b[at] == 0x20 || b[at] == UInt8(ascii: ",") || b[at] == 0x0A || b[at] == 0x0D {
            if b[at] == 0x0A { crossed += 1 }
            at += 1
        }
        guard crossed <= 1, at < b.count else { return nil }
        if PIIScanner.isDigit(b[at]) { return postcode(b, at: at, cued: true) }
        // A city, then its postcode: "Springfield, IL 62704", "London SW1A 1AA", "Dublin 2", "Bengaluru 560001".
        var j = at
        var words = 0
        while words < 4, j < b.count, let w = Letters.word(at: j, in: b) {
            words += 1
            j = w.upperBound
            while j < b.count, b[j] == 0x20 || b[j] == UInt8(ascii: ",") || b[j] == UInt8(ascii: "-") { j += 1 }
            if j < b.count, PIIScanner.isDigit(b[j]), let p = postcode(b, at: j, cued: true) { return at..<p.upperBound }
            if let r = letterPostcodes(UnsafeBufferPointer(rebasing: b[j..<min(b.count, j + 9)])).first, r.lowerBound == 0 { return at..<(j + r.upperBound) }
        }
        if let r = letterPostcodes(UnsafeBufferPointer(rebasing: b[at..<min(b.count, at + 9)])).first, r.lowerBound == 0 { return at..<(at + r.upperBound) }
        return nil
    }

    /// One to three capitalised words after `i` (spaces between): a city.
    static func city(_ b: UTF8Bytes, after i: Int) -> Range<Int>? {
        var at = i
        while at < b.count, b[at] == 0x20 { at += 1 }
        guard at > i, let first = Letters.word(at: at, in: b), isCapitalizedWord(first, in: b) else { return nil }
        var end = first.upperBound
        var words = 1
        while words < 3, end + 1 < b.count, b[end] == 0x20 || b[end] == UInt8(ascii: "-"), let w = Letters.word(at: end + 1, in: b), isCapitalizedWord(w, in: b) {
            end = w.upperBound
            words += 1
        }
        return first.lowerBound..<end
    }

    static func wordBefore(_ i: Int, in b: UTF8Bytes) -> Range<Int>? {
        var k = i
        while k > 0, b[k - 1] == 0x20 { k -= 1 }
        guard k < i else { return nil }
        var s = k
        while s > 0, b[s - 1] >= 0x41 && b[s - 1] <= 0x5A { s -= 1 }
        guard s < k, s == 0 || !PIIScanner.isAlnum(b[s - 1]) else { return nil }
        return s..<k
    }

    /// UK postcodes (A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA) and Irish Eircodes (A65 F4E2).
    static func letterPostcodes(_ b: UTF8Bytes) -> [Range<Int>] {
        var out: [Range<Int>] = []
        func upper(_ i: Int) -> Bool { i < b.count && b[i] >= 0x41 && b[i] <= 0x5A }
        func digit(_ i: Int) -> Bool { i < b.count && PIIScanner.isDigit(b[i]) }
        func alnumUpper(_ i: Int) -> Bool { upper(i) || digit(i) }
        /// The postcode starting at `i`, if one does.
        func postcode(at i: Int) -> Range<Int>? {
            // Outward code: letter(s), digit(s), maybe a letter; then a space and the inward code 9AA.
            var j = i + 1
            if upper(j) { j += 1 }
            guard digit(j) else { return nil }
            j += 1
            if digit(j) || upper(j) { j += 1 }
            if j < b.count, b[j] == 0x20, digit(j + 1), upper(j + 2), upper(j + 3), j + 4 >= b.count || !PIIScanner.isAlnum(b[j + 4]), j - i >= 2 {
                return i..<(j + 4)
            }
            // Eircode: A99 then (a space and) four letters or digits, a digit and a letter among them.
            for gap in [1, 0] where j - i == 3 && upper(i) && digit(i + 1) && digit(i + 2) && j + gap + 4 <= b.count && (gap == 0 || b[j] == 0x20) {
                let s = j + gap
                if (0..<4).allSatisfy({ alnumUpper(s + $0) }), (0..<4).contains(where: { digit(s + $0) }), (0..<4).contains(where: { upper(s + $0) }),
                   s + 4 >= b.count || !PIIScanner.isAlnum(b[s + 4]) {
                    return i..<(s + 4)
                }
            }
            return nil
        }
        // Every such code has a digit one or two places after its first letter: only the text around digits is read.
        var taken = 0
        var d = PIIScanner.nextDigit(b, from: 0)
        while d < b.count {
            var next = d + 1
            for i in [d - 2, d - 1] where i >= taken && upper(i) && (i == 0 || !PIIScanner.isAlnum(b[i - 1])) {
                if let r = postcode(at: i) {
                    out.append(r)
                    taken = r.upperBound
                    next = r.upperBound
                    break
                }
            }
            d = PIIScanner.nextDigit(b, from: next)
        }
        return out
    }
}
