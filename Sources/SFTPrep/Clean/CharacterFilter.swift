/// One pass over a message's scalars for the per-character repairs: line
/// endings, control characters, invisible characters and odd spaces.
enum CharacterFilter {
    /// Zero-width and bidirectional formatting characters that carry no text.
    /// U+200C/U+200D (ZWNJ/ZWJ) are deliberately absent: emoji sequences and
    /// Indic and Persian scripts need them.
    static func isInvisible(_ v: UInt32) -> Bool {
        switch v {
        case 0x200B, 0x2060, 0xFEFF, 0x200E, 0x200F, 0x061C, 0x00AD, 0x180E,
             0x202A...0x202E, 0x2066...0x2069:
            return true
        default:
            return false
        }
    }

    /// Spaces that should be a plain space in training text (U+3000, the
    /// ideographic space of CJK typography, is kept).
    static func isOddSpace(_ v: UInt32) -> Bool {
        switch v {
        case 0x00A0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F: return true
        default: return false
        }
    }

    /// C0 controls except tab and newline (carriage returns are line endings), DEL, and C1 controls.
    static func isControl(_ v: UInt32) -> Bool {
        (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || (0x7F...0x9F).contains(v)
    }

    /// Applies the enabled per-character repairs; reports which of them changed something.
    static func apply(_ s: String, lineEndings: Bool, control: Bool, invisible: Bool, spaces: Bool)
        -> (String, changed: [TextRepair])
    {
        var out = String.UnicodeScalarView()
        var changedLineEndings = false, changedControl = false, changedInvisible = false, changedSpaces = false
        let scalars = Array(s.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            let v = c.value
            i += 1
            if lineEndings {
                if v == 0x0D {
                    if i < scalars.count, scalars[i].value == 0x0A { i += 1 }
                    out.append("\n")
                    changedLineEndings = true
                    continue
                }
                if v == 0x2028 || v == 0x2029 {
                    out.append("\n")
                    changedLineEndings = true
                    continue
                }
            }
            if control, isControl(v) { changedControl = true; continue }
            if invisible, isInvisible(v) { changedInvisible = true; continue }
            if spaces, isOddSpace(v) { out.append(" "); changedSpaces = true; continue }
            out.append(c)
        }
        var changed: [TextRepair] = []
        if changedLineEndings { changed.append(.lineEndings) }
        if changedControl { changed.append(.control) }
        if changedInvisible { changed.append(.invisible) }
        if changedSpaces { changed.append(.spaces) }
        return changed.isEmpty ? (s, []) : (String(out), changed)
    }
}
