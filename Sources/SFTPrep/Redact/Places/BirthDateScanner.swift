/// Dates of birth: a date right after (or just before) a word about birth in
/// English, German, French, Spanish, Italian, Portuguese, Dutch or Polish —
/// "date of birth 03/14/1985", "DOB: 1985-03-14", "born on 14 March 1985",
/// "geboren am 14. März 1985", "né le 14 mars 1985", "fecha de nacimiento:
/// 14 de marzo de 1985". Other dates (deliveries, invoices) stay.
enum BirthDateScanner {
    static let months: [String: Int] = {
        var m: [String: Int] = [:]
        let lists: [[String]] = [
            ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"],
            ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
            ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"],
            ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
            ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
            ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
            ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
            ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
            ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"],
        ]
        for list in lists { for (k, name) in list.enumerated() where m[name] == nil { m[name] = k + 1 } }
        m["sept"] = 9
        m["mrz"] = 3
        return m
    }()

    static func scan(_ b: UTF8Bytes, hits: [ContextWords.Hit], into spans: inout [PIISpan]) {
        for hit in hits where hit.kind == .birth {
            // After the word: up to 40 bytes on, skipping ":", "is", "am", "le", … to the first date.
            var at = hit.range.upperBound
            let limit = min(b.count, at + 40)
            var found = false
            while at < limit {
                if let d = date(b, at: at) { spans.append(PIISpan(start: d.lowerBound, end: d.upperBound, type: .dateOfBirth)); found = true; break }
                at += 1
                while at < limit, b[at] & 0xC0 == 0x80 { at += 1 }
            }
            // Before it: "14/03/1985 is my birthday", "1985-03-14 (date of birth)".
            guard !found else { continue }
            var start = max(0, hit.range.lowerBound - 30)
            while start > 0 && b[start] & 0xC0 == 0x80 { start -= 1 }
            var best: Range<Int>?
            for s in start..<hit.range.lowerBound where b[s] & 0xC0 != 0x80 {
                if let d = date(b, at: s), d.upperBound <= hit.range.lowerBound { best = d }
            }
            if let d = best { spans.append(PIISpan(start: d.lowerBound, end: d.upperBound, type: .dateOfBirth)) }
        }
    }

    /// A date starting at `i` (a word start): numeric (14/03/1985, 03-14-1985, 14.03.1985, 1985-03-14, 14.3.85) or with a
    /// month name (14 March 1985, March 14, 1985, 14. März 1985, 14 de marzo de 1985, 3rd of March 1985); the range it covers.
    static func date(_ b: UTF8Bytes, at i: Int) -> Range<Int>? {
        guard i == 0 || !PIIScanner.isAlnum(b[i - 1]) else { return nil }
        if PIIScanner.isDigit(b[i]) {
            let (g1, e1) = digits(b, i)
            // Numeric: three groups with one separator.
            if e1 < b.count, [UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "-")].contains(b[e1]) {
                let sep = b[e1]
                let (g2, e2) = digits(b, e1 + 1)
                if g2 > 0, e2 < b.count, b[e2] == sep {
                    let (g3, e3) = digits(b, e2 + 1)
                    if g3 > 0, e3 >= b.count || !PIIScanner.isAlnum(b[e3]) {
                        let lengths = [g1, g2, g3]
                        if lengths == [4, 2, 2] || lengths == [4, 1, 1] || (g1 <= 2 && g2 <= 2 && (g3 == 4 || g3 == 2)) { return i..<e3 }
                    }
                }
                // "14. März 1985"
                if sep == UInt8(ascii: "."), g1 <= 2, let m = monthWord(b, at: Letters.skipSpaces(b, from: e1 + 1, newlines: false)), let y = year(b, after: m.upperBound) {
                    return i..<y.upperBound
                }
            }
            // "14 March 1985", "3rd of March 1985", "14 de marzo de 1985".
            guard g1 <= 2 else { return nil }
            var at = e1
            if at + 1 < b.count, ["st", "nd", "rd", "th"].contains(String(decoding: b[at..<(at + 2)], as: UTF8.self).lowercased()) { at += 2 }
            at = Letters.skipSpaces(b, from: at, newlines: false)
            if let w = Letters.word(at: at, in: b), ["of", "de"].contains(String(decoding: b[w], as: UTF8.self).lowercased()) {
                at = Letters.skipSpaces(b, from: w.upperBound, newlines: false)
            }
            guard let m = monthWord(b, at: at), let y = year(b, after: m.upperBound) else { return nil }
            return i..<y.upperBound
        }
        // "March 14, 1985".
        guard let m = monthWord(b, at: i) else { return nil }
        let at = Letters.skipSpaces(b, from: m.upperBound, newlines: false)
        let (g, e) = digits(b, at)
        guard (1...2).contains(g) else { return nil }
        var end = e
        if end + 1 < b.count, ["st", "nd", "rd", "th"].contains(String(decoding: b[end..<(end + 2)], as: UTF8.self).lowercased()) { end += 2 }
        guard let y = year(b, after: end) else { return nil }
        return i..<y.upperBound
    }

    static func digits(_ b: UTF8Bytes, _ i: Int) -> (count: Int, end: Int) {
        var j = i
        while j < b.count, PIIScanner.isDigit(b[j]) { j += 1 }
        return (j - i, j)
    }

    static func monthWord(_ b: UTF8Bytes, at i: Int) -> Range<Int>? {
        guard let w = Letters.word(at: i, in: b), months[String(decoding: b[w], as: UTF8.self).lowercased()] != nil else { return nil }
        if w.upperBound < b.count, b[w.upperBound] == UInt8(ascii: ".") { return w.lowerBound..<(w.upperBound + 1) }
        return w
    }

    /// A four-digit year after `i`, past spaces, a comma or "de"/"del".
    static func year(_ b: UTF8Bytes, after i: Int) -> Range<Int>? {
        var at = i
        while at < b.count, b[at] == 0x20 || b[at] == UInt8(ascii: ",") { at += 1 }
        if let w = Letters.word(at: at, in: b), ["de", "del"].contains(String(decoding: b[w], as: UTF8.self).lowercased()) {
            at = Letters.skipSpaces(b, from: w.upperBound, newlines: false)
        }
        let (g, e) = digits(b, at)
        guard g == 4, e >= b.count || !PIIScanner.isAlnum(b[e]) else { return nil }
        return at..<e
    }
}
