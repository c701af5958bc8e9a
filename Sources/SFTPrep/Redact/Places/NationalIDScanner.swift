/// National identity and tax numbers, each found by its shape and kept only
/// when its check digits hold: UK National Insurance numbers, Spanish DNI and
/// NIE, Italian codici fiscali, French NIR, Dutch BSN, German tax ids,
/// Austrian social insurance numbers, Brazilian CPF and Indian Aadhaar
/// numbers; and passport numbers next to a word for passport.
///
/// Shapes that many other numbers share (a nine-digit BSN passes its 11-test
/// one time in eleven) count only next to a word that names them ("BSN",
/// "Steuer-ID", "CPF"); distinctive ones ("QQ 12 34 56 C", "123.456.789-09",
/// "1 85 03 75 116 123 45") count on their own.
enum NationalIDScanner {
    static func scan(_ b: UTF8Bytes, hits: [ContextWords.Hit], into spans: inout [PIISpan]) {
        let cues = hits.filter { $0.kind == .idCue }.map(\.range)
        func cued(_ i: Int) -> Bool { cues.contains { $0.upperBound <= i && i - $0.upperBound <= 40 } }
        var i = 0
        while i < b.count {
            guard PIIScanner.isAlnum(b[i]), i == 0 || !PIIScanner.isAlnum(b[i - 1]) else { i += 1; continue }
            if let r = PIIScanner.isDigit(b[i]) ? numeric(b, at: i, cued: cued(i)) : mayBeLettered(b, at: i) ? lettered(b, at: i) : nil {
                spans.append(PIISpan(start: r.lowerBound, end: r.upperBound, type: .nationalID))
                i = r.upperBound
                continue
            }
            while i < b.count, PIIScanner.isAlnum(b[i]) { i += 1 }
        }
        for hit in hits where hit.kind == .passport {
            if let r = passportNumber(b, after: hit.range.upperBound) { spans.append(PIISpan(start: r.lowerBound, end: r.upperBound, type: .passport)) }
        }
    }

    // MARK: - Numbers that start with a digit

    /// Digits with single separators (space, dot, dash, slash) between groups, and a letter after them.
    struct Grouped {
        var digits: [Int] = []
        var groups: [Int] = []
        var separators: Set<UInt8> = []
        var end = 0
        var letter: UInt8?
    }

    static func grouped(_ b: UTF8Bytes, at i: Int) -> Grouped {
        var g = Grouped()
        var j = i
        var current = 0
        while j < b.count, g.digits.count < 16 {
            if PIIScanner.isDigit(b[j]) { g.digits.append(Int(b[j] - 0x30)); current += 1; j += 1; g.end = j; continue }
            // "2A"/"2B" in a French NIR's department.
            if (b[j] == UInt8(ascii: "A") || b[j] == UInt8(ascii: "B")), g.digits.count == 5, current == 1, j + 1 < b.count, !PIIScanner.isAlpha(b[j + 1]) {
                g.digits.append(b[j] == UInt8(ascii: "A") ? -1 : -2)
                current += 1
                j += 1
                g.end = j
                continue
            }
            let sep = b[j]
            guard sep == 0x20 || sep == UInt8(ascii: ".") || sep == UInt8(ascii: "-") || sep == UInt8(ascii: "/"), j + 1 < b.count, PIIScanner.isDigit(b[j + 1]) else { break }
            g.groups.append(current)
            current = 0
            g.separators.insert(sep)
            j += 1
        }
        if current > 0 { g.groups.append(current) }
        // A letter right after (or after a dash or space): the DNI's control letter.
        var k = g.end
        if k < b.count, b[k] == UInt8(ascii: "-") || b[k] == 0x20 { k += 1 }
        if k < b.count, PIIScanner.isAlpha(b[k]), k + 1 >= b.count || !PIIScanner.isAlnum(b[k + 1]) { g.letter = b[k] & ~0x20; g.end = k + 1 }
        return g
    }

