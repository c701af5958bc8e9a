/// Phone numbers in international (`+44 20 7946 0958`) and national forms
/// (`(555) 123-4567`, `07700 900123`, `06 12 34 56 78`, `030 12345678`,
/// `090-1234-5678`, `98765 43210`), with extensions. 7 to 15 digits (E.164).
///
/// Look-alikes stay: dates (`2024-03-04`, `31/12/2023`, `14.03.24`), times,
/// prices and decimals, versions, order and ticket ids (`A-10482`, `T-5001`,
/// `INV-2291`), tracking numbers, hashes and UUIDs. A bare digit run counts
/// only with a `+` or next to a word such as "call", "phone" or "tel".
enum PhoneScanner {
    /// Words that say a phone number follows, matched as whole words ("tel" is not the middle of "Hotel"
    /// or "Bestellung").
    static let cueWords: Set<String> = ["call", "calling", "phone", "tel", "tél", "mobile", "mob", "cell", "whatsapp", "text", "sms", "fax",
                                        "number", "reach", "ring", "contact", "dial", "nummer", "numéro", "número", "numero", "nr", "no",
                                        "anrufen", "rufen", "erreichbar", "appeler", "appelez", "joindre", "llamar", "llámame", "llámeme",
                                        "chiamare", "chiamami", "chiami", "ligar", "liga", "ligue", "bellen", "bel", "telefonisch"]
    /// Word starts that say so too: "Telefonnummer", "Handynummer", "téléphone", "cellulare", "celular".
    static let cuePrefixes = ["telefon", "telephon", "téléphon", "teléfon", "handy", "mobil", "móvil", "cellular", "cellulare", "celular",
                              "portable", "whatsapp", "phone", "telefoon", "電話"]
    /// Words before "number"/"Nummer"/"numéro" that make it another kind of number ("order number").
    static let otherNumbers: Set<String> = ["order", "tracking", "ticket", "case", "invoice", "account", "reference", "ref", "customer",
                                            "serial", "model", "part", "item", "confirmation", "booking", "policy", "claim", "member",
                                            "membership", "card", "iban", "vat", "tax", "product", "article", "version", "batch", "lot",
                                            "commande", "suivi", "pedido", "seguimiento", "ordine", "bestelling", "factura",
                                            "fattura", "fatura", "kunden", "bestell", "auftrags", "rechnungs", "konto", "artikel",
                                            "sku", "ean", "upc", "isbn", "gtin", "asin", "imei", "barcode"]
    static let numberWords: Set<String> = ["number", "nummer", "numéro", "número", "numero", "nr", "no"]

    static func scan(_ b: UTF8Bytes, into spans: inout [PIISpan]) {
        var i = 0
        while i < b.count {
            let c = b[i]
            let startsHere = PIIScanner.isDigit(c) || c == 0x2B || c == 0x28
            guard startsHere, i == 0 || !(PIIScanner.isWord(b[i - 1]) || b[i - 1] == 0x2D || b[i - 1] == 0x2E || b[i - 1] == 0x2F || b[i - 1] == 0x23 || b[i - 1] == 0x24) else { i += 1; continue }
            // Take digits and separators: one space, dash, dot, slash or parenthesis at a time.
            var j = i
            var digits = 0
            var groups: [Int] = []
            var current = 0
            var separators: Set<UInt8> = []
            var parens = false
            if b[j] == 0x2B { j += 1 }
            while j < b.count {
                let x = b[j]
                if PIIScanner.isDigit(x) { digits += 1; current += 1; j += 1; continue }
                let isSep = x == 0x20 || x == 0x2D || x == 0x2E || x == 0x2F || x == 0x28 || x == 0x29
                guard isSep, digits < 15 else { break }
                // A separator must be followed (after at most one more separator) by a digit.
                var k = j + 1
                if k < b.count, (b[k] == 0x20 || b[k] == 0x28 || b[k] == 0x29 || b[k] == 0x2D), b[k] != x { k += 1 }
                guard k < b.count, PIIScanner.isDigit(b[k]) else { break }
                if current > 0 { groups.append(current); current = 0 }
                if x == 0x28 || x == 0x29 { parens = true } else { separators.insert(x) }
                j = k
            }
            // Too few or too many digits: `accept` would refuse it, so no need to look further (this
            // runs for every number in every text; the checks below allocate).
            guard (7...15).contains(digits) else { i = max(i + 1, j); continue }
            if current > 0 { groups.append(current) }
            var end = j
            // Extension glued on: "8792x174".
            if end + 1 < b.count, b[end] == UInt8(ascii: "x"), PIIScanner.isDigit(b[end + 1]) {
                var e = end + 1
                while e < b.count, PIIScanner.isDigit(b[e]), e - end <= 6 { e += 1 }
                if e >= b.count || !PIIScanner.isWord(b[e]) { end = e }
            }
            // Extension: "ext. 12", "x12", "#12".
            let rest = end < b.count && b[end] == 0x20 ? String(decoding: b[end..<min(b.count, end + 12)], as: UTF8.self).lowercased() : ""
            for marker in [" ext. ", " ext ", " x", " #", " ext."] where rest.hasPrefix(marker) {
                var e = end + marker.utf8.count
                let s = e
                while e < b.count, PIIScanner.isDigit(b[e]) { e += 1 }
                if e > s && e - s <= 6 { end = e }
                break
            }
            // An opening parenthesis belongs to the number only when it closes inside it, as an area code does:
            // "(1234567890)" is a number in parentheses.
            var from = i
            if b[i] == 0x28 && !b[i..<end].contains(0x29) { from = i + 1 }
            if accept(b, start: from, end: end, digits: digits, groups: groups, separators: separators, parens: parens && from == i) {
                spans.append(PIISpan(start: from, end: end, type: .phone))
                i = end
            } else {
                i = max(i + 1, j)
            }
        }
    }

