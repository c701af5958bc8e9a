/// Short excerpts for the report: the text around a change, on one line,
/// cut at character boundaries, with personal data masked.
enum Excerpt {
    static let context = 32
    static let maxBytes = 120

    /// Bytes `start..<end` of `b` widened by `context` on each side, on character boundaries.
    static func window(_ b: [UInt8], _ start: Int, _ end: Int) -> Range<Int> {
        var lo = max(0, start - context), hi = min(b.count, max(end, start) + context)
        while lo > 0 && b[lo] & 0xC0 == 0x80 { lo -= 1 }
        while hi < b.count && b[hi] & 0xC0 == 0x80 { hi += 1 }
        if hi - lo > maxBytes + 2 * context {
            hi = lo + maxBytes + 2 * context
            while hi < b.count && b[hi] & 0xC0 == 0x80 { hi += 1 }
        }
        return lo..<hi
    }

    /// `bytes` as one line: line breaks shown as ⏎, invisible characters as `⟨U+200B⟩`, a space
    /// at either end as ␣ (so a trimmed or repaired space shows), ellipses where the text goes on.
    static func line(_ bytes: ArraySlice<UInt8>, cutStart: Bool, cutEnd: Bool) -> String {
        var s = ""
        let text = String(decoding: bytes, as: UTF8.self)
        for u in text.unicodeScalars {
            switch u {
            case "\n": s += "⏎"
            case "\r": s += "␍"
            case "\t": s += "⇥"
            case " ": s += " "
            default:
                let c = u.properties.generalCategory
                if c == .format || c == .control || c == .spaceSeparator || c == .lineSeparator || c == .paragraphSeparator {
                    s += "⟨U+" + String(u.value, radix: 16, uppercase: true).leftPadded(to: 4) + "⟩"
                } else {
                    s.unicodeScalars.append(u)
                }
            }
        }
        // Only at the text's own ends: a space before a cut is just a space.
        if !cutStart && s.hasPrefix(" ") { s = "␣" + s.dropFirst() }
        if !cutEnd && s.hasSuffix(" ") { s = s.dropLast() + "␣" }
        return (cutStart ? "…" : "") + s + (cutEnd ? "…" : "")
    }

    /// A value shown without giving it away: its first and last few characters kept
    /// when it is long enough, every other letter and digit as •, separators kept
    /// (`+44 7700 900123` → `+44 •••• •••123`).
    static func masked(_ value: String) -> String {
        let chars = Array(value)
        let keep = chars.count >= 10 ? 3 : chars.count >= 6 ? 1 : 0
        var out = ""
        for (i, ch) in chars.enumerated() {
            if i < keep || i >= chars.count - keep || !(ch.isLetter || ch.isNumber) { out.append(ch) } else { out.append("•") }
        }
        return out
    }

    /// The text around the first of `spans` of one type, before (every span in the window masked)
    /// and after (each span as its placeholder).
    static func redaction(_ text: String, _ spans: [PIISpan], first: PIISpan) -> ReasonCounts.Example {
        let b = Array(text.utf8)
        let w = window(b, first.start, first.end)
        var before: [UInt8] = [], after: [UInt8] = []
        var at = w.lowerBound
        for s in spans where s.start >= w.lowerBound && s.end <= w.upperBound && s.start >= at {
            before += b[at..<s.start]
            after += b[at..<s.start]
            before += Array(masked(String(decoding: b[s.start..<s.end], as: UTF8.self)).utf8)
            after += Array("[\(s.name)]".utf8)
            at = s.end
        }
        // A span cut by the window's edge: the edge moves to its start, so no part of it shows.
        var end = w.upperBound
        if let cut = spans.first(where: { $0.start < end && $0.end > end && $0.start >= at }) { end = cut.start }
        if at < end {
            before += b[at..<end]
            after += b[at..<end]
        }
        let cutStart = w.lowerBound > 0, cutEnd = end < b.count
        return .init(before: line(before[...], cutStart: cutStart, cutEnd: cutEnd), after: line(after[...], cutStart: cutStart, cutEnd: cutEnd))
    }

    /// The text around the first difference between `before` and `after`.
    static func change(_ before: String, _ after: String) -> ReasonCounts.Example {
        let a = Array(before.utf8), b = Array(after.utf8)
        var p = 0
        while p < a.count && p < b.count && a[p] == b[p] { p += 1 }
        while p > 0 && p < a.count && a[p] & 0xC0 == 0x80 { p -= 1 }
        var q = 0
        while q < a.count - p && q < b.count - p && a[a.count - 1 - q] == b[b.count - 1 - q] { q += 1 }
        let wa = window(a, p, a.count - q), wb = window(b, p, b.count - q)
        return .init(before: line(a[wa], cutStart: wa.lowerBound > 0, cutEnd: wa.upperBound < a.count),
                     after: line(b[wb], cutStart: wb.lowerBound > 0, cutEnd: wb.upperBound < b.count))
    }
}

extension String {
    /// The string with zeros in front up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
