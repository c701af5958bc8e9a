/// Cuts a template into text and tags, applying Jinja's whitespace control as
/// Hugging Face renders chat templates: `trim_blocks` and `lstrip_blocks` on,
/// and `-` on a tag stripping all whitespace on that side.
enum JinjaLexer {
    enum Piece: Equatable {
        case text(String)
        case output(String)
        case block(String)
    }

    static func pieces(_ template: String) throws(ChatTemplateError) -> [Piece] {
        let s = Array(template.unicodeScalars)
        var out: [Piece] = []
        var text: [Unicode.Scalar] = []
        var i = 0
        var trimNextNewline = false, stripNextWhitespace = false
        var textStart = 0  // where the current text began in the source
        func flushText() {
            if !text.isEmpty { out.append(.text(String(String.UnicodeScalarView(text)))) }
            text = []
        }
        while i < s.count {
            if s[i] == "{", i + 1 < s.count, s[i + 1] == "{" || s[i + 1] == "%" || s[i + 1] == "#" {
                let kind = s[i + 1]
                let close: Unicode.Scalar = kind == "{" ? "}" : kind == "%" ? "%" : "#"
                var j = i + 2
                let stripBefore = j < s.count && s[j] == "-"
                let keepBefore = j < s.count && s[j] == "+"
                if stripBefore || keepBefore { j += 1 }
                // Find the closing delimiter, skipping string literals (a comment has none: "we're" is text).
                var k = j
                var quote: Unicode.Scalar?
                while k + 1 < s.count {
                    if let q = quote {
                        if s[k] == "\\" { k += 2; continue }
                        if s[k] == q { quote = nil }
                    } else if kind != "#" && (s[k] == "'" || s[k] == "\"") {
                        quote = s[k]
                    } else if s[k] == close && s[k + 1] == "}" {
                        break
                    }
                    k += 1
                }
                guard k + 1 < s.count else { throw ChatTemplateError("a tag opened at character \(i) is never closed") }
                let stripAfter = k > j && s[k - 1] == "-"
                let inner = String(String.UnicodeScalarView(s[j..<(stripAfter ? k - 1 : k)])).trimmingCharacters(in: .whitespacesAndNewlines)
                // Whitespace before the tag.
                if stripBefore {
                    while let last = text.last, last.properties.isWhitespace { text.removeLast() }
                } else if kind != "{" && !keepBefore {
                    // lstrip_blocks: spaces and tabs from the start of the tag's line in the source.
                    var n = text.count
                    while n > 0 && (text[n - 1] == " " || text[n - 1] == "\t") { n -= 1 }
                    let atLineStart = n > 0 ? text[n - 1] == "\n" : (textStart == 0 || s[textStart - 1] == "\n")
                    if atLineStart { text.removeSubrange(n..<text.count) }
                }
                flushText()
                switch kind {
                case "{": out.append(.output(inner))
                case "%": out.append(.block(inner))
                default: break
                }
                i = k + 2
                stripNextWhitespace = stripAfter
                trimNextNewline = !stripAfter && kind != "{"
                // Whitespace after the tag.
                if stripNextWhitespace {
                    while i < s.count && s[i].properties.isWhitespace { i += 1 }
                } else if trimNextNewline {
                    if i < s.count && s[i] == "\n" { i += 1 } else if i + 1 < s.count && s[i] == "\r" && s[i + 1] == "\n" { i += 2 }
                }
                textStart = i
                continue
            }
            text.append(s[i])
            i += 1
        }
        flushText()
        return out
    }

}

/// What went wrong rendering a chat template, said for the example's line.
public struct ChatTemplateError: Error, CustomStringConvertible {
    public var description: String
    init(_ message: String) { description = message }
}
