/// Word-at-a-time tests over eight bytes, so scanners skip uneventful text
/// eight bytes per step instead of one: the JSON parser and writer (plain
/// string bytes), clean's prefilter (printable ASCII) and the redaction
/// scanners (the next digit).
///
/// Each test marks bytes by their high bit. `below` is exact for the lowest
/// byte it marks (borrows only run upwards), so every test answers "is there
/// any such byte?" without false negatives — and without false positives,
/// since a borrow needs a marked byte beneath it.
enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let high: UInt64 = 0x8080_8080_8080_8080

    /// High bits where a byte of `w` is below `n` (at most 0x80).
    @inline(__always)
    private static func below(_ w: UInt64, _ n: UInt64) -> UInt64 { (w &- ones &* n) & ~w & high }

    /// High bits where a byte of `w` equals `b`.
    @inline(__always)
    private static func equal(_ w: UInt64, _ b: UInt8) -> UInt64 { below(w ^ (ones &* UInt64(b)), 1) }

    /// True when any of the eight bytes is `"`, `\` or below 0x20: the bytes a
    /// JSON string scanner must stop at.
    @inline(__always)
    static func hasQuoteBackslashOrControl(_ w: UInt64) -> Bool {
        (equal(w, 0x22) | equal(w, 0x5C) | below(w, 0x20)) != 0
    }

    /// True when any of the eight bytes is an ASCII digit (it differs from `0` by less than 10).
    @inline(__always)
    static func hasDigit(_ w: UInt64) -> Bool { below(w ^ (ones &* 0x30), 10) != 0 }

    /// True when all eight bytes are printable ASCII (0x20–0x7E) other than `<`.
    @inline(__always)
    static func isPrintableASCIIWithoutAngle(_ w: UInt64) -> Bool {
        let atLeast7F = (w | (w &+ ones)) & high   // a byte of 0x7F or more (0xFF's carry only reaches marked bytes)
        return (below(w, 0x20) | atLeast7F | equal(w, 0x3C)) == 0
    }

    /// Loads eight bytes at `offset` (the caller checks that they exist).
    @inline(__always)
    static func word(_ base: UnsafePointer<UInt8>, _ offset: Int) -> UInt64 {
        UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
    }
}
