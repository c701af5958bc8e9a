import Foundation

/// Applies the enabled ``TextRepair``s to one message's text, in a fixed order
/// (line endings, HTML, mojibake, NFC, characters, blank lines, trim), and
/// says which of them changed it.
public struct TextCleaner: Sendable {
    public var enabled: Set<TextRepair>

    public init(enabled: Set<TextRepair> = Set(TextRepair.allCases)) { self.enabled = enabled }

    public func clean(_ text: String) -> (text: String, changed: [TextRepair]) {
        var s = text
        var changed: [TextRepair] = []
        let scan = ByteProfile(s)
        // Line endings first, so every later step sees "\n" only.
        if enabled.contains(.lineEndings), scan.needsCharacterPass {
            let (t, c) = CharacterFilter.apply(s, lineEndings: true, control: false, invisible: false, spaces: false)
            s = t
            changed += c
        }
        if enabled.contains(.html), scan.hasAngle, HTMLText.looksLikeHTML(s) {
            let t = HTMLText.toText(s)
            if t != s { s = t; changed.append(.html) }
        }
        // Mojibake before control characters: Windows-1252's unused bytes decode as C1 controls.
        if scan.hasNonASCII {
            if enabled.contains(.mojibake), let t = MojibakeRepair.repair(s) { s = t; changed.append(.mojibake) }
            if enabled.contains(.nfc) {
                let t = s.precomposedStringWithCanonicalMapping
                if !t.utf8.elementsEqual(s.utf8) { s = t; changed.append(.nfc) }
            }
        }
        if scan.needsCharacterPass || changed.contains(.html) {
            let (t, c) = CharacterFilter.apply(s, lineEndings: false, control: enabled.contains(.control),
                                               invisible: enabled.contains(.invisible), spaces: enabled.contains(.spaces))
            s = t
            changed += c
        }
        if enabled.contains(.blankLines), let t = BlankLineCollapser.collapse(s) { s = t; changed.append(.blankLines) }
        if enabled.contains(.trim) {
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
            if t.utf8.count != s.utf8.count { s = t; changed.append(.trim) }
        }
        return (s, changed)
    }
}

/// What one byte scan of a text found, so clean ASCII text skips the expensive repairs.
struct ByteProfile {
    var hasNonASCII = false
    var hasAngle = false
    var hasControlOrCR = false

    init(_ s: String) {
        var copy = s
        copy.withUTF8 { p in
            for b in p {
                if b >= 0x80 { hasNonASCII = true } else if b == UInt8(ascii: "<") { hasAngle = true } else if b < 0x20 && b != 0x0A && b != 0x09 || b == 0x7F { hasControlOrCR = true }
            }
        }
    }

    /// Non-ASCII text may hold odd spaces or invisibles; control bytes and CR need the pass too.
    var needsCharacterPass: Bool { hasNonASCII || hasControlOrCR }
}
