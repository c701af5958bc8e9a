import Foundation

/// What redaction finds beyond the built-in types: the conversation's own
/// participants (a customer's name from the metadata, wherever it appears),
/// user-defined patterns (`--pattern LABEL=REGEX`) and word lists (`--words FILE`).
public struct CustomTerms: @unchecked Sendable {
    public var patterns: [(label: String, regex: NSRegularExpression)] = []
    /// Literal words and phrases, matched case-insensitively at word boundaries.
    public var words: [String] = [] { didSet { wordIndex = WordIndex(words) } }
    /// `words`, filed for lookup word by word.
    private var wordIndex = WordIndex([])

    public init() {}

    /// Parses `LABEL=REGEX`; the label becomes the placeholder (`[ORDER_ID]`).
    public mutating func addPattern(_ spec: String) throws(SFTPrepError) {
        guard let eq = spec.firstIndex(of: "=") else { throw SFTPrepError.usage("--pattern takes LABEL=REGEX, got '\(spec)'") }
        let label = spec[..<eq].uppercased().replacingOccurrences(of: " ", with: "_")
        let pattern = String(spec[spec.index(after: eq)...])
        guard !label.isEmpty, !pattern.isEmpty else { throw SFTPrepError.usage("--pattern takes LABEL=REGEX, got '\(spec)'") }
        do { patterns.append((label, try NSRegularExpression(pattern: pattern))) } catch {
            throw SFTPrepError.usage("--pattern \(label): invalid regular expression '\(pattern)'")
        }
    }

    /// The spans of `text` for these terms and the given participant names.
    func spans(in text: String, names: [String]) -> [PIISpan] {
        var out: [PIISpan] = []
        let b = Array(text.utf8)
        // Names: the full name and each part of two letters or more ("Maria Lopez", "Maria", "Lopez"), as written and
        // capitalised; a part that is also a frequent word ("Will", "Grace") only capitalised and not starting a sentence.
        var nameTerms: [(text: String, mindSentenceStart: Bool)] = []
        func add(_ t: String, _ mind: Bool) { if !nameTerms.contains(where: { $0.text == t }) { nameTerms.append((t, mind)) } }
        for n in names {
            let trimmed = n.trimmingASCIIWhitespace()
            guard trimmed.count >= 2 else { continue }
            add(trimmed, false)
            if let f = trimmed.first, f.isLowercase { add(trimmed.prefix(1).uppercased() + trimmed.dropFirst(), false) }
            let parts = trimmed.split(separator: " ").map(String.init)
            guard parts.count > 1 else {
                if NameLists.common.contains(trimmed.lowercased()) { nameTerms.removeAll { $0.text == trimmed }; add(capitalized(trimmed), true) }
                continue
            }
            for p in parts where p.count >= 2 && !NameLists.particles.contains(p.lowercased()) {
                if NameLists.common.contains(p.lowercased()) {
                    add(capitalized(p), true)
                } else {
                    add(p, false)
                    add(capitalized(p), false)
                    add(p.lowercased(), false)   // "gonzalez" later, typed in small letters
                }
            }
        }
        for term in nameTerms.sorted(by: { $0.text.utf8.count > $1.text.utf8.count }) {
            for r in CustomTerms.occurrences(of: Array(term.text.utf8), in: b, caseInsensitive: false) {
                if term.mindSentenceStart && b.withUnsafeBufferPointer({ Letters.startsSentence($0, at: r.lowerBound) }) { continue }
                out.append(PIISpan(start: r.lowerBound, end: r.upperBound, type: .person))
            }
        }
        if !wordIndex.isEmpty {
            out += wordIndex.occurrences(in: b).map { PIISpan(start: $0.lowerBound, end: $0.upperBound, type: .custom, label: "CUSTOM") }
        }
        if !patterns.isEmpty {
            let ns = text as NSString
            for (label, regex) in patterns {
                for m in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) where m.range.length > 0 {
                    guard let r = Range(m.range, in: text) else { continue }
                    let start = text.utf8.distance(from: text.utf8.startIndex, to: r.lowerBound)
                    let end = text.utf8.distance(from: text.utf8.startIndex, to: r.upperBound)
                    out.append(PIISpan(start: start, end: end, type: .custom, label: label))
                }
            }
        }
        return out
    }

    private func capitalized(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    /// Where `needle` occurs in `hay` as a whole word.
    static func occurrences(of needle: [UInt8], in hay: [UInt8], caseInsensitive: Bool) -> [Range<Int>] {
        guard !needle.isEmpty, needle.count <= hay.count else { return [] }
        func fold(_ c: UInt8) -> UInt8 { caseInsensitive && c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
        let n = needle.map(fold)
        var out: [Range<Int>] = []
        var i = 0
        while i + n.count <= hay.count {
            if fold(hay[i]) == n[0], (i == 0 || !PIIScanner.isWord(hay[i - 1])) {
                var k = 1
                while k < n.count, fold(hay[i + k]) == n[k] { k += 1 }
                if k == n.count, i + k == hay.count || !PIIScanner.isWord(hay[i + k]) {
                    out.append(i..<(i + k))
                    i += k
                    continue
                }
            }
            i += 1
        }
        return out
    }
}
