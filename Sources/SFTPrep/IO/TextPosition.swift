/// Line and column (1-based, counted in Unicode scalars) of a byte offset, for error messages.
public struct TextPosition: Equatable, Sendable {
    public var line: Int
    public var column: Int

    /// Locates `offset` inside `bytes`, whose first byte is on line `firstLine`.
    public static func locate(_ offset: Int, in bytes: UnsafeBufferPointer<UInt8>, firstLine: Int = 1) -> TextPosition {
        var line = firstLine
        var column = 1
        var i = 0
        let end = min(offset, bytes.count)
        while i < end {
            let b = bytes[i]
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return TextPosition(line: line, column: column)
    }
}
