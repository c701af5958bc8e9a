import Foundation

/// The two normalisations dedup compares texts by.
enum DedupText {
    /// Exact-copy key text: lower-cased, punctuation and symbols removed,
    /// whitespace runs collapsed to one space, so cosmetic copies (case,
    /// spacing, punctuation) hash alike.
    static func exactKey(_ s: String, into out: inout [UInt8]) {
        var pendingSpace = false
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                let b = UInt8(v)
                if b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") {
                    if pendingSpace { out.append(0x20); pendingSpace = false }
                    out.append(b | 0x20)
                } else if (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) {
                    if pendingSpace { out.append(0x20); pendingSpace = false }
                    out.append(b)
                } else if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D {
                    if !out.isEmpty { pendingSpace = true }
                }
                continue
            }
            let p = scalar.properties
            if p.isWhitespace {
                if !out.isEmpty { pendingSpace = true }
            } else if p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark {
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out.append(contentsOf: p.lowercaseMapping.utf8)
            }
        }
    }

    /// Whether a scalar is written without spaces between words (Han, Hiragana, Katakana, Thai):
    /// each such character is its own token, so n-grams of them are character n-grams.
    @inline(__always) static func isSpacelessScript(_ v: UInt32) -> Bool {
        switch v {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F, 0x0E00...0x0E7F, 0x31F0...0x31FF:
            return true
        default:
            return false
        }
    }

    /// Near-duplicate tokens, normalised as datatrove does before shingling:
    /// lower case, every digit as `0`, punctuation as space, accents dropped
    /// (NFD, then combining marks removed). Each token is returned as its XXH64 hash.
    static func tokenHashes(_ s: String) -> [UInt64] {
        var hashes: [UInt64] = []
        var token: [UInt8] = []
        token.reserveCapacity(32)
        func flush() {
            if !token.isEmpty {
                hashes.append(XXHash64.hash(token))
                token.removeAll(keepingCapacity: true)
            }
        }
        var isASCII = true
        for b in s.utf8 where b >= 0x80 { isASCII = false; break }
        let text = isASCII ? s : s.decomposedStringWithCanonicalMapping
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                let b = UInt8(v)
                if b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") { token.append(b | 0x20) }
                else if b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") { token.append(b) }
                else if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") { token.append(UInt8(ascii: "0")) }
                else { flush() }
                continue
            }
            let p = scalar.properties
            if p.generalCategory == .nonspacingMark || p.generalCategory == .enclosingMark { continue }
            if isSpacelessScript(v) {
                flush()
                token.append(contentsOf: String(scalar).utf8)
                flush()
            } else if p.numericType != nil {
                token.append(UInt8(ascii: "0"))
            } else if p.isAlphabetic {
                token.append(contentsOf: p.lowercaseMapping.utf8)
            } else {
                flush()
            }
        }
        flush()
        return hashes
    }

    /// Hashes of the word n-grams (shingles) of a token sequence; a text shorter than `n` tokens is one shingle.
    static func shingles(_ tokens: [UInt64], n: Int) -> [UInt64] {
        guard !tokens.isEmpty else { return [] }
        let width = min(n, tokens.count)
        var out: [UInt64] = []
        out.reserveCapacity(tokens.count - width + 1)
        for start in 0...(tokens.count - width) {
            var h: UInt64 = 0x2545_F491_4F6C_DD1D
            for k in 0..<width { h = StableHash.mix(h ^ tokens[start + k]) }
            out.append(h)
        }
        return out
    }
}
