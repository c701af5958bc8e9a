#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming RFC 4180 parser: quoted fields with delimiters, doubled quotes and
/// newlines inside; CRLF or LF rows; a leading byte-order mark.
///
/// Lenient where real exports are sloppy (a stray quote inside an unquoted field
/// is kept as text) and careful where a stray quote would swallow data: a quoted
/// field that runs over a line end is checked when it closes. It is a *stray
/// quote*, not a multi-line field, when it never closes, when its closing quote
/// is followed by text (`"…\nA2,customer,"Where…`), or when the caller's
/// `isStray` sees complete rows inside it. Then the row where it opened goes to
/// `onError` split at its own line end with the quote read as text, and reading
/// goes on at the next line: nothing merges silently.
struct CSVParser {
    struct Row {
        /// The line where the row starts.
        var line: Int
        var fields: [[UInt8]]
    }

    struct RowError: Error {
        var line: Int
        var message: String
        /// The row's first line with the stray quote read as a literal character (doubled quotes after it
        /// unescaped): a usable header, or a data row the caller may keep.
        var fallback: [[UInt8]] = []
        /// The row's first line as read.
        var firstLine: [UInt8] = []
    }

    let input: InputFile
    let delimiter: UInt8

    init(_ input: InputFile, delimiter: UInt8) {
        self.input = input
        self.delimiter = delimiter
    }

    /// Calls `body` for each row (blank lines are skipped); a row with a stray quote goes to `onError`.
    /// `isStray` sees each row in which a quoted field ran over a line end, with the row's raw bytes, and
    /// says whether the lines inside the field are really rows of their own.
    func forEachRow(_ body: (Row) throws -> Void, onError: (RowError) throws -> Void,
                    isStray: (Row, [UInt8]) -> Bool = { _, _ in false }) throws {
        // The machine holds the callbacks only while this call runs.
        try withoutActuallyEscaping(body) { body in
            try withoutActuallyEscaping(onError) { onError in
                try withoutActuallyEscaping(isStray) { isStray in
                    var machine = Machine(delimiter: delimiter, body: body, onError: onError, isStray: isStray)
                    var chunk = [UInt8](repeating: 0, count: 1 << 20)
                    var first = true
                    while true {
                        let n = try chunk.withUnsafeMutableBytes { (p) throws(SFTPrepError) -> Int in
                            try input.read(into: p.baseAddress!, count: p.count)
                        }
                        if n == 0 { break }
                        var skip = 0
                        if first {
                            first = false
                            if n >= 3, chunk[0] == 0xEF, chunk[1] == 0xBB, chunk[2] == 0xBF { skip = 3 }
                        }
                        try chunk.withUnsafeBufferPointer { try machine.consume(UnsafeBufferPointer(rebasing: $0[skip..<n])) }
                    }
                    try machine.finish()
                }
            }
        }
    }

    /// The parser's state between bytes, and what it does at each.
    private struct Machine {
        enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
        let delimiter: UInt8
        let body: (Row) throws -> Void
        let onError: (RowError) throws -> Void
        let isStray: (Row, [UInt8]) -> Bool
        var state = State.fieldStart
        var field: [UInt8] = []
        var fields: [[UInt8]] = []
        /// The current row's bytes as read, for reading it again after a stray quote.
        var raw: [UInt8] = []
        /// Whether a quoted field of the current row ran over a line end.
        var crossedLine = false
        var line = 1
        var rowLine = 1
        let quote = UInt8(ascii: "\"")

        init(delimiter: UInt8, body: @escaping (Row) throws -> Void, onError: @escaping (RowError) throws -> Void,
             isStray: @escaping (Row, [UInt8]) -> Bool) {
            self.delimiter = delimiter
            self.body = body
            self.onError = onError
            self.isStray = isStray
        }

        mutating func endField() {
            fields.append(field)
            field.removeAll(keepingCapacity: true)
        }

        /// A row-ending newline was read (it is the last byte of `raw`).
        mutating func endRow() throws {
            endField()
            let row = Row(line: rowLine, fields: fields)
            if crossedLine && isStray(row, raw) { return try recoverFromStrayQuote() }
            fields.removeAll(keepingCapacity: true)
            raw.removeAll(keepingCapacity: true)
            crossedLine = false
            state = .fieldStart
            line += 1
            rowLine = line
            if !(row.fields.count == 1 && row.fields[0].isEmpty) { try body(row) }
        }

