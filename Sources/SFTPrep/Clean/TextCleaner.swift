import Foundation

/// Applies the enabled ``TextRepair``s to one message's text, in a fixed order
/// (line endings, HTML, mojibake, NFC, characters, blank lines, trim), and
/// says which of them changed it.
public struct TextCleaner: Sendable {
    public var enabled: Set<TextRepair> { didSet { mask = TextCleaner.mask(enabled) } }
    /// `enabled` as bits (one per case), checked six times per message.
    private var mask: UInt32
    /// Skip repairs that the byte prefilter proves would change nothing (off only in tests, as the reference).
    var usePrefilter = true

    public init(enabled: Set<TextRepair> = Set(TextRepair.allCases)) {
        self.enabled = enabled
        mask = TextCleaner.mask(enabled)
    }

    /// The e-mail repairs' bits (9 to 13).
    private static let emailBits: UInt32 = 0b11111 << 9

    private static func mask(_ repairs: Set<TextRepair>) -> UInt32 {
        repairs.reduce(0) { $0 | 1 << UInt32(TextRepair.allCases.firstIndex(of: $1)!) }
    }

    @inline(__always) private func on(_ r: TextRepair) -> Bool {
        let bit: UInt32
        switch r {
        case .lineEndings: bit = 1 << 0
        case .html: bit = 1 << 1
        case .mojibake: bit = 1 << 2
        case .nfc: bit = 1 << 3
        case .control: bit = 1 << 4
        case .invisible: bit = 1 << 5
        case .spaces: bit = 1 << 6
        case .blankLines: bit = 1 << 7
        case .trim: bit = 1 << 8
        case .quotedHistory: bit = 1 << 9
        case .deviceFooter: bit = 1 << 10
        case .threadID: bit = 1 << 11
        case .confidentialityFooter: bit = 1 << 12
        case .signature: bit = 1 << 13
        }
        return mask & bit != 0
    }

    public func clean(_ text: String) -> (text: String, changed: [TextRepair]) {
        var s = text
        var changed: [TextRepair] = []
        func prefilter(_ s: String) -> RepairPrefilter { usePrefilter ? RepairPrefilter(s) : .everything }
        var scan = prefilter(s)
        // Line endings first, so every later step sees "\n" only.
        if on(.lineEndings), scan.characterPass {
            let (t, c) = CharacterFilter.apply(s, lineEndings: true, control: false, invisible: false, spaces: false)
            s = t
            changed += c
        }
        if on(.html), scan.angle, HTMLText.looksLikeHTML(s) {
            let t = HTMLText.toText(s)
            if t != s { s = t; changed.append(.html) }
        }
        // Mojibake before control characters: Windows-1252's unused bytes decode as C1 controls.
        if on(.mojibake), scan.mojibakeLead, let t = MojibakeRepair.repair(s) { s = t; changed.append(.mojibake) }
        if on(.nfc), scan.nonASCII, !NFCQuickCheck.isCertainlyNFC(s) {
            let t = s.precomposedStringWithCanonicalMapping
            if !t.utf8.elementsEqual(s.utf8) { s = t; changed.append(.nfc) }
        }
        if !changed.isEmpty { scan = prefilter(s) }
        if scan.characterPass {
            let (t, c) = CharacterFilter.apply(s, lineEndings: false, control: on(.control),
                                               invisible: on(.invisible), spaces: on(.spaces))
            s = t
            changed += c
            if !c.isEmpty { scan = prefilter(s) }
        }
        if mask & TextCleaner.emailBits != 0, let (t, c) = EmailReplyCleaner.clean(s, enabled: { on($0) }) {
            s = t
            changed += c
            scan = prefilter(s)
        }
        if on(.blankLines), scan.blankLines, let t = BlankLineCollapser.collapse(s) { s = t; changed.append(.blankLines) }
        if on(.trim), scan.edges || changed.contains(.blankLines) {
            let t = RepairPrefilter.trimmed(s)
            if t.utf8.count != s.utf8.count { s = t; changed.append(.trim) }
        }
        return (s, changed)
    }
}

