/// Collapses runs of blank lines to a single blank line, leaving fenced code
/// blocks (``` or ~~~) exactly as they are.
enum BlankLineCollapser {
    static func collapse(_ s: String) -> String? {
        // Fast exit: no two newlines in a row, possibly with spaces between, means nothing to do.
        guard s.utf8.contains(0x0A) else { return nil }
        let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [Substring] = []
        out.reserveCapacity(lines.count)
        var inFence = false
        var blankRun = 0
        var changed = false
        for line in lines {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle() }
            if !inFence, trimmed.isEmpty {
                blankRun += 1
                if blankRun > 1 || !line.isEmpty { changed = true }
                if blankRun > 1 { continue }
                out.append("")
                continue
            }
            blankRun = 0
            out.append(line)
        }
        guard changed else { return nil }
        return out.joined(separator: "\n")
    }
}