    static func numeric(_ b: UTF8Bytes, at i: Int, cued: Bool) -> Range<Int>? {
        let g = grouped(b, at: i)
        let d = g.digits
        let after = g.end
        guard after >= b.count || !PIIScanner.isAlnum(b[after]) else { return nil }
        let plain = d.allSatisfy { $0 >= 0 }
        switch (d.count, g.letter) {
        case (8, let l?) where plain && Validators.dni(d, letter: l): return i..<after
        case (15, nil) where Validators.nir(d) && (cued || g.groups.count >= 5 || g.groups == [15]): return i..<after
        default: break
        }
        guard plain, g.letter == nil else { return nil }
        switch d.count {
        case 9 where cued && Validators.bsn(d): return i..<after
        case 10 where Validators.austrianSV(d) && (cued || g.groups == [4, 6]): return i..<after
        case 11 where Validators.cpf(d) && (cued || (g.groups == [3, 3, 3, 2] && g.separators == [UInt8(ascii: "."), UInt8(ascii: "-")])): return i..<after
        case 11 where cued && Validators.germanTaxID(d): return i..<after
        case 12 where Validators.aadhaar(d) && (cued || (g.groups == [4, 4, 4] && g.separators.count == 1 && !g.separators.contains(UInt8(ascii: ".")))):
            return i..<after
        default: return nil
        }
    }

    // MARK: - Numbers that start with a letter

    /// A capital letter with a digit among the next eight bytes: what every lettered number here starts like
    /// (NINO "QQ 12…", NIE "X123…", codice fiscale "RSSMRA85…"); ordinary words are turned away before any gathering.
    static func mayBeLettered(_ b: UTF8Bytes, at i: Int) -> Bool {
        guard b[i] >= 0x41 && b[i] <= 0x5A else { return false }
        var j = i + 1
        while j < min(b.count, i + 9) { if PIIScanner.isDigit(b[j]) { return true }; j += 1 }
        return false
    }

    static func lettered(_ b: UTF8Bytes, at i: Int) -> Range<Int>? {
        // Gather up to 16 letters and digits, across single spaces (NINO "QQ 12 34 56 C").
        var chars: [UInt8] = []
        var ends: [Int] = []
        var j = i
        while j < b.count, chars.count < 16 {
            if PIIScanner.isAlnum(b[j]) { chars.append(b[j] >= 0x61 ? b[j] - 0x20 : b[j]); j += 1; ends.append(j); continue }
            if b[j] == 0x20 || b[j] == UInt8(ascii: "-"), j + 1 < b.count, PIIScanner.isAlnum(b[j + 1]), chars.count < 9 { j += 1; continue }
            break
        }
        func boundary(_ e: Int) -> Bool { e >= b.count || !PIIScanner.isAlnum(b[e]) }
        // The raw text must be in capitals for these (a word in small letters is a word).
        let upperAt = { (k: Int) -> Bool in b[k] >= 0x41 && b[k] <= 0x5A }
        if chars.count >= 9, boundary(ends[8]), upperAt(i), Validators.nino(Array(chars[0..<9])) { return i..<ends[8] }
        if chars.count >= 9, boundary(ends[8]), upperAt(i), Validators.nie(Array(chars[0..<9])) { return i..<ends[8] }
        if chars.count == 16, boundary(ends[15]), upperAt(i), Validators.codiceFiscale(chars) { return i..<ends[15] }
        return nil
    }

    // MARK: - Passports

    /// After a word for passport, past ":", "no.", "number", "nr", "n°", "#": six to nine letters and digits with a digit.
    static func passportNumber(_ b: UTF8Bytes, after i: Int) -> Range<Int>? {
        var at = i
        let limit = min(b.count, i + 30)
        while at < limit {
            if PIIScanner.isAlnum(b[at]), at == 0 || !PIIScanner.isAlnum(b[at - 1]) {
                var j = at
                while j < b.count, PIIScanner.isAlnum(b[j]) { j += 1 }
                let token = b[at..<j]
                if (6...9).contains(token.count), token.contains(where: PIIScanner.isDigit),
                   token.allSatisfy({ PIIScanner.isDigit($0) || ($0 >= 0x41 && $0 <= 0x5A) }) { return at..<j }
                at = j
                continue
            }
            at += 1
        }
        return nil
    }
}