        /// The row's first line goes to `onError` with its quote read as text; the lines after it are read again as rows.
        mutating func recoverFromStrayQuote() throws {
            let bytes = raw
            let newline = bytes.firstIndex(of: 0x0A) ?? bytes.endIndex
            var firstLine = Array(bytes[..<newline])
            if firstLine.last == 0x0D { firstLine.removeLast() }
            let opened = rowLine
            fields.removeAll()
            field.removeAll()
            raw.removeAll()
            crossedLine = false
            state = .fieldStart
            line = opened + 1
            rowLine = line
            try onError(RowError(line: opened, message: "a quoted field opens in this row and is never closed on it (a stray quote); the row is read up to its line end and reading goes on at the next line",
                                 fallback: literalFields(firstLine), firstLine: firstLine))
            guard newline < bytes.endIndex else { return }
            try bytes.withUnsafeBufferPointer { try consume(UnsafeBufferPointer(rebasing: $0[(newline + 1)...])) }
        }

        func literalFields(_ bytes: [UInt8]) -> [[UInt8]] { CSVParser.splitLine(bytes[...], delimiter: delimiter) }

        /// Feeds bytes through the state machine.
        mutating func consume(_ p: UnsafeBufferPointer<UInt8>) throws {
            let n = p.count
            var i = 0
            while i < n {
                let b = p[i]
                i += 1
                if state == .quoted && b != quote {
                    // Copy the run up to the next quote at once; count the newlines it holds.
                    let start = i - 1
                    var end = n
                    if let hit = memchr(p.baseAddress! + i, Int32(quote), n - i) {
                        end = p.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    }
                    let run = UnsafeBufferPointer(rebasing: p[start..<end])
                    field.append(contentsOf: run)
                    raw.append(contentsOf: run)
                    for c in run where c == 0x0A {
                        line += 1
                        crossedLine = true
                    }
                    i = end
                    continue
                }
                raw.append(b)
                switch state {
                case .fieldStart:
                    if b == quote { state = .quoted }
                    else if b == delimiter { endField() }
                    else if b == 0x0A { try endRow() }
                    else if b == 0x0D { continue }
                    else { field.append(b); state = .unquoted }
                case .unquoted:
                    if b == delimiter { endField(); state = .fieldStart }
                    else if b == 0x0A {
                        if field.last == 0x0D { field.removeLast() }
                        try endRow()
                    } else { field.append(b) }
                case .quoted:
                    state = .quoteInQuoted
                case .quoteInQuoted:
                    if b == quote { field.append(quote); state = .quoted }
                    else if b == delimiter { endField(); state = .fieldStart }
                    else if b == 0x0A { try endRow() }
                    else if b == 0x0D { continue }
                    else if crossedLine { try recoverFromStrayQuote() }  // `"…⏎…"text`: the quote that closed it opened something else
                    else { field.append(b); state = .unquoted }  // `"abc"def`: keep the text
                }
            }
        }

        /// The end of the input: the last row (with or without its newline), and any stray quote left open.
        mutating func finish() throws {
            while true {
                switch state {
                case .quoted:
                    try recoverFromStrayQuote()
                case .unquoted, .quoteInQuoted:
                    if field.last == 0x0D { field.removeLast() }
                    raw.append(0x0A)
                    try endRow()
                case .fieldStart:
                    if fields.isEmpty && raw.isEmpty { return }
                    raw.append(0x0A)
                    try endRow()
                }
            }
        }
    }

    /// One line split at delimiters outside quotes (doubled quotes unescaped); a quote left open runs to
    /// the line end as text.
    static func splitLine(_ bytes: ArraySlice<UInt8>, delimiter: UInt8) -> [[UInt8]] {
        let quote = UInt8(ascii: "\"")
        var out: [[UInt8]] = []
        var f: [UInt8] = []
        var quoted = false, afterQuote = false, atStart = true
        for b in bytes {
            if quoted {
                if b == quote { quoted = false; afterQuote = true } else { f.append(b) }
                continue
            }
            if afterQuote && b == quote { f.append(quote); quoted = true; afterQuote = false; continue }
            afterQuote = false
            if b == delimiter { out.append(f); f = []; atStart = true; continue }
            if b == quote && atStart { quoted = true; atStart = false; continue }
            atStart = false
            f.append(b)
        }
        if f.last == 0x0D && !quoted { f.removeLast() }
        out.append(f)
        return out
    }

    /// Guesses the delimiter from the first line: the candidate (`,` `;` tab `|`) seen most often outside quotes.
    static func sniffDelimiter(_ head: [UInt8]) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")]
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        for b in head {
            if b == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if b == 0x0A { break }
            if let k = candidates.firstIndex(of: b) { counts[k] += 1 }
        }
        var best = 0
        for k in 1..<candidates.count where counts[k] > counts[best] { best = k }
        return candidates[best]
    }
}
