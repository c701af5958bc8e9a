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

    /// True when any of the eight bytes is an ASCII capital or starts a multi-byte character (0xC0 or above):
    /// where a capitalised word may begin.
    @inline(__always)
    static func hasCapitalOrLeadByte(_ w: UInt64) -> Bool {
        let ascii = w & ~high
        // Seven-bit sums cannot carry into the next byte: a byte's high bit says "at least 0x41" and "above 0x5A".
        let atLeastA = (ascii &+ ones &* (0x80 - 0x41)) & high
        let aboveZ = (ascii &+ ones &* (0x80 - 0x5B)) & high
        let capital = atLeastA & ~aboveZ & ~w
        return (capital | leadBytes(w)) != 0
    }

    /// High bits on the ASCII letters of `w`.
    @inline(__always)
    static func asciiLetters(_ w: UInt64) -> UInt64 {
        let folded = (w | ones &* 0x20) & ~high   // small letters; seven bits, so the sums below cannot carry
        let atLeastA = (folded &+ ones &* (0x80 - 0x61)) & high
        let aboveZ = (folded &+ ones &* (0x80 - 0x7B)) & high
        return atLeastA & ~aboveZ & ~w
    }

    /// High bits on the bytes of `w` that start a multi-byte character (0xC0 or above).
    @inline(__always)
    static func leadBytes(_ w: UInt64) -> UInt64 { w & (w << 1) & high }

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
