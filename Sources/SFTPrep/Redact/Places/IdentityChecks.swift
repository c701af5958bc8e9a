/// The check-digit rules of national identity and tax numbers (digits as 0–9).
extension Validators {
    /// Spanish DNI: eight digits and the letter of their value mod 23.
    static func dni(_ d: [Int], letter: UInt8) -> Bool {
        guard d.count == 8 else { return false }
        let letters = Array("TRWAGMYFPDXBNJZSQVHLCKE".utf8)
        return letters[d.reduce(0) { $0 * 10 + $1 } % 23] == letter
    }

    /// Spanish NIE: X, Y or Z (read as 0, 1, 2), seven digits, and the DNI letter of the whole.
    static func nie(_ c: [UInt8]) -> Bool {
        guard c.count == 9, let lead = "XYZ".utf8.firstIndex(of: c[0]).map({ "XYZ".utf8.distance(from: "XYZ".utf8.startIndex, to: $0) }),
              c[1..<8].allSatisfy(PIIScanner.isDigit), c[8] >= 0x41 && c[8] <= 0x5A else { return false }
        return dni([lead] + c[1..<8].map { Int($0 - 0x30) }, letter: c[8])
    }

    /// UK National Insurance number: two letters (not D, F, I, Q, U, V; the second not O; not BG, GB, KN, NK, NT, TN,
    /// ZZ), six digits, A–D.
    static func nino(_ c: [UInt8]) -> Bool {
        guard c.count == 9, c[0] >= 0x41 && c[0] <= 0x5A, c[1] >= 0x41 && c[1] <= 0x5A, c[2..<8].allSatisfy(PIIScanner.isDigit),
              (0x41...0x44).contains(c[8]) else { return false }
        let bad1: Set<UInt8> = Set("DFIQUV".utf8), bad2: Set<UInt8> = Set("DFIOQUV".utf8)
        guard !bad1.contains(c[0]), !bad2.contains(c[1]) else { return false }
        return !["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].contains(String(decoding: c[0..<2], as: UTF8.self))
    }

    /// Italian codice fiscale: LLLLLL DD L DD L DDD L (a digit may be a letter of LMNPQRSTUV) and its check letter.
    static func codiceFiscale(_ c: [UInt8]) -> Bool {
        guard c.count == 16 else { return false }
        let letter = { (x: UInt8) in x >= 0x41 && x <= 0x5A }
        let omocodia = Set("LMNPQRSTUV".utf8)
        for k in [0, 1, 2, 3, 4, 5, 8, 11, 15] where !letter(c[k]) { return false }
        for k in [6, 7, 9, 10, 12, 13, 14] where !(PIIScanner.isDigit(c[k]) || omocodia.contains(c[k])) { return false }
        let odd: [Int] = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]
        var sum = 0
        for k in 0..<15 {
            let x = c[k]
            let v = PIIScanner.isDigit(x) ? Int(x - 0x30) : Int(x - 0x41)
            sum += k % 2 == 0 ? odd[v] : v
        }
        return c[15] == UInt8(0x41 + sum % 26)
    }

    /// French NIR: sex 1/2 (or 3, 7, 8), year, month, department (2A/2B read as 19/18 as -1/-2 here), commune, order,
    /// and key = 97 − (the 13 digits mod 97).
    static func nir(_ d: [Int]) -> Bool {
        guard d.count == 15, [1, 2, 3, 7, 8].contains(d[0]) else { return false }
        var digits = d
        var shift = 0
        if digits[6] == -1 { digits[5] = 1; digits[6] = 9; shift = 1_000_000 }       // 2A: 19, minus 1,000,000
        else if digits[6] == -2 { digits[5] = 1; digits[6] = 8; shift = 2_000_000 }  // 2B: 18, minus 2,000,000
        guard digits.allSatisfy({ $0 >= 0 }) else { return false }
        let month = digits[3] * 10 + digits[4]
        guard (1...12).contains(month) || (20...42).contains(month) || (50...99).contains(month) else { return false }
        let number = digits[0..<13].reduce(0) { $0 * 10 + $1 } - shift
        let key = digits[13] * 10 + digits[14]
        return key == 97 - number % 97
    }

    /// Dutch BSN: nine digits, 9·d1 + 8·d2 + … + 2·d8 − d9 divisible by 11, not all zero.
    static func bsn(_ d: [Int]) -> Bool {
        guard d.count == 9, d.contains(where: { $0 != 0 }) else { return false }
        var sum = 0
        for k in 0..<8 { sum += d[k] * (9 - k) }
        return (sum - d[8]) % 11 == 0
    }

    /// German tax id (Steuer-ID): eleven digits, no leading zero, one digit twice or three times among the first ten and
    /// the rest at most once, and the ISO 7064 MOD 11,10 check digit.
    static func germanTaxID(_ d: [Int]) -> Bool {
        guard d.count == 11, d[0] != 0 else { return false }
        var counts = [Int](repeating: 0, count: 10)
        for x in d[0..<10] { counts[x] += 1 }
        let repeated = counts.filter { $0 >= 2 }
        guard repeated.count == 1, repeated[0] <= 3 else { return false }
        var product = 10
        for x in d[0..<10] {
            var sum = (x + product) % 10
            if sum == 0 { sum = 10 }
            product = (sum * 2) % 11
        }
        var check = 11 - product
        if check == 10 { check = 0 }
        return check == d[10]
    }

    /// Austrian social insurance number: three digits, a check digit, and a birth date DDMMYY; check = weighted sum mod 11.
    static func austrianSV(_ d: [Int]) -> Bool {
        guard d.count == 10, d[0] != 0 else { return false }
        let weights = [3, 7, 9, 0, 5, 8, 4, 2, 1, 6]
        let check = zip(d, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11
        guard check != 10, check == d[3] else { return false }
        let day = d[4] * 10 + d[5], month = d[6] * 10 + d[7]
        return (1...31).contains(day) && (1...12).contains(month)
    }

    /// Brazilian CPF: nine digits and two check digits; not one digit repeated.
    static func cpf(_ d: [Int]) -> Bool {
        guard d.count == 11, Set(d).count > 1 else { return false }
        func check(_ n: Int) -> Int {
            var sum = 0
            for k in 0..<n { sum += d[k] * (n + 1 - k) }
            return sum * 10 % 11 % 10
        }
        return check(9) == d[9] && check(10) == d[10]
    }

    /// Indian Aadhaar: twelve digits, not starting with 0 or 1, and a Verhoeff check digit.
    static func aadhaar(_ d: [Int]) -> Bool {
        guard d.count == 12, d[0] >= 2 else { return false }
        let mult: [[Int]] = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
                             [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
                             [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
                             [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]
        let perm: [[Int]] = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
                             [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
                             [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]]
        var c = 0
        for (k, x) in d.reversed().enumerated() { c = mult[c][perm[k % 8][x]] }
        return c == 0
    }
}
