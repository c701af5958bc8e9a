/// Turns help-desk HTML into plain text, and tells HTML content from text
/// that merely mentions a tag.
///
/// Works on UTF-8 bytes: tags and entities are ASCII, so splitting there
/// never cuts a character. Block tags become line breaks, list items become
/// `- ` lines, `<script>`/`<style>` bodies and comments vanish, entities are
/// decoded, and whitespace collapses as a browser would (except in `<pre>`).
enum HTMLText {
    static let knownTags: Set<String> = [
        "p", "br", "div", "span", "a", "b", "i", "u", "strong", "em", "ul", "ol", "li", "table", "tbody", "thead",
        "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "img", "font", "hr", "html", "body",
        "head", "style", "script", "pre", "code", "small", "sup", "sub", "center", "section", "article", "meta", "title",
    ]
    static let blockTags: Set<String> = [
        "p", "div", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "table", "pre", "section",
        "article", "hr", "center", "title",
    ]
    static let voidTags: Set<String> = ["br", "hr", "img", "meta"]

    static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "hellip": "…", "mdash": "—",
        "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "sbquo": "‚", "bdquo": "„",
        "copy": "©", "reg": "®", "trade": "™", "euro": "€", "pound": "£", "yen": "¥", "cent": "¢", "deg": "°",
        "times": "×", "divide": "÷", "laquo": "«", "raquo": "»", "middot": "·", "bull": "•", "para": "¶",
        "sect": "§", "eacute": "é", "egrave": "è", "agrave": "à", "aacute": "á", "ccedil": "ç", "uuml": "ü",
        "ouml": "ö", "auml": "ä", "Uuml": "Ü", "Ouml": "Ö", "Auml": "Ä", "szlig": "ß", "ntilde": "ñ",
        "iacute": "í", "oacute": "ó", "uacute": "ú", "zwj": "\u{200D}", "zwnj": "\u{200C}", "shy": "",
    ]

    /// A tag at `i` (just after `<`): its lower-cased name, whether it closes, and the index after `>`.
    static func tag(at i: Int, in b: [UInt8]) -> (name: String, closing: Bool, end: Int)? {
        var j = i
        var closing = false
        if j < b.count, b[j] == UInt8(ascii: "/") { closing = true; j += 1 }
        let nameStart = j
        while j < b.count, (b[j] | 0x20) >= UInt8(ascii: "a") && (b[j] | 0x20) <= UInt8(ascii: "z") || (j > nameStart && b[j] >= 0x30 && b[j] <= 0x39) {
            j += 1
        }
        guard j > nameStart, j < b.count else { return nil }
        let name = String(decoding: b[nameStart..<j], as: UTF8.self).lowercased()
        guard b[j] == UInt8(ascii: ">") || b[j] == UInt8(ascii: " ") || b[j] == UInt8(ascii: "/") || b[j] == 0x0A || b[j] == 0x09 else { return nil }
        guard let close = b[j...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
        return (name, closing, close + 1)
    }

    /// True when the text is HTML: at least two known tags outside code (fences and backtick spans),
    /// one of them a closing or void tag.
    static func looksLikeHTML(_ s: String) -> Bool {
        guard s.utf8.contains(UInt8(ascii: "<")) else { return false }
        let b = Array(s.utf8)
        var i = 0
        var count = 0
        var structural = false
        var inFence = false
        var inTick = false
        var lineStart = true
        while i < b.count {
            let c = b[i]
            if lineStart, i + 2 < b.count, c == UInt8(ascii: "`"), b[i + 1] == c, b[i + 2] == c {
                inFence.toggle()
                i += 3
                lineStart = false
                continue
            }
            lineStart = c == 0x0A
            if inFence { i += 1; continue }
            if c == UInt8(ascii: "`") { inTick.toggle(); i += 1; continue }
            if c == 0x0A { inTick = false }
            if !inTick, c == UInt8(ascii: "<"), let t = tag(at: i + 1, in: b), knownTags.contains(t.name) {
                count += 1
                if t.closing || voidTags.contains(t.name) { structural = true }
                i = t.end
                continue
            }
            i += 1
        }
        return count >= 2 && structural
    }

    /// The text of an HTML fragment.
    static func toText(_ s: String) -> String {
        let b = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var pendingSpace = false
        var preDepth = 0
        var i = 0

        /// Ends the current line (no-op at the start or right after a line break).
        func lineBreak() {
            pendingSpace = false
            while out.last == 0x20 { out.removeLast() }
            if let last = out.last, last != 0x0A { out.append(0x0A) }
        }
        /// Ends the paragraph: one blank line, never more.
        func paragraphBreak() {
            lineBreak()
            if !out.isEmpty, !(out.count >= 2 && out[out.count - 2] == 0x0A) { out.append(0x0A) }
        }
        /// `<br>`: a hard line break, at most one blank line in a row.
        func hardBreak() {
            pendingSpace = false
            while out.last == 0x20 { out.removeLast() }
            if out.isEmpty || (out.count >= 2 && out[out.count - 1] == 0x0A && out[out.count - 2] == 0x0A) { return }
            out.append(0x0A)
        }
        func emit(_ bytes: some Sequence<UInt8>) {
            if pendingSpace, let last = out.last, last != 0x0A { out.append(0x20) }
            pendingSpace = false
            out.append(contentsOf: bytes)
        }

        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "<") {
                if i + 3 < b.count, b[i + 1] == UInt8(ascii: "!"), b[i + 2] == UInt8(ascii: "-"), b[i + 3] == UInt8(ascii: "-") {
                    var j = i + 4
                    while j + 2 < b.count, !(b[j] == UInt8(ascii: "-") && b[j + 1] == UInt8(ascii: "-") && b[j + 2] == UInt8(ascii: ">")) { j += 1 }
                    i = min(b.count, j + 3)
                    continue
                }
                if let t = tag(at: i + 1, in: b) {
                    i = t.end
                    switch t.name {
                    case "script" where !t.closing, "style" where !t.closing:
                        let closer = Array("</\(t.name)".utf8)
                        var j = i
                        while j + closer.count <= b.count, !b[j..<j + closer.count].elementsEqual(closer, by: { ($0 | 0x20) == ($1 | 0x20) }) { j += 1 }
                        i = b[min(j, b.count)...].firstIndex(of: UInt8(ascii: ">")).map { $0 + 1 } ?? b.count
                    case "br":
                        hardBreak()
                    case "li":
                        lineBreak()
                        if !t.closing { emit(Array("- ".utf8)) }
                    case "td", "th":
                        if t.closing { pendingSpace = true }
                    case "pre":
                        preDepth = max(0, preDepth + (t.closing ? -1 : 1))
                        lineBreak()
                    case "p":
                        paragraphBreak()
                    default:
                        if blockTags.contains(t.name) { lineBreak() }
                    }
                    continue
                }
                emit([c])
                i += 1
                continue
            }
            if c == UInt8(ascii: "&"), let (text, end) = entity(at: i, in: b) {
                emit(Array(text.utf8))
                i = end
                continue
            }
            if preDepth == 0, c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D {
                pendingSpace = true
                i += 1
                continue
            }
            emit([c])
            i += 1
        }
        while let last = out.last, last == 0x0A || last == 0x20 { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `&name;`, `&#NNN;` or `&#xHH;` starting at `i`; nil when it is not an entity.
    static func entity(at i: Int, in b: [UInt8]) -> (String, Int)? {
        guard let semi = b[(i + 1)...].prefix(12).firstIndex(of: UInt8(ascii: ";")), semi > i + 1 else { return nil }
        let body = String(decoding: b[(i + 1)..<semi], as: UTF8.self)
        if body.hasPrefix("#") {
            let digits = body.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            guard let v = value, v > 0, let scalar = Unicode.Scalar(v), !CharacterFilter.isControl(v) || v == 0x0A || v == 0x09 else { return nil }
            return (String(Character(scalar)), semi + 1)
        }
        guard let text = entities[body] else { return nil }
        return (text, semi + 1)
    }
}
