#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming RFC 4180 parser: quoted fields with delimiters, doubled quotes and
/// newlines inside; CRLF or LF rows; a leading byte-order mark.
///
/// Lenient where real exports are sloppy (a stray quote inside an unquoted field
/// is kept as text) and exact where it matters: a quote left open to the end
/// of the file is an error naming the line where the field started, and
/// reading goes on at the next line, so the rows after it still come through.
struct CSVParser {
    struct Row {
        /// The line where the row starts.
        var line: Int
        var fields: [[UInt8]]
    }

    struct RowError: Error {
        var line: Int
        var message: String
        /// The row's first line split at delimiters with the stray quote dropped: a usable header, a suspect data row.
        var fallback: [[UInt8]] = []
    }

    let input: InputFile
    let delimiter: UInt8

    init(_ input: InputFile, delimiter: UInt8) {
        self.input = input
        self.delimiter = delimiter
    }

    /// Calls `body` for each row (blank lines are skipped); a row that cannot be closed goes to `onError`.
    func forEachRow(_ body: (Row) throws -> Void, onError: (RowError) throws -> Void) throws {
        enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
        var state = State.fieldStart
        var field: [UInt8] = []
        var fields: [[UInt8]] = []
        var line = 1
        var rowLine = 1
        var quoteLine = 1
        var first = true
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        let quote = UInt8(ascii: "\"")

        func endField() {
            fields.append(field)
            field.removeAll(keepingCapacity: true)
        }
        func endRow() throws {
            endField()
            let row = Row(line: rowLine, fields: fields)
            fields.removeAll(keepingCapacity: true)
            if !(row.fields.count == 1 && row.fields[0].isEmpty) { try body(row) }
        }

        /// Feeds bytes through the state machine.
        func consume(_ p: UnsafeBufferPointer<UInt8>) throws {
            let n = p.count
            var i = 0
            while i < n {
                let b = p[i]
                i += 1
                switch state {
                case .fieldStart:
                    if b == quote { state = .quoted; quoteLine = line }
                    else if b == delimiter { endField() }
                    else if b == 0x0A { try endRow(); line += 1; rowLine = line }
                    else if b == 0x0D { continue }
                    else { field.append(b); state = .unquoted }
                case .unquoted:
                    if b == delimiter { endField(); state = .fieldStart }
                    else if b == 0x0A {
                        if field.last == 0x0D { field.removeLast() }
                        try endRow(); line += 1; rowLine = line; state = .fieldStart
                    } else { field.append(b) }
                case .quoted:
                    if b == quote { state = .quoteInQuoted; continue }
                    // Copy the run up to the next quote at once; count the newlines it holds.
                    let start = i - 1
                    var end = i
                    if let hit = memchr(p.baseAddress! + end, Int32(quote), n - end) {
                        end = p.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    } else {
                        end = n
                    }
                    let run = UnsafeBufferPointer(rebasing: p[start..<end])
                    field.append(contentsOf: run)
                    for c in run where c == 0x0A { line += 1 }
                    i = end
                case .quoteInQuoted:
                    if b == quote { field.append(quote); state = .quoted }
                    else if b == delimiter { endField(); state = .fieldStart }
                    else if b == 0x0A { try endRow(); line += 1; rowLine = line; state = .fieldStart }
                    else if b == 0x0D { continue }
                    else { field.append(b); state = .unquoted }  // `"abc"def`: keep the text
                }
            }
        }

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
            try chunk.withUnsafeBufferPointer { try consume(UnsafeBufferPointer(rebasing: $0[skip..<n])) }
        }
        // A quote open at the end: report the row, then read on from the line after the one where it opened.
        while state == .quoted {
            let rest = field
            let newline = rest.firstIndex(of: 0x0A) ?? rest.endIndex
            var fallback = fields
            var firstLine = Array(rest[..<newline])
            if firstLine.last == 0x0D { firstLine.removeLast() }
            fallback += firstLine.split(separator: delimiter, omittingEmptySubsequences: false).map { Array($0) }
            try onError(RowError(line: rowLine, message: "a quoted field opened in the row starting here is never closed; reading goes on at the next line",
                                 fallback: fallback))
            fields.removeAll()
            field.removeAll()
            state = .fieldStart
            guard newline < rest.endIndex else { return }
            line = quoteLine + 1
            rowLine = line
            try rest.withUnsafeBufferPointer { try consume(UnsafeBufferPointer(rebasing: $0[(newline + 1)...])) }
        }
        switch state {
        case .quoted:
            break
        case .unquoted, .quoteInQuoted:
            if field.last == 0x0D { field.removeLast() }
            try endRow()
        case .fieldStart:
            if !fields.isEmpty { try endRow() }
        }
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
