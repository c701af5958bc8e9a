/// Checks that turn pattern matches into findings: a number that fails its
/// checksum is not a card or an IBAN, an area number 666 is not an SSN.
enum Validators {
    /// Luhn mod-10 over the digits.
    static func luhn(_ digits: [UInt8]) -> Bool {
        var sum = 0
        for (i, d) in digits.reversed().enumerated() {
            var v = Int(d)
            if i % 2 == 1 { v *= 2; if v > 9 { v -= 9 } }
            sum += v
        }
        return sum % 10 == 0
    }

    /// Card lengths and issuer prefixes: Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro.
    static func knownIssuer(_ d: [UInt8]) -> Bool {
        func prefix(_ n: Int) -> Int { d.prefix(n).reduce(0) { $0 * 10 + Int($1) } }
        let n = d.count
        switch d.first {
        case 4: return n == 13 || n == 16 || n == 19
        case 5:
            if (51...55).contains(prefix(2)) { return n == 16 }
            return (12...19).contains(n) && [50, 56, 57, 58].contains(prefix(2))   // Maestro
        case 2:
            if prefix(4) == 2131 { return n == 15 }                           // JCB, legacy
            return (2221...2720).contains(prefix(4)) && n == 16
        case 1: return prefix(4) == 1800 && n == 15                           // JCB, legacy
        case 3:
            if [34, 37].contains(prefix(2)) { return n == 15 }
            if (3500...3599).contains(prefix(4)) { return (16...19).contains(n) }   // JCB (issued 3528–3589; generators use all of 35xx)
            if (300...305).contains(prefix(3)) || [36, 38, 39].contains(prefix(2)) { return (14...19).contains(n) }
            return false
        case 6:
            if prefix(4) == 6011 || prefix(2) == 65 || (644...649).contains(prefix(3)) { return (16...19).contains(n) }
            if prefix(2) == 62 { return (16...19).contains(n) }
            return (12...19).contains(n)   // Maestro 6x
        default: return false
        }
    }

    /// IBAN lengths by country (ISO 13616 registry).
    static let ibanLengths: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "BY": 28, "CH": 21,
        "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27,
        "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
        "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24,
        "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29,
        "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24,
        "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
    ]

    /// `chars` is the IBAN without spaces, upper case.
    /// With `anyLength` (the word IBAN is right before it), the country's length is not required: a mistyped
    /// account number whose check digits hold still names an account.
    static func iban(_ chars: [UInt8], anyLength: Bool = false) -> Bool {
        guard chars.count >= 15, chars.count <= 34 else { return false }
        let country = String(decoding: chars.prefix(2), as: UTF8.self)
        guard let length = ibanLengths[country], length == chars.count || anyLength else { return false }
        var remainder = 0
        for c in chars[4...] + chars[..<4] {
            if c >= 0x30 && c <= 0x39 { remainder = (remainder * 10 + Int(c - 0x30)) % 97 }
            else if c >= 0x41 && c <= 0x5A { remainder = (remainder * 100 + Int(c - 0x41 + 10)) % 97 }
            else { return false }
        }
        return remainder == 1
    }

    /// US SSN rules: area not 000, 666 or 9xx; group not 00; serial not 0000; not all one digit.
    static func ssn(area: Int, group: Int, serial: Int, digits: [UInt8]) -> Bool {
        if area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0 { return false }
        return Set(digits).count > 1
    }

    static let knownResolvers: Set<[Int]> = [[8, 8, 8, 8], [8, 8, 4, 4], [1, 1, 1, 1], [1, 0, 0, 1], [9, 9, 9, 9], [208, 67, 222, 222], [255, 255, 255, 255], [255, 255, 255, 0]]

    /// Public IPv4: private, loopback, link-local, unspecified and well-known DNS resolvers are not personal.
    static func isPersonalIPv4(_ o: [Int]) -> Bool {
        switch (o[0], o[1]) {
        case (10, _), (127, _), (0, _), (169, 254), (192, 168): return false
        case (172, 16...31): return false
        default: break
        }
        return !knownResolvers.contains(o)
    }

    /// Shannon entropy in bits per character.
    static func entropy<S: Collection>(_ s: S) -> Double where S.Element == UInt8 {
        guard !s.isEmpty else { return 0 }
        var counts = [Int](repeating: 0, count: 256)
        for b in s { counts[Int(b)] += 1 }
        let n = Double(s.count)
        var h = 0.0
        for c in counts where c > 0 {
            let p = Double(c) / n
            h -= p * log2(p)
        }
        return h
    }
}

#if canImport(Glibc)
import Glibc
#endif
