import Testing
@testable import SFTPrep

@Suite struct ByteNeedlesTests {
    static let needles = ["he", "she", "his", "hers", "hi", "this is", "my name is", "m.", "né le", "c/"]
    static let automaton = ByteNeedles(needles.enumerated().map { (Array($0.element.utf8), UInt32(1) << UInt32($0.offset)) }, foldsCase: true)

    static func matches(_ text: String, wordStarts: Bool) -> [String] {
        var out: [String] = []
        var t = text
        t.withUTF8 { b in
            let body = { (n: Int, r: Range<Int>) in out.append("\(needles[n])@\(r.lowerBound)") }
            if wordStarts { automaton.forEachWordStartMatch(b, body) } else { automaton.forEachMatch(b, body) }
        }
        return out
    }

    @Test func everyOccurrenceWithOverlapsAndFoldedCase() {
        #expect(Self.matches("USHERS", wordStarts: false) == ["she@1", "he@2", "hers@2"])
        #expect(Self.scanTags("ushers") == (1 << 0 | 1 << 1 | 1 << 3))
        #expect(Self.scanTags("nothing here at all") == (1 << 0 | 1 << 4))  // "he" in "here", "hi" in "nothing"
        #expect(Self.scanTags("xyz") == 0)
    }

    /// The word-start walk finds what the full automaton finds where a word starts (after anything but an ASCII
    /// letter), and nothing inside words.
    @Test(arguments: ["Hi, this is Maria. My name is Anne; M. Dupont est né le 3 mai.", "this his hers she", "c/ Mayor 12",
                      "ahi shi xhe", "Éhi ’hi 9his", "", "h", "my name", "This Is"])
    func wordStartMatchesAreTheFullMatchesAtWordStarts(text: String) {
        let bytes = Array(text.utf8)
        let full = Self.matches(text, wordStarts: false).filter { m in
            let at = Int(m.split(separator: "@").last!)!
            return at == 0 || !((bytes[at - 1] | 0x20) >= 0x61 && (bytes[at - 1] | 0x20) <= 0x7A)
        }
        #expect(Self.matches(text, wordStarts: true).sorted() == full.sorted())
    }

    /// In text order; at one start, shorter needles first.
    @Test func wordStartsInOrder() {
        #expect(Self.matches("Hi, this is his", wordStarts: true) == ["hi@0", "this is@4", "hi@12", "his@12"])
        #expect(Self.matches("she hers", wordStarts: true) == ["she@0", "he@4", "hers@4"])
    }

    static func scanTags(_ text: String) -> UInt32 {
        var t = text
        return t.withUTF8 { automaton.scan($0) }
    }
}
