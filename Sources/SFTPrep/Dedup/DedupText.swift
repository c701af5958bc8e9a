import Foundation

/// The two normalisations dedup compares texts by.
enum DedupText {
    /// Decodes the scalar at `i` of valid UTF-8 and advances `i` (ASCII costs one comparison).
    @inline(__always)
    static func nextScalar(_ p: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> UInt32 {
        let n = p.count
        let b0 = UInt32(p[i])
        if b0 < 0x80 { i += 1; return b0 }
        if b0 < 0xE0, i + 1 < n {
            defer { i += 2 }
            return (b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F)
        }
        if b0 < 0xF0, i + 2 < n {
            defer { i += 3 }
            return (b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F)
        }
        if i + 3 < n {
            defer { i += 4 }
            return (b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F)
        }
        i += 1
        return 0xFFFD
    }

    /// What an ASCII byte does in an exact key: itself lower-cased (letters, digits), a space run (1), nothing (0).
    nonisolated(unsafe) private static let exactKeyTable = table { b in
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return b | 0x20
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return b
        case 0x20, 0x0A, 0x09, 0x0D: return 1
        default: return 0
        }
    }

    /// What an ASCII byte contributes to a near-duplicate token: itself lower-cased (letters, digits), 0 to end the token.
    nonisolated(unsafe) private static let tokenTable = table { b in
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return b | 0x20
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return b
        default: return 0
        }
    }

    /// As `tokenTable`, with `0` for every digit (`--ignore-digits`).
    nonisolated(unsafe) private static let digitFoldingTokenTable = table { b in
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt8(ascii: "0")
        default: return tokenTable[Int(b)]
        }
    }

    /// A table of the 128 ASCII bytes, made once and kept for the process (read through a pointer
    /// in the loops, with no check per byte); never written after it is made, so threads share it.
    private static func table(_ entry: (UInt8) -> UInt8) -> UnsafePointer<UInt8> {
        let t = UnsafeMutablePointer<UInt8>.allocate(capacity: 128)
        for b in 0..<128 { t[b] = entry(UInt8(b)) }
        return UnsafePointer(t)
    }

    /// Room ``exactKey(_:to:)`` may need for a text of `bytes` UTF-8 bytes: lower-casing never grows
    /// a character's UTF-8 more than threefold, and a space is written only for whitespace read.
    static func exactKeyCapacity(_ bytes: Int) -> Int { 3 * bytes }

    /// Exact-copy key text: lower-cased, punctuation and symbols removed,
    /// whitespace runs collapsed to one space, so cosmetic copies (case,
    /// spacing, punctuation) hash alike. Written at `key`, which has room for
    /// ``exactKeyCapacity(_:)`` bytes; returns how many were written.
    static func exactKey(_ s: String, to key: UnsafeMutablePointer<UInt8>) -> Int {
        var s = s
        return s.withUTF8 { p in
            let actions = ScalarActions.current
            var w = KeyWriter(key: key, table: exactKeyTable)
            forEachUnit(p) { w.ascii($0) } scalar: { w.scalar($0, actions) }
            return w.n
        }
    }

    /// ``exactKey(_:to:)`` and ``tokenHashes(_:to:)`` of `s` in one pass over its bytes (dedup needs both
    /// of most messages); returns how many of each were written.
    static func keyAndTokens(_ s: String, key: UnsafeMutablePointer<UInt8>, tokens: UnsafeMutablePointer<UInt64>,
                             foldDigits: Bool = false) -> (key: Int, tokens: Int) {
        var s = s
        return s.withUTF8 { p in
            let actions = ScalarActions.current
            var k = KeyWriter(key: key, table: exactKeyTable)
            var t = TokenWriter(found: tokens, foldDigits: foldDigits)
            forEachUnit(p) { b in
                k.ascii(b)
                t.ascii(b)
            } scalar: { v in
                k.scalar(v, actions)
                t.scalar(v, actions)
            }
            t.flush()
            return (k.n, t.count)
        }
    }

    /// Calls `ascii` with each ASCII byte of valid UTF-8 and `scalar` with each other scalar, in order.
    @inline(__always)
    private static func forEachUnit(_ p: UnsafeBufferPointer<UInt8>, _ ascii: (UInt8) -> Void, scalar: (UInt32) -> Void) {
        var i = 0
        while i < p.count {
            let b = p[i]
            if b < 0x80 {
                ascii(b)
                i += 1
            } else {
                scalar(nextScalar(p, &i))
            }
        }
    }

    /// An exact key being written. A struct, not variables captured by local functions: those were
    /// boxed on the heap, three allocations per message.
    private struct KeyWriter {
        let key: UnsafeMutablePointer<UInt8>
        let table: UnsafePointer<UInt8>
        var n = 0
        var pendingSpace = false

        @inline(__always) mutating func space() { if n > 0 { pendingSpace = true } }

        @inline(__always) mutating func add(_ b: UInt8) {
            if pendingSpace { key[n] = 0x20; n += 1; pendingSpace = false }
            key[n] = b
            n += 1
        }

        @inline(__always) mutating func ascii(_ b: UInt8) {
            let action = table[Int(b)]
            if action >= 0x30 { add(action) } else if action == 1 { space() }
        }

        @inline(__always) mutating func scalar(_ v: UInt32, _ actions: ScalarActions) {
            let e = actions.key(v)
            switch e & 0xFF {
            case ScalarActions.Key.space.rawValue: space()
            case ScalarActions.Key.drop.rawValue: break
            case ScalarActions.Key.add.rawValue: ScalarActions.forEachByte(e) { add($0) }
            default: steps(v)  // not in the table: the rule itself
            }
        }

        @inline(never) mutating func steps(_ v: UInt32) { ScalarActions.keySteps(v, { space() }, { add($0) }) }
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

    /// Near-duplicate tokens: lower case, punctuation as space, accents dropped (NFD, then
    /// combining marks removed: ``AccentFolding``), digits kept: "3 times 4" and "3 times 5" are
    /// different examples. With `foldDigits` every digit reads as `0`, as datatrove normalises web
    /// text before shingling. Each token is returned as its hash.
    static func tokenHashes(_ s: String, foldDigits: Bool = false) -> [UInt64] {
        [UInt64](unsafeUninitializedCapacity: tokenCapacity(s.utf8.count)) { out, count in
            count = tokenHashes(s, to: out.baseAddress!, foldDigits: foldDigits)
        }
    }

    /// Room ``tokenHashes(_:to:)`` may need for a text of `bytes` UTF-8 bytes: a scalar of k bytes
    /// ends at most k tokens (spaceless scripts: the one before it and itself), so 2 per byte is ample.
    static func tokenCapacity(_ bytes: Int) -> Int { 2 * bytes + 2 }

    /// As ``tokenHashes(_:)``, written at `found`, which has room for ``tokenCapacity(_:)`` hashes;
    /// returns how many were written. Tokens are hashed as they are read (FNV-1a over their
    /// normalised bytes, then mixed), never buffered.
    static func tokenHashes(_ s: String, to found: UnsafeMutablePointer<UInt64>, foldDigits: Bool = false) -> Int {
        var t = s
        return t.withUTF8 { p in
            let actions = ScalarActions.current
            var w = TokenWriter(found: found, foldDigits: foldDigits)
            forEachUnit(p) { w.ascii($0) } scalar: { w.scalar($0, actions) }
            w.flush()
            return w.count
        }
    }

    /// Token hashes being written (see ``KeyWriter`` for why a struct).
    private struct TokenWriter {
        let found: UnsafeMutablePointer<UInt64>
        let table: UnsafePointer<UInt8>
        let foldDigits: Bool
        var count = 0
        var h = TokenWriter.offset
        var inToken = false
        static let offset: UInt64 = 0xCBF2_9CE4_8422_2325
        static let prime: UInt64 = 0x0000_0100_0000_01B3

        init(found: UnsafeMutablePointer<UInt64>, foldDigits: Bool) {
            self.found = found
            self.foldDigits = foldDigits
            table = foldDigits ? DedupText.digitFoldingTokenTable : DedupText.tokenTable
        }

        @inline(__always) mutating func add(_ b: UInt8) {
            h = (h ^ UInt64(b)) &* TokenWriter.prime
            inToken = true
        }

        @inline(__always) mutating func flush() {
            if inToken { found[count] = StableHash.mix(h); count += 1 }
            h = TokenWriter.offset
            inToken = false
        }

        @inline(__always) mutating func ascii(_ b: UInt8) {
            let m = table[Int(b)]
            if m != 0 { add(m) } else { flush() }
        }

        @inline(__always) mutating func scalar(_ v: UInt32, _ actions: ScalarActions) {
            let e = actions.token(v, foldDigits: foldDigits)
            switch e & 0xFF {
            case ScalarActions.Token.flush.rawValue: flush()
            case ScalarActions.Token.add.rawValue: ScalarActions.forEachByte(e) { add($0) }
            case ScalarActions.Token.alone.rawValue:
                flush()
                ScalarActions.forEachByte(e) { add($0) }
                flush()
            default: steps(v)  // not in the table: the rule itself
            }
        }

        @inline(never) mutating func steps(_ v: UInt32) { ScalarActions.tokenSteps(v, foldDigits: foldDigits, { flush() }, { add($0) }) }
    }

    /// Hashes of the word n-grams (shingles) of a token sequence; a text shorter than `n` tokens is one shingle.
    static func shingles(_ tokens: [UInt64], n: Int) -> [UInt64] {
        var out: [UInt64] = []
        tokens.withUnsafeBufferPointer { t in forEachShingle(t, n: n) { out.append($0) } }
        return out
    }

    /// Calls `body` with each shingle hash in order: the n tokens' hashes as a polynomial
    /// (rolled from one n-gram to the next: three multiplications, not n), then mixed.
    @inline(__always)
    static func forEachShingle(_ t: UnsafeBufferPointer<UInt64>, n: Int, _ body: (UInt64) -> Void) {
        guard !t.isEmpty else { return }
        let width = min(max(1, n), t.count)
        let base: UInt64 = 0x9E37_79B9_7F4A_7C15
        var top: UInt64 = 1  // base^(width - 1)
        for _ in 1..<width { top = top &* base }
        var p: UInt64 = 0
        for k in 0..<width { p = p &* base &+ t[k] }
        body(StableHash.mix(p ^ 0x2545_F491_4F6C_DD1D))
        var start = 1
        while start + width <= t.count {
            p = (p &- t[start - 1] &* top) &* base &+ t[start + width - 1]
            body(StableHash.mix(p ^ 0x2545_F491_4F6C_DD1D))
            start += 1
        }
    }
}
