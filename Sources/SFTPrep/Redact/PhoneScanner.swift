/// Phone numbers in international (`+44 20 7946 0958`) and national forms
/// (`(555) 123-4567`, `07700 900123`, `06 12 34 56 78`, `030 12345678`,
/// `090-1234-5678`, `98765 43210`), with extensions. 7 to 15 digits (E.164).
///
/// Look-alikes stay: dates (`2024-03-04`, `31/12/2023`, `14.03.24`), times,
/// prices and decimals, versions, order and ticket ids (`A-10482`, `T-5001`,
/// `INV-2291`), tracking numbers, hashes and UUIDs. A bare digit run counts
/// only with a `+` or next to a word such as "call", "phone" or "tel".
enum PhoneScanner {
    static let cueBytes: [[UInt8]] = cueWords.map { Array($0.utf8) }
    static let cueWords = ["call", "phone", "tel", "mobile", "cell", "whatsapp", "text me", "sms", "fax", "number", "reach", "ring", "contact",
                           "telefon", "handy", "téléphone", "portable", "teléfono", "móvil", "telefono", "cellulare", "telefoon", "celular", "電話"]

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
            if accept(b, start: i, end: end, digits: digits, groups: groups, separators: separators, parens: parens) {
                spans.append(PIISpan(start: i, end: end, type: .phone))
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
        if separators.contains(0x2F) && !international { return false }             // dates and fractions
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

    /// A cue word within the 30 bytes before the number.
    static func cue(_ b: UTF8Bytes, before start: Int) -> Bool {
        PIIScanner.containsAny(b, from: max(0, start - 30), to: start, cueBytes)
    }
}
