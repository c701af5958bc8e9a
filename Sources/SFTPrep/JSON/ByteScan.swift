/// Word-at-a-time tests over eight bytes, so string scanning in the JSON parser
/// and writer skips plain text eight bytes per step instead of one.
enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let high: UInt64 = 0x8080_8080_8080_8080

    /// True when any of the eight bytes is `"`, `\` or below 0x20: the bytes a
    /// JSON string scanner must stop at.
    @inline(__always)
    static func hasQuoteBackslashOrControl(_ w: UInt64) -> Bool {
        let q = w ^ (ones &* 0x22)
        let b = w ^ (ones &* 0x5C)
        let quote = (q &- ones) & ~q
        let backslash = (b &- ones) & ~b
        let control = (w &- ones &* 0x20) & ~w
        return (quote | backslash | control) & high != 0
    }

    /// Loads eight bytes at `offset` (the caller checks that they exist).
    @inline(__always)
    static func word(_ base: UnsafePointer<UInt8>, _ offset: Int) -> UInt64 {
        UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
    }
}
