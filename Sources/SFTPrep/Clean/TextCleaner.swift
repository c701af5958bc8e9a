import Foundation

/// Applies the enabled ``TextRepair``s to one message's text, in a fixed order
/// (line endings, HTML, mojibake, NFC, characters, blank lines, trim), and
/// says which of them changed it.
public struct TextCleaner: Sendable {
    public var enabled: Set<TextRepair>
    /// Skip repairs that the byte prefilter proves would change nothing (off only in tests, as the reference).
    var usePrefilter = true

    public init(enabled: Set<TextRepair> = Set(TextRepair.allCases)) { self.enabled = enabled }

    public func clean(_ text: String) -> (text: String, changed: [TextRepair]) {
        var s = text
        var changed: [TextRepair] = []
        func prefilter(_ s: String) -> RepairPrefilter { usePrefilter ? RepairPrefilter(s) : .everything }
        var scan = prefilter(s)
        // Line endings first, so every later step sees "\n" only.
        if enabled.contains(.lineEndings), scan.characterPass {
            let (t, c) = CharacterFilter.apply(s, lineEndings: true, control: false, invisible: false, spaces: false)
            s = t
            changed += c
        }
        if enabled.contains(.html), scan.angle, HTMLText.looksLikeHTML(s) {
            let t = HTMLText.toText(s)
            if t != s { s = t; changed.append(.html) }
        }
        // Mojibake before control characters: Windows-1252's unused bytes decode as C1 controls.
        if enabled.contains(.mojibake), scan.mojibakeLead, let t = MojibakeRepair.repair(s) { s = t; changed.append(.mojibake) }
        if enabled.contains(.nfc), scan.nonASCII, !NFCQuickCheck.isCertainlyNFC(s) {
            let t = s.precomposedStringWithCanonicalMapping
            if !t.utf8.elementsEqual(s.utf8) { s = t; changed.append(.nfc) }
        }
        if !changed.isEmpty { scan = prefilter(s) }
        if scan.characterPass {
            let (t, c) = CharacterFilter.apply(s, lineEndings: false, control: enabled.contains(.control),
                                               invisible: enabled.contains(.invisible), spaces: enabled.contains(.spaces))
            s = t
            changed += c
            if !c.isEmpty { scan = prefilter(s) }
        }
        if enabled.contains(.blankLines), scan.blankLines, let t = BlankLineCollapser.collapse(s) { s = t; changed.append(.blankLines) }
        if enabled.contains(.trim), scan.edges || changed.contains(.blankLines) {
            let t = RepairPrefilter.trimmed(s)
            if t.utf8.count != s.utf8.count { s = t; changed.append(.trim) }
        }
        return (s, changed)
    }
}

