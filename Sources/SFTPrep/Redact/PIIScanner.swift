/// The bytes of one text, as the scanners read them.
typealias UTF8Bytes = UnsafeBufferPointer<UInt8>

/// Finds PII and secrets in a text: hand-written scanners over UTF-8 bytes,
/// each gated by a cheap prefilter (an `@`, a digit, a known prefix), then
/// validated (Luhn, mod-97, SSN rules, address parsing, entropy) and checked
/// against context, so order numbers, dates, versions, prices, hashes and
/// UUIDs stay as they are. Overlaps resolve to the higher-priority type.
public struct PIIScanner: Sendable {
    public var types: Set<PIIType> { didSet { mask = PIIScanner.mask(types) } }
    /// `types` as bits (by `allCases` position): checked per message without hashing.
    private(set) var mask: UInt32

    public init(types: Set<PIIType> = Set(PIIType.allCases)) {
        self.types = types
        mask = PIIScanner.mask(types)
    }

    static func bit(_ t: PIIType) -> UInt32 { bitOf(t) }
    static func mask(_ types: Set<PIIType>) -> UInt32 { types.reduce(0) { $0 | bit($1) } }
    static let bits: [PIIType: UInt32] = Dictionary(uniqueKeysWithValues: PIIType.allCases.map { ($0, bit($0)) })

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || isAlpha(b) }
    @inline(__always) static func isHex(_ b: UInt8) -> Bool { isDigit(b) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x66) }
    /// The index of the first ASCII digit at or after `i` (`b.count` when none): the number scanners
    /// jump there instead of testing every byte of the text, eight bytes at a time.
    @inline(__always) static func nextDigit(_ b: UTF8Bytes, from i: Int) -> Int {
        var i = i
        guard let base = b.baseAddress else { return b.count }
        while i + 8 <= b.count, !ByteScan.hasDigit(ByteScan.word(base, i)) { i += 8 }
        while i < b.count, !isDigit(b[i]) { i += 1 }
        return i
    }

    /// Part of a word: ASCII alphanumerics, `_`, and any non-ASCII byte.
    @inline(__always) static func isWord(_ b: UInt8) -> Bool { isAlnum(b) || b == 0x5F || b >= 0x80 }

    public func scan(_ text: String) -> [PIISpan] {
        var text = text
        return text.withUTF8 { scan($0) }
    }

    /// Spans in the UTF-8 bytes of one text (the scanners read the string's own storage, never a copy).
    func scan(_ b: UTF8Bytes) -> [PIISpan] {
        var spans: [PIISpan] = []
        var seen: UInt8 = 0
        var digits = 0
        PIIScanner.gateBits.withUnsafeBufferPointer { gate in
            for c in b {
                let g = gate[Int(c)]
                seen |= g
                digits &+= Int(g >> 1)
            }
        }
        let hasAt = seen & 1 != 0, hasColon = seen & 4 != 0
        let mask = self.mask
        func want(_ t: PIIType) -> Bool { mask & PIIScanner.bitOf(t) != 0 }
        SecretScanner.scan(b, mask: mask, into: &spans)
        if hasAt && hasColon && want(.urlCredentials) { urlCredentials(b, into: &spans) }
        if hasAt && want(.email) { emails(b, into: &spans) }
        // Each number scanner only where the text has the digits its shortest match needs (most
        // texts have a few digits, fewer than a phone number's).
        if digits >= 2 && want(.iban) { ibans(b, into: &spans) }  // two check digits
        if digits >= 12 && want(.creditCard) { cards(b, into: &spans) }  // 12 for Maestro, else 13 to 19
        if digits >= 9 && want(.usSSN) { ssns(b, into: &spans) }
        if digits >= 4 && want(.ipAddress) { ipv4(b, into: &spans) }
        if hasColon && want(.ipAddress) { ipv6(b, into: &spans) }
        if digits >= 7 && want(.phone) { PhoneScanner.scan(b, into: &spans) }  // 7 to 15
        // Addresses, dates of birth and identity numbers all have digits, and most need a context word (found in one pass).
        let places = want(.address) || want(.dateOfBirth) || want(.nationalID) || want(.passport)
        if digits >= 1 && places {
            let hits = ContextWords.find(b)
            if want(.address) { AddressScanner.scan(b, hits: hits, into: &spans) }
            if digits >= 4 && want(.dateOfBirth) && hits.contains(where: { $0.kind == .birth }) { BirthDateScanner.scan(b, hits: hits, into: &spans) }
            if digits >= 6 && (want(.nationalID) || want(.passport)) {
                var ids: [PIISpan] = []
                NationalIDScanner.scan(b, hits: hits, into: &ids)
                spans += ids.filter { want($0.type) }
            }
        }
        return PIIScanner.resolve(spans)
    }

    /// Per byte, the scanners it can wake: 1 for `@`, 2 for a digit (also counted), 4 for `:`.
    static let gateBits: [UInt8] = (0..<256).map { $0 == 0x40 ? 1 : ($0 >= 0x30 && $0 <= 0x39 ? 2 : ($0 == 0x3A ? 4 : 0)) }

    @inline(__always) static func bitOf(_ t: PIIType) -> UInt32 {
        switch t {
        case .email: return 1 << 0
        case .phone: return 1 << 1
        case .creditCard: return 1 << 2
        case .iban: return 1 << 3
        case .usSSN: return 1 << 4
        case .ipAddress: return 1 << 5
        case .urlCredentials: return 1 << 6
        case .awsKey: return 1 << 7
        case .githubToken: return 1 << 8
        case .openAIKey: return 1 << 9
        case .anthropicKey: return 1 << 10
        case .slackToken: return 1 << 11
        case .stripeKey: return 1 << 12
        case .googleAPIKey: return 1 << 13
        case .huggingFaceToken: return 1 << 14
        case .jwt: return 1 << 15
        case .privateKey: return 1 << 16
        case .secret: return 1 << 17
        case .person: return 1 << 18
        case .custom: return 1 << 19
        case .address: return 1 << 20
        case .dateOfBirth: return 1 << 21
        case .nationalID: return 1 << 22
        case .passport: return 1 << 23
        }
    }

    /// Whether `b[from..<to]` contains any of the words (ASCII case-insensitive; other bytes exact), without Foundation.
    static func containsAny(_ b: UTF8Bytes, from: Int, to: Int, _ words: [[UInt8]]) -> Bool {
        guard from < to else { return false }
        @inline(__always) func fold(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
        for w in words where w.count <= to - from {
            var i = from
            while i + w.count <= to {
                if fold(b[i]) == w[0] {
                    var k = 1
                    while k < w.count, fold(b[i + k]) == w[k] { k += 1 }
                    if k == w.count { return true }
                }
                i += 1
            }
        }
        return false
    }

    /// Keeps non-overlapping spans: higher priority first, then longer, then earlier.
    static func resolve(_ spans: [PIISpan]) -> [PIISpan] {
        let ranked = spans.sorted {
            if $0.type.priority != $1.type.priority { return $0.type.priority > $1.type.priority }
            if $0.end - $0.start != $1.end - $1.start { return $0.end - $0.start > $1.end - $1.start }
            return $0.start < $1.start
        }
        var kept: [PIISpan] = []
        for s in ranked where !kept.contains(where: { $0.start < s.end && s.start < $0.end }) { kept.append(s) }
        return kept.sorted { $0.start < $1.start }
    }

    // MARK: - E-mail and URL credentials

    func emails(_ b: UTF8Bytes, into spans: inout [PIISpan]) {
        func local(_ c: UInt8) -> Bool { PIIScanner.isAlnum(c) || c == 0x2E || c == 0x5F || c == 0x25 || c == 0x2B || c == 0x2D }
        func domain(_ c: UInt8) -> Bool { PIIScanner.isAlnum(c) || c == 0x2E || c == 0x2D }
        for at in b.indices where b[at] == 0x40 {
            var s = at
            while s > 0, local(b[s - 1]) { s -= 1 }
            while s < at, b[s] == 0x2E { s += 1 }
            var e = at + 1
            while e < b.count, domain(b[e]) { e += 1 }
            while e > at + 1, b[e - 1] == 0x2E || b[e - 1] == 0x2D { e -= 1 }
            guard s < at, e > at + 1 else { continue }
            // A dot in the domain and a final label of two or more letters.
            guard let lastDot = b[(at + 1)..<e].lastIndex(of: 0x2E), e - lastDot - 1 >= 2,
                  b[(lastDot + 1)..<e].allSatisfy(PIIScanner.isAlpha) else { continue }
            spans.append(PIISpan(start: s, end: e, type: .email))
        }
    }

    /// `scheme://user:password@host` → the `user:password` part.
    func urlCredentials(_ b: UTF8Bytes, into spans: inout [PIISpan]) {
        var i = 0
        while i + 3 < b.count {
            guard b[i] == 0x3A, b[i + 1] == 0x2F, b[i + 2] == 0x2F else { i += 1; continue }
            let start = i + 3
            var j = start
            var colon = -1
            while j < b.count, b[j] > 0x20, b[j] != 0x2F, b[j] != 0x40 {
                if b[j] == 0x3A && colon < 0 { colon = j }
                j += 1
            }
            if j < b.count, b[j] == 0x40, colon > start, colon + 1 < j {
                spans.append(PIISpan(start: start, end: j, type: .urlCredentials))
            }
            i = j
        }
    }

    // MARK: - Numbers with checksums

    static let paymentWords: [[UInt8]] = ["card", "karte", "tarjeta", "carte", "carta", "cartão", "kaart", "visa", "maestro", "mastercard", "paid", "payment", "pay with"].map { Array($0.utf8) }

    /// A payment word within the 40 bytes before `start`.
    static func paymentCue(_ b: UTF8Bytes, before start: Int) -> Bool {
        containsAny(b, from: max(0, start - 40), to: start, paymentWords)
    }

    /// 13–19 digits (12 for Maestro after a payment word), optionally grouped by single spaces or dashes, Luhn-valid, known issuer.
    func cards(_ b: UTF8Bytes, into spans: inout [PIISpan]) {
        var i = 0
        while i < b.count {
            i = PIIScanner.nextDigit(b, from: i)
            guard i < b.count else { break }
            guard i == 0 || !PIIScanner.isWord(b[i - 1]) && b[i - 1] != 0x2D && b[i - 1] != 0x2E else { i += 1; continue }
            // Digits counted first; their values are gathered only for a run of card length (every
            // number in every text passes here, and most are short).
            var count = 0
            var j = i
            var end = i
            while j < b.count, count < 19 {
                if PIIScanner.isDigit(b[j]) { count += 1; j += 1; end = j; continue }
                if (b[j] == 0x20 || b[j] == 0x2D), j + 1 < b.count, PIIScanner.isDigit(b[j + 1]) { j += 1; continue }
                break
            }
            if end < b.count, PIIScanner.isWord(b[end]) || (b[end] == 0x2E && end + 1 < b.count && PIIScanner.isDigit(b[end + 1])) { i = end; continue }
            // 12 digits only for Maestro next to a payment word: many 12-digit ids start with 5 or 6.
            let length = count == 12 ? (PIIScanner.paymentCue(b, before: i) ? 12 : 0) : count
            if (12...19).contains(length), case let digits = b[i..<end].filter(PIIScanner.isDigit).map({ $0 - 0x30 }),
               Validators.luhn(digits), Validators.knownIssuer(digits), !PhoneScanner.productCodeContext(b, before: i) {
                spans.append(PIISpan(start: i, end: end, type: .creditCard))
                i = end
            } else {
                i += 1
                while i < b.count, PIIScanner.isDigit(b[i]) { i += 1 }
            }
        }
    }

    /// Two letters, two check digits, 11–30 letters or digits, in one piece or in groups of four.
    func ibans(_ b: UTF8Bytes, into spans: inout [PIISpan]) {
        var i = 0
        while i + 15 <= b.count {
            i = max(i, PIIScanner.nextDigit(b, from: i + 2) - 2)   // the first check digit is the third byte
            guard i + 15 <= b.count else { break }
            guard b[i] >= 0x41 && b[i] <= 0x5A, b[i + 1] >= 0x41 && b[i + 1] <= 0x5A, PIIScanner.isDigit(b[i + 2]), PIIScanner.isDigit(b[i + 3]),
                  i == 0 || !PIIScanner.isWord(b[i - 1]) else { i += 1; continue }
            var chars: [UInt8] = []
            var j = i
            var end = i
            while j < b.count, chars.count < 34 {
                let c = b[j]
                if PIIScanner.isAlnum(c) { chars.append(c >= 0x61 ? c - 0x20 : c); j += 1; end = j; continue }
                if c == 0x20, j + 1 < b.count, PIIScanner.isAlnum(b[j + 1]), chars.count % 4 == 0 { j += 1; continue }
                break
            }
            // Try the longest prefix that validates (a word may follow the last group).
            var found = false
            var k = chars.count
            let cued = PIIScanner.containsAny(b, from: max(0, i - 12), to: i, [Array("iban".utf8)])
            while k >= 15 {
                if Validators.iban(Array(chars[0..<k]), anyLength: cued) {
                    // Map k characters back to a byte end.
                    var count = 0, e = i
                    while e < end, count < k { if PIIScanner.isAlnum(b[e]) { count += 1 }; e += 1 }
                    if e >= b.count || !PIIScanner.isWord(b[e]) {
                        spans.append(PIISpan(start: i, end: e, type: .iban))
                        i = e
                        found = true
                    }
                    break
                }
                k -= 1
            }
            if !found { i += 1 }
        }
    }

    /// `123-45-6789` or `123 45 6789` (one delimiter throughout), valid area/group/serial.
    func ssns(_ b: UTF8Bytes, into spans: inout [PIISpan]) {
        var i = 0
        while i + 11 <= b.count {
            i = PIIScanner.nextDigit(b, from: i)
            guard i + 11 <= b.count else { break }
            let d = PIIScanner.isDigit
            guard d(b[i]), d(b[i + 1]), d(b[i + 2]), b[i + 3] == 0x2D || b[i + 3] == 0x20, d(b[i + 4]), d(b[i + 5]), b[i + 6] == b[i + 3],
                  d(b[i + 7]), d(b[i + 8]), d(b[i + 9]), d(b[i + 10]) else { i += 1; continue }
            let before = i == 0 || !(PIIScanner.isWord(b[i - 1]) || b[i - 1] == 0x2D)
            let after = i + 11 == b.count || !(PIIScanner.isWord(b[i + 11]) || b[i + 11] == 0x2D)
            let digits = [b[i], b[i + 1], b[i + 2], b[i + 4], b[i + 5], b[i + 7], b[i + 8], b[i + 9], b[i + 10]].map { $0 - 0x30 }
            let area = Int(digits[0]) * 100 + Int(digits[1]) * 10 + Int(digits[2])
            let group = Int(digits[3]) * 10 + Int(digits[4])
            let serial = digits[5...].reduce(0) { $0 * 10 + Int($1) }
            if before && after && Validators.ssn(area: area, group: group, serial: serial, digits: digits) {
                spans.append(PIISpan(start: i, end: i + 11, type: .usSSN))
                i += 11
            } else {
                i += 1
            }
        }
    }

    // MARK: - IP addresses

    func ipv4(_ b: UTF8Bytes, into spans: inout [PIISpan]) {
        var i = 0
        while i < b.count {
            i = PIIScanner.nextDigit(b, from: i)
            guard i < b.count else { break }
            guard i == 0 || !(PIIScanner.isWord(b[i - 1]) || b[i - 1] == 0x2E) else { i += 1; continue }
            var octets = SIMD4<Int>()   // on the stack: this runs for every number in every text
            var count = 0
            var j = i
            var ok = true
            while count < 4 {
                let s = j
                var v = 0
                while j < b.count, PIIScanner.isDigit(b[j]), j - s < 3 { v = v * 10 + Int(b[j] - 0x30); j += 1 }
                if j == s || v > 255 || (j - s > 1 && b[s] == 0x30) { ok = false; break }
                octets[count] = v
                count += 1
                if count < 4 {
                    guard j < b.count, b[j] == 0x2E else { ok = false; break }
                    j += 1
                }
            }
            // Not part of a longer dotted number (a version like 1.2.3.4.5) or a word.
            if ok, j < b.count, PIIScanner.isWord(b[j]) || (b[j] == 0x2E && j + 1 < b.count && PIIScanner.isDigit(b[j + 1])) { ok = false }
            if ok && Validators.isPersonalIPv4([octets[0], octets[1], octets[2], octets[3]]) && !PIIScanner.versionContext(b, before: i) {
                spans.append(PIISpan(start: i, end: j, type: .ipAddress))
                i = j
            } else {
                i += 1
                while i < b.count, PIIScanner.isDigit(b[i]) || b[i] == 0x2E { i += 1 }
            }
        }
    }

    /// "version 1.2.3.4", "v1.2.3.4", "firmware 3.1.4.2", "update to 6.2.17.106": dotted numbers that are versions.
    static func versionContext(_ b: UTF8Bytes, before i: Int) -> Bool {
        var start = max(0, i - 24)
        while start > 0 && b[start] & 0xC0 == 0x80 { start -= 1 }
        // Folded on bytes (ASCII capitals only: every version word's capitals are ASCII), searched on bytes.
        let context = b[start..<i].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        if context.last == UInt8(ascii: "v") { return true }
        return versionWordBytes.contains { word in
            word.count <= context.count && (0...(context.count - word.count)).contains { k in context[k..<(k + word.count)].elementsEqual(word) }
        }
    }

    private static let versionWordBytes = versionWords.map { Array($0.utf8) }

    static let versionWords = ["version", "firmware", "build", "update", "upgrade", "release", "patch", "install", "running", "app ", "i'm on",
                               "i am on", "still on", "using", "downgrade",
                               "ios", "android", "macos", "windows", "driver", "bios", "sdk", "api ", "versión", "versione", "versão",
                               "versie", "aktualisier", "mise à jour", "actualiza", "aggiorna", "atualiza", "bijwerk"]

    /// Full and compressed IPv6 (`2001:db8::8a2e:370:7334`, `fe80::1`); at least two colons,
    /// at most one `::`, groups of 1–4 hex digits; times such as 10:30:45 have no `::` and too few groups.
    func ipv6(_ b: UTF8Bytes, into spans: inout [PIISpan]) {
        var i = 0
        while i < b.count {
            guard PIIScanner.isHex(b[i]) || (b[i] == 0x3A && i + 1 < b.count && b[i + 1] == 0x3A),
                  i == 0 || !(PIIScanner.isWord(b[i - 1]) || b[i - 1] == 0x3A) else { i += 1; continue }
            var j = i
            while j < b.count, PIIScanner.isHex(b[j]) || b[j] == 0x3A { j += 1 }
            if j < b.count, PIIScanner.isWord(b[j]) { i = j; continue }
            var end = j
            while end > i, b[end - 1] == 0x3A, !(end - 2 >= i && b[end - 2] == 0x3A) { end -= 1 }
            var colons = 0
            for k in i..<end where b[k] == 0x3A { colons += 1 }
            guard colons >= 2 else { i = max(j, i + 1); continue }
            // A hex letter or a "::" first (checked on bytes): times such as 10:30:45 have neither.
            let hasLetter = b[i..<end].contains { $0 > 0x3A }
            let hasDouble = (i..<(end - 1)).contains { b[$0] == 0x3A && b[$0 + 1] == 0x3A }
            if (hasLetter || hasDouble) && PIIScanner.isIPv6(String(decoding: b[i..<end], as: UTF8.self)) {
                spans.append(PIISpan(start: i, end: end, type: .ipAddress))
            }
            i = max(j, i + 1)
        }
    }

    static func isIPv6(_ s: String) -> Bool {
        let doubles = s.components(separatedBy: "::")
        guard doubles.count <= 2, s.filter({ $0 == ":" }).count >= 2 else { return false }
        let groups = s.split(separator: ":", omittingEmptySubsequences: true)
        guard groups.allSatisfy({ (1...4).contains($0.count) && $0.allSatisfy(\.isHexDigit) }) else { return false }
        return doubles.count == 2 ? groups.count <= 7 : groups.count == 8
    }
}

import Foundation
