import Testing
@testable import SFTPrep

@Suite struct LettersTests {
    /// The shortcuts (Latin-1 by code, the rest of the Basic Multilingual Plane by table) answer what the Unicode
    /// properties answer, for every scalar.
    @Test(arguments: [0x80...0xFFFF, 0x10000...0x1FFFF])
    func shortcutsAgreeWithUnicode(range: ClosedRange<Int>) {
        for v in range {
            guard let scalar = Unicode.Scalar(UInt32(v)) else { continue }
            let bytes = Array(String(Character(scalar)).utf8)
            let got = bytes.withUnsafeBufferPointer { Letters.letter(at: 0, in: $0) }
            let p = scalar.properties
            let isLetter = p.isAlphabetic || p.generalCategory == .nonspacingMark
            #expect((got != nil) == isLetter, "U+\(String(v, radix: 16))")
            if let got {
                #expect(got.upper == p.isUppercase && got.lower == p.isLowercase && got.length == bytes.count, "U+\(String(v, radix: 16))")
            }
        }
    }

    @Test func wordsKeepApostrophesAndHyphensBetweenLetters() {
        let text = Array("O'Brien Jean-Luc d’Alia -x 東京都 x".utf8)
        var words: [String] = []
        text.withUnsafeBufferPointer { b in
            var i = 0
            while i < b.count {
                if let w = Letters.word(at: i, in: b) { words.append(String(decoding: b[w], as: UTF8.self)); i = w.upperBound } else { i += 1 }
            }
        }
        #expect(words == ["O'Brien", "Jean-Luc", "d’Alia", "x", "東京都", "x"])
    }
}
