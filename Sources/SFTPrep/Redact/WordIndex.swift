/// The `--words` list prepared for lookup per word: each term is filed under
/// a hash of its first word (ASCII capitals folded), so a text is read once,
/// word by word, with one hash-table probe per word, whatever the number of
/// terms. (Searching each term through the text cost 5.5 s per MB with 5,000
/// terms.)
///
/// A word is a run of ASCII letters and digits, `_` and non-ASCII bytes
/// (``PIIScanner/isWord(_:)``); a term matches where it starts and ends at word
/// boundaries, case-insensitively for ASCII. Terms that do not start with a
/// word byte ("#ops-team") are searched the slow way.
struct WordIndex: Sendable {
    /// The terms' bytes, ASCII capitals folded.
    private let terms: [[UInt8]]
    /// Term indices by the hash of their first word, longest term first.
    private let byFirstWord: [UInt64: [Int]]
    /// Terms that start with a non-word byte.
    private let others: [Int]

    init(_ words: [String]) {
        let terms = words.map { Array($0.utf8).map(WordIndex.fold) }
        self.terms = terms
        var index: [UInt64: [Int]] = [:]
        var others: [Int] = []
        for (k, t) in terms.enumerated() where !t.isEmpty {
            guard PIIScanner.isWord(t[0]) else { others.append(k); continue }
            var end = 0
            while end < t.count, PIIScanner.isWord(t[end]) { end += 1 }
            index[WordIndex.hash(t[0..<end]), default: []].append(k)
        }
        for key in index.keys { index[key]!.sort { terms[$0].count > terms[$1].count } }
        byFirstWord = index
        self.others = others
    }

    var isEmpty: Bool { terms.isEmpty }

    @inline(__always) static func fold(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }

    /// FNV-1a over folded bytes.
    @inline(__always) static func hash(_ bytes: some Collection<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for c in bytes { h = (h ^ UInt64(fold(c))) &* 0x100_0000_01b3 }
        return h
    }

    /// Where the terms occur in `b`, whole words only; at one place, the longest term; no overlaps.
    func occurrences(in b: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        while i < b.count {
            guard PIIScanner.isWord(b[i]) else { i += 1; continue }
            var end = i
            while end < b.count, PIIScanner.isWord(b[end]) { end += 1 }
            if let candidates = byFirstWord[WordIndex.hash(b[i..<end])], let match = candidates.lazy.compactMap({ self.match($0, at: i, in: b) }).first {
                out.append(match)
                i = match.upperBound
                continue
            }
            i = end
        }
        for k in others {
            for r in CustomTerms.occurrences(of: terms[k], in: b, caseInsensitive: true) where !out.contains(where: { $0.overlaps(r) }) {
                out.append(r)
            }
        }
        return out
    }

    /// The range of term `k` at `i` if it is there, ending at a word boundary.
    private func match(_ k: Int, at i: Int, in b: [UInt8]) -> Range<Int>? {
        let t = terms[k]
        guard i + t.count <= b.count else { return nil }
        for j in 0..<t.count where WordIndex.fold(b[i + j]) != t[j] { return nil }
        let end = i + t.count
        guard end == b.count || !PIIScanner.isWord(b[end]) else { return nil }
        return i..<end
    }
}
