import Testing
@testable import SFTPrep

@Suite struct WordIndexTests {
    static func found(_ terms: [String], in text: String) -> [String] {
        let b = Array(text.utf8)
        return WordIndex(terms).occurrences(in: b).sorted { $0.lowerBound < $1.lowerBound }.map { String(decoding: b[$0], as: UTF8.self) }
    }

    @Test func wholeWordsCaseInsensitiveLongestFirst() {
        #expect(Self.found(["Falcon", "Project Falcon", "ops"], in: "PROJECT FALCON and falcon, not Falcons or devops; ops.")
                == ["PROJECT FALCON", "falcon", "ops"])
    }

    @Test func termsThatStartWithPunctuationAndNonASCII() {
        #expect(Self.found(["#ops-team", "Zoë Ortiz", "東京"], in: "Ping #ops-team, zoë ortiz in 東京.") == ["#ops-team", "zoë ortiz", "東京"])
    }

    /// The same spans as searching each term through the text, for a list of thousands.
    @Test func agreesWithTheTermByTermSearch() {
        let terms = (0..<3000).map { "term\($0)" } + ["Acme Corp", "acme", "x"]
        let text = "Acme Corp asked about term12 and TERM2999 (not term30000), acme, x-ray and x."
        let b = Array(text.utf8)
        var expected: [Range<Int>] = []
        for t in terms.sorted(by: { $0.utf8.count > $1.utf8.count }) {
            for r in CustomTerms.occurrences(of: Array(t.utf8), in: b, caseInsensitive: true) where !expected.contains(where: { $0.overlaps(r) }) {
                expected.append(r)
            }
        }
        #expect(WordIndex(terms).occurrences(in: b).sorted { $0.lowerBound < $1.lowerBound } == expected.sorted { $0.lowerBound < $1.lowerBound })
        #expect(Self.found(terms, in: text) == ["Acme Corp", "term12", "TERM2999", "acme", "x", "x"])
    }
}