    static func accept(_ b: UTF8Bytes, start: Int, end: Int, digits: Int, groups: [Int], separators: Set<UInt8>, parens: Bool) -> Bool {
        guard (7...15).contains(digits) else { return false }
        // What follows must not continue a word, a decimal, a percentage, a unit or a currency.
        if end < b.count {
            let n = b[end]
            if PIIScanner.isWord(n) || n == 0x25 || n == 0x40 { return false }
            if (n == 0x2E || n == 0x2C) && end + 1 < b.count && PIIScanner.isDigit(b[end + 1]) { return false }
        }
        let international = b[start] == 0x2B
        if !international && idContext(b, before: start) { return false }             // "order number 4711-2231-98"
        if !international && separators.contains(0x2E) && separators.contains(0x2D) { return false }  // "123.456.789-00": an id's shape
        // Dates and fractions have slashes; so do national numbers after a trunk prefix ("06480/66717231", "08/ 181 74 14").
        if separators.contains(0x2F) && !international && !(b[start] == 0x30 && digits >= 8 && !looksLikeDate(groups, separators: separators)) { return false }
        if looksLikeDate(groups, separators: separators) { return false }
        if separators == [0x2E] && groups.count <= 4 && groups.allSatisfy({ $0 <= 3 }) && !cue(b, before: start) { return false }  // versions, IPs
        if international { return digits >= 8 }
        if parens { return digits >= 9 }
        // 3-2-4 with dashes is the shape of a US SSN: never a phone (an invalid SSN stays as it is).
        if groups == [3, 2, 4] && separators == [0x2D] { return false }
        let trunk = b[start] == 0x30   // national trunk prefix: 07700 900123, 030 12345678
        let phoneShaped = groups.count >= 2 && groups.allSatisfy { (2...(trunk ? 8 : 5)).contains($0) } && digits >= 9
        if phoneShaped && (trunk || groups.count >= 3 || groups[0] == 3) { return true }
        return cue(b, before: start)
    }

    static let dateShapes: Set<[Int]> = [[4, 2, 2], [2, 2, 4], [2, 2, 2], [1, 2, 4], [2, 1, 4], [1, 1, 4], [4, 1, 1], [4, 1, 2], [4, 2, 1], [1, 1, 2], [1, 2, 2], [2, 1, 2]]

    /// YYYY-MM-DD, DD-MM-YYYY, DD.MM.YY and the like: three groups of 1–4 digits that read as a date.
    static func looksLikeDate(_ groups: [Int], separators: Set<UInt8>) -> Bool {
        guard groups.count == 3, separators.count == 1 else { return false }
        return dateShapes.contains(groups)
    }

    /// Compound words for ids in German and Dutch ("Bestellnummer", "Kundennr", "ordernummer").
    static let idCompounds = ["bestell", "auftrag", "kunden", "rechnung", "vertrag", "sendung", "artikel", "vorgang", "order", "factuur", "klant"]

    /// Whether the word (or two) right before the number names another kind of number: "order", "ticket no.",
    /// "Bestellnummer", "invoice #".
    static func idContext(_ b: UTF8Bytes, before start: Int) -> Bool {
        var from = max(0, start - 28)
        while from > 0 && from < start && b[from] & 0xC0 == 0x80 { from -= 1 }
        let words = String(decoding: b[from..<start], as: UTF8.self).lowercased()
            .split(whereSeparator: { !$0.isLetter }).map(String.init)
        for w in words.suffix(3) {
            if otherNumbers.contains(w) && !numberWords.contains(w) { return true }
            if idCompounds.contains(where: { w.hasPrefix($0) }) && (w.hasSuffix("nummer") || w.hasSuffix("nr") || w.hasSuffix("number")) { return true }
        }
        return false
    }

    /// Words for product and shipment codes: a Luhn-valid 13-digit EAN after "SKU" is not a card.
    static let productCodeWords: Set<String> = ["sku", "ean", "upc", "isbn", "gtin", "asin", "imei", "barcode", "tracking", "order",
                                                "invoice", "ticket", "reference", "ref", "serial", "model", "part", "article", "artikel"]

    /// Whether the word (or two) right before `start` names a product or shipment code.
    static func productCodeContext(_ b: UTF8Bytes, before start: Int) -> Bool {
        var from = max(0, start - 24)
        while from > 0 && from < start && b[from] & 0xC0 == 0x80 { from -= 1 }
        let words = String(decoding: b[from..<start], as: UTF8.self).lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
        return words.suffix(2).contains(where: productCodeWords.contains)
    }

    /// A cue word among the words in the 30 bytes before the number.
    static func cue(_ b: UTF8Bytes, before start: Int) -> Bool {
        var from = max(0, start - 30)
        while from > 0 && from < start && b[from] & 0xC0 == 0x80 { from -= 1 }  // not inside a character
        let words = String(decoding: b[from..<start], as: UTF8.self).lowercased()
            .split(whereSeparator: { !$0.isLetter && $0 != "-" }).map(String.init)
        for (k, w) in words.enumerated() {
            // The first word may be cut by the window: only whole words count.
            if k == 0 && from > 0 && Letters.isLetter(before: from + 1, in: b) && PIIScanner.isWord(b[from]) { continue }
            if numberWords.contains(w) {
                if k > 0 && otherNumbers.contains(words[k - 1]) { continue }
                return true
            }
            if cueWords.contains(w) || cuePrefixes.contains(where: { w.hasPrefix($0) }) { return true }
        }
        return false
    }
}
