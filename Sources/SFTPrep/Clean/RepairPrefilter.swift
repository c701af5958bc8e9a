/// Byte-level tests that say, in one pass over UTF-8, which repairs could
/// change a text at all. Exact, not heuristic: when a test says no, the
/// repair would have left the text unchanged, so skipping it is safe.
struct RepairPrefilter {
    /// A character the per-character pass changes: CR, C0/C1 controls, DEL,
    /// invisible formatting characters, odd spaces, U+2028/U+2029.
    var characterPass = false
    /// A `<` (HTML needs a tag).
    var angle = false
    /// `Ã`…`ô` in UTF-8 (C3 82–C3 B4): what mojibake lead characters look like.
    var mojibakeLead = false
    var nonASCII = false
    /// A whitespace-only line that is not empty, or two blank lines in a row.
    var blankLines = false
    /// Whitespace at the start or the end.
    var edges = false

    /// Every flag set: the reference behaviour the prefilter must match (used by tests).
    static let everything: RepairPrefilter = {
        var p = RepairPrefilter("")
        p.characterPass = true; p.angle = true; p.mojibakeLead = true; p.nonASCII = true; p.blankLines = true; p.edges = true
        return p
    }()

    init(_ s: String) {
        var copy = s
        copy.withUTF8 { p in scan(p) }
    }

    private mutating func scan(_ p: UnsafeBufferPointer<UInt8>) {
        let n = p.count
        guard n > 0 else { return }
        edges = RepairPrefilter.isSpace(p[0]) || RepairPrefilter.isSpace(p[n - 1])
        var i = 0
        // Mirrors BlankLineCollapser line by line (first and last lines included).
        var lineHasOnlySpace = true
        var lineLength = 0
        var blankRun = 0
        var sawNewline = false
        func endLine() {
            if lineHasOnlySpace {
                if lineLength > 0 { blankLines = true }
                blankRun += 1
                if blankRun >= 2 { blankLines = true }
            } else {
                blankRun = 0
            }
            lineHasOnlySpace = true
            lineLength = 0
        }
        defer {
            endLine()
            if !sawNewline { blankLines = false }
        }
        let plain = RepairPrefilter.plain
        let quiet = RepairPrefilter.quiet
        var seen: UInt8 = 0  // every quiet byte OR-ed together: its top bit says whether one was non-ASCII
        defer { if seen >= 0x80 { nonASCII = true } }
        while i < n {
            let b = p[i]
            if !lineHasOnlySpace {
                // The common case, inside a line with text: runs of bytes that can flag nothing.
                if quiet[Int(b)] {
                    seen |= b
                    i += 1
                    while i < n && quiet[Int(p[i])] {
                        let ascii = p[i] < 0x80
                        seen |= p[i]
                        i += 1
                        // In ASCII text, eight bytes at a time while they are all printable and not `<`.
                        if ascii { while i + 8 <= n && ByteScan.isPrintableASCIIWithoutAngle(ByteScan.word(p.baseAddress!, i)) { i += 8 } }
                    }
                    continue
                }
            } else if plain[Int(b)] {
                lineHasOnlySpace = false
                i += 1
                continue
            }
            if b == 0x0A {
                endLine()
                sawNewline = true
                i += 1
                continue
            }
            if b == 0x20 || b == 0x09 { lineLength += 1 } else { lineHasOnlySpace = false }
            if b < 0x80 {
                if b < 0x20 && b != 0x09 { characterPass = true }    // CR and C0 controls
                else if b == 0x7F { characterPass = true }
                else if b == UInt8(ascii: "<") { angle = true }
                i += 1
                continue
            }
            nonASCII = true
            let b1: UInt8 = i + 1 < n ? p[i + 1] : 0
            let b2: UInt8 = i + 2 < n ? p[i + 2] : 0
            switch b {
            case 0xC2:
                // U+0080–U+009F (C1), U+00A0 (NBSP), U+00AD (soft hyphen)
                if b1 <= 0xA0 || b1 == 0xAD { characterPass = true }
            case 0xC3:
                if b1 >= 0x82 && b1 <= 0xB4 { mojibakeLead = true }
            case 0xD8:
                if b1 == 0x9C { characterPass = true }                 // U+061C
            case 0xE1:
                if (b1 == 0x9A && b2 == 0x80) || (b1 == 0xA0 && b2 == 0x8E) { characterPass = true }  // U+1680, U+180E
            case 0xE2:
                if b1 == 0x80 && (b2 <= 0x8F || (b2 >= 0xA8 && b2 <= 0xAF)) { characterPass = true }  // U+2000–200F, U+2028–202F
                if b1 == 0x81 && (b2 == 0x9F || b2 == 0xA0 || (b2 >= 0xA6 && b2 <= 0xA9)) { characterPass = true }  // U+205F, 2060, 2066–2069
            case 0xEF:
                if b1 == 0xBB && b2 == 0xBF { characterPass = true }   // U+FEFF
            default:
                break
            }
            i += 1
        }
    }

    /// Printable ASCII other than `<`: bytes no repair looks at.
    private static let plain: [Bool] = (0..<256).map { $0 > 0x20 && $0 < 0x7F && $0 != Int(UInt8(ascii: "<")) }

    /// Bytes that flag nothing once their line has text: printable ASCII but `<`, space and tab,
    /// continuation bytes, and lead bytes of characters none of the tests above looks at.
    private static let quiet: [Bool] = (0..<256).map { b in
        switch b {
        case 0x09, 0x20...0x7E: return b != Int(UInt8(ascii: "<"))
        case 0xC2, 0xC3, 0xD8, 0xE1, 0xE2, 0xEF: return false
        case 0x80...0xFF: return true
        default: return false
        }
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0B || b == 0x0C }

    /// The text without leading and trailing whitespace (ASCII whitespace: odd
    /// Unicode spaces have become plain spaces by then).
    static func trimmed(_ s: String) -> String {
        let u = s.utf8
        guard let first = u.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = u.lastIndex(where: { !isSpace($0) })!
        return String(s[first...last])
    }
}
