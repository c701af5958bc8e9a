/// Renders help screens in swift-argument-parser's layout (OVERVIEW, USAGE,
/// ARGUMENTS, OPTIONS, EXAMPLES), wrapped at 80 columns.
enum HelpFormatter {
    static let width = 80
    static let column = 28

    static func help(for spec: CommandSpec) -> String {
        var s = wrap("OVERVIEW: \(spec.abstract)", indent: 0)
        if !spec.discussion.isEmpty { s += "\n" + wrap(spec.discussion, indent: 0) }
        let args = spec.arguments.map(\.name).joined(separator: " ")
        s += "\nUSAGE: sftprep \(spec.name)\(args.isEmpty ? "" : " " + args) [<options>]\n"
        if !spec.arguments.isEmpty {
            s += "\nARGUMENTS:\n"
            for a in spec.arguments { s += entry(a.name, a.help) }
        }
        s += "\nOPTIONS:\n"
        for o in spec.options {
            var label = o.short.map { "\($0), \(o.name)" } ?? o.name
            if let v = o.value { label += " <\(v.lowercased())>" }
            s += entry(label, o.help)
        }
        if !spec.examples.isEmpty {
            s += "\nEXAMPLES:\n"
            for e in spec.examples {
                s += "  \(e.command)\n" + wrap(e.explanation, indent: 6)
            }
        }
        return s
    }

    static func entry(_ label: String, _ text: String) -> String {
        let head = "  " + label
        if head.count + 2 <= column {
            let first = head.padding(toLength: column, withPad: " ", startingAt: 0)
            let body = wrap(text, indent: column)
            return first + body.dropFirst(column)
        }
        return head + "\n" + wrap(text, indent: column)
    }

    /// Wraps words to ``width`` columns, every line indented by `indent` spaces.
    static func wrap(_ text: String, indent: Int) -> String {
        var out = ""
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(repeating: " ", count: indent)
            var empty = true
            for word in paragraph.split(separator: " ") {
                if !empty && line.count + 1 + word.count > width {
                    out += line + "\n"
                    line = String(repeating: " ", count: indent)
                    empty = true
                }
                line += (empty ? "" : " ") + word
                empty = false
            }
            out += line + "\n"
        }
        return out
    }
}
