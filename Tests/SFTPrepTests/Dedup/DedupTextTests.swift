import Testing
@testable import SFTPrep

/// The byte-table fast paths of dedup's normalisers against the plain scalar-by-scalar definitions.
@Suite struct DedupTextTests {
    static func keyBytes(_ s: String) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: DedupText.exactKeyCapacity(s.utf8.count)) { out, count in
            count = DedupText.exactKey(s, to: out.baseAddress!)
        }
    }

    static func key(_ s: String) -> String { String(decoding: keyBytes(s), as: UTF8.self) }

    @Test func exactKeysIgnoreCaseSpacingAndPunctuation() {
        #expect(DedupTextTests.key("  Hello,  World!\n\t42 ") == "hello world 42")
        #expect(DedupTextTests.key("Don't STOP — Ünïcode ΣΑΣ") == "dont stop ünïcode σασ")
        #expect(DedupTextTests.key("") == "")
        #expect(DedupTextTests.key("?!") == "")
    }

    @Test func tokensFoldCaseAndAccentsAndKeepDigitsUnlessAsked() {
        #expect(DedupText.tokenHashes("Héllo, WORLD 42!") == DedupText.tokenHashes("hello world 42"))
        #expect(DedupText.tokenHashes("Héllo, WORLD 42!") != DedupText.tokenHashes("hello world 00"))
        #expect(DedupText.tokenHashes("Héllo, WORLD 42!", foldDigits: true) == DedupText.tokenHashes("hello world 00", foldDigits: true))
        // Digits of other scripts: themselves, or 0 when folded.
        #expect(DedupText.tokenHashes("٣ apples") != DedupText.tokenHashes("٤ apples"))
        #expect(DedupText.tokenHashes("٣ apples", foldDigits: true) == DedupText.tokenHashes("0 apples", foldDigits: true))
        #expect(DedupText.tokenHashes("猫が好き").count == 4)
        #expect(DedupText.tokenHashes("a-b c").count == 3)
        #expect(DedupText.tokenHashes("").isEmpty)
    }

    /// The definitions the fast paths must reproduce: one scalar at a time, through Unicode properties.
    static func referenceKey(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        var pendingSpace = false
        for scalar in s.unicodeScalars {
            let p = scalar.properties
            if scalar.isASCII {  // ASCII: letters and digits, and four spaces (not VT or FF)
                let b = UInt8(scalar.value)
                if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D {
                    if !out.isEmpty { pendingSpace = true }
                } else if p.isAlphabetic || p.numericType != nil {
                    if pendingSpace { out.append(0x20); pendingSpace = false }
                    out.append(b | (p.isAlphabetic ? 0x20 : 0))
                }
            } else if p.isWhitespace {
                if !out.isEmpty { pendingSpace = true }
            } else if p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark {
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out += Array(p.lowercaseMapping.utf8)
            }
        }
        return out
    }

    static func referenceTokens(_ s: String, foldDigits: Bool = false) -> [UInt64] {
        var hashes: [UInt64] = []
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        var inToken = false
        func add(_ b: UInt8) { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3; inToken = true }
        func flush() {
            if inToken { hashes.append(StableHash.mix(h)) }
            h = 0xCBF2_9CE4_8422_2325
            inToken = false
        }
        for scalar in s.unicodeScalars {
            let v = scalar.value
            let p = scalar.properties
            if v < 0x80 {
                if p.isAlphabetic { add(UInt8(v) | 0x20) } else if p.numericType != nil { add(foldDigits ? UInt8(ascii: "0") : UInt8(v)) } else { flush() }
            } else if let folded = AccentFolding.fold(v) {
                for f in folded {
                    if let base = Unicode.Scalar(f), base.properties.isAlphabetic { for b in base.properties.lowercaseMapping.utf8 { add(b) } } else { flush() }
                }
            } else if p.generalCategory == .nonspacingMark || p.generalCategory == .enclosingMark {
                continue
            } else if DedupText.isSpacelessScript(v) {
                flush()
                for b in String(scalar).utf8 { add(b) }
                flush()
            } else if p.numericType != nil {
                if foldDigits { add(UInt8(ascii: "0")) } else { for b in String(scalar).utf8 { add(b) } }
            } else if p.isAlphabetic {
                for b in p.lowercaseMapping.utf8 { add(b) }
            } else {
                flush()
            }
        }
        flush()
        return hashes
    }

    /// Rolled shingle hashes equal the polynomial computed afresh for every n-gram.
    @Test func shinglesAreRolledPolynomials() {
        var rng = SplitMix(seed: 4)
        for length in [0, 1, 3, 5, 6, 40] {
            let tokens = (0..<length).map { _ in rng.next() }
            for n in [1, 2, 5] {
                let width = min(n, tokens.count)
                let expected: [UInt64] = tokens.isEmpty ? [] : (0...(tokens.count - width)).map { s in
                    var p: UInt64 = 0
                    for k in 0..<width { p = p &* 0x9E37_79B9_7F4A_7C15 &+ tokens[s + k] }
                    return StableHash.mix(p ^ 0x2545_F491_4F6C_DD1D)
                }
                #expect(DedupText.shingles(tokens, n: n) == expected, "length \(length), n \(n)")
            }
        }
        // Order matters inside an n-gram; the same words in another order are another shingle.
        #expect(DedupText.shingles([1, 2, 3], n: 3) != DedupText.shingles([3, 2, 1], n: 3))
    }

    @Test func fastPathsEqualTheDefinitionsOnRandomText() {
        var rng = SplitMix(seed: 11)
        let ranges: [ClosedRange<UInt32>] = [0x00...0x7F, 0x20...0x7E, 0x20...0x7E, 0x09...0x0D, 0xA0...0x24F, 0x300...0x36F, 0x370...0x3FF, 0x400...0x4FF,
                                              0x590...0x6FF, 0x900...0x97F, 0xE00...0xE7F, 0x1E00...0x1EFF, 0x2000...0x206F, 0x3000...0x30FF,
                                              0x4E00...0x4FFF, 0xAC00...0xAFFF, 0xFF00...0xFFEF, 0x1D400...0x1D7FF, 0x1F300...0x1FAFF]
        for round in 0..<4_000 {
            let text = rng.text(length: Int(rng.next() % (round % 200 == 0 ? 3_000 : 80)), from: ranges)
            #expect(DedupTextTests.keyBytes(text) == DedupTextTests.referenceKey(text), "\(text.debugDescription)")
            #expect(DedupText.tokenHashes(text) == DedupTextTests.referenceTokens(text), "\(text.debugDescription)")
            #expect(DedupText.tokenHashes(text, foldDigits: true) == DedupTextTests.referenceTokens(text, foldDigits: true), "\(text.debugDescription)")
            // Both in one pass, as dedup's fingerprint takes them.
            let bytes = text.utf8.count
            var key = [UInt8](repeating: 0, count: DedupText.exactKeyCapacity(bytes))
            var tokens = [UInt64](repeating: 0, count: DedupText.tokenCapacity(bytes))
            let (kn, tn) = DedupText.keyAndTokens(text, key: &key, tokens: &tokens)
            #expect(Array(key.prefix(kn)) == DedupTextTests.referenceKey(text), "\(text.debugDescription)")
            #expect(Array(tokens.prefix(tn)) == DedupTextTests.referenceTokens(text), "\(text.debugDescription)")
        }
    }
}
