#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams the lines of an input in constant memory (one buffer, grown only for a longer line).
///
/// Tolerates a UTF-8 byte-order mark, CRLF line ends, and a missing final newline.
/// Lines are handed out as borrowed byte buffers, valid only during the call.
public struct LineReader {
    public static let defaultBufferSize = 1 << 20
    /// The longest line handed out when the caller takes `oversized` lines apart: no model takes a
    /// training example near this size, and a longer line would only fill memory (a file of one
    /// 10 GB line must not take 10 GB).
    public static let maxLineBytes = 64 << 20

    private let input: InputFile
    private let bufferSize: Int
    private let maxLineBytes: Int

    public init(_ input: InputFile, bufferSize: Int = LineReader.defaultBufferSize, maxLineBytes: Int = LineReader.maxLineBytes) {
        self.input = input
        self.bufferSize = max(16, bufferSize)
        self.maxLineBytes = maxLineBytes
    }

    /// Calls `body` with each line's 1-based number and bytes (without `\n`, `\r\n`, or the BOM).
    /// With `oversized`, a line longer than `maxLineBytes` (64 MB unless given) is not buffered: it is skipped and
    /// reported there (line number, length in bytes), and reading goes on at the next line.
    /// Returns the number of bytes read.
    @discardableResult
    public func forEachLine(
        _ body: (_ lineNumber: Int, _ line: UnsafeBufferPointer<UInt8>) throws -> Void,
        oversized: (_ lineNumber: Int, _ bytes: Int) throws -> Void
    ) throws -> Int {
        try lines(limit: maxLineBytes, body, oversized: oversized)
    }

    /// Calls `body` with each line, however long (for inputs whose lines are not records).
    @discardableResult
    public func forEachLine(_ body: (_ lineNumber: Int, _ line: UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Int {
        try lines(limit: .max, body, oversized: { _, _ in })
    }

    private func lines(
        limit: Int,
        _ body: (_ lineNumber: Int, _ line: UnsafeBufferPointer<UInt8>) throws -> Void,
        oversized: (_ lineNumber: Int, _ bytes: Int) throws -> Void
    ) throws -> Int {
        var skipping = 0          // bytes of an oversized line dropped so far (0: not skipping)
        var capacity = bufferSize
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var filled = 0          // bytes in buffer
        var lineStart = 0       // start of the current (incomplete) line
        var scanFrom = 0        // where to resume searching for '\n'
        var lineNumber = 0
        var totalBytes = 0

        func emit(_ start: Int, _ end: Int) throws {
            lineNumber += 1
            var s = start
            var e = end
            if e > s, buffer[e - 1] == 0x0D { e -= 1 }
            if lineNumber == 1, e - s >= 3, buffer[s] == 0xEF, buffer[s + 1] == 0xBB, buffer[s + 2] == 0xBF { s += 3 }
            try body(lineNumber, UnsafeBufferPointer(start: buffer + s, count: e - s))
        }
        /// Hands out every complete line buffered; empties the buffer when nothing is left of it.
        func handOut() throws {
            while scanFrom < filled {
                guard let hit = memchr(buffer + scanFrom, 0x0A, filled - scanFrom) else {
                    scanFrom = filled
                    break
                }
                let nl = buffer.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if nl - lineStart > limit {
                    // Whole in the buffer, but over the limit all the same (the buffer grew past it on the last read).
                    lineNumber += 1
                    try oversized(lineNumber, nl - lineStart)
                } else {
                    try emit(lineStart, nl)
                }
                lineStart = nl + 1
                scanFrom = lineStart
            }
            if lineStart == filled {
                filled = 0; lineStart = 0; scanFrom = 0
            }
        }

        while true {
            if skipping == 0, filled - lineStart > limit {
                // Too long to be a record: drop what is buffered and look only for its end.
                skipping = filled - lineStart
                filled = 0; lineStart = 0; scanFrom = 0
            }
            if skipping > 0 {
                let n = try input.read(into: buffer, count: capacity)
                if n == 0 {
                    lineNumber += 1
                    try oversized(lineNumber, skipping)
                    return totalBytes
                }
                totalBytes += n
                if let hit = memchr(buffer, 0x0A, n) {
                    let nl = buffer.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    lineNumber += 1
                    try oversized(lineNumber, skipping + nl)
                    skipping = 0
                    // Keep what follows the newline as the start of the next line.
                    (buffer).update(from: buffer + nl + 1, count: n - nl - 1)
                    filled = n - nl - 1; lineStart = 0; scanFrom = 0
                    try handOut()
                } else {
                    skipping += n
                }
                continue
            }
            if filled == capacity {
                if lineStart > 0 {
                    // Slide the incomplete line to the front.
                    let keep = filled - lineStart
                    (buffer).update(from: buffer + lineStart, count: keep)
                    scanFrom -= lineStart
                    filled = keep
                    lineStart = 0
                } else {
                    // One line fills the buffer: grow it.
                    let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                    bigger.update(from: buffer, count: filled)
                    buffer.deallocate()
                    buffer = bigger
                    capacity *= 2
                }
            }
            let n = try input.read(into: buffer + filled, count: capacity - filled)
            if n == 0 { break }
            filled += n
            totalBytes += n
            try handOut()
        }
        if lineStart < filled {
            if filled - lineStart > limit {
                lineNumber += 1
                try oversized(lineNumber, filled - lineStart)
            } else {
                try emit(lineStart, filled)
            }
        }
        return totalBytes
    }
}
