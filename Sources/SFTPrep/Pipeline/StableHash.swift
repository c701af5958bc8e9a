/// Hashes that are the same in every run and on every machine.
///
/// Swift's `Hasher` is seeded per process, so anything that must be
/// reproducible (split assignment, dedup keys) uses these instead.
public enum StableHash {
    /// 64-bit FNV-1a of the bytes.
    public static func fnv1a(_ bytes: some Sequence<UInt8>, seed: UInt64 = 0) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ seed
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }

    /// SplitMix64 finaliser: spreads the bits of `x` (FNV alone clusters on short keys).
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A well-mixed, seeded 64-bit hash of a string's UTF-8 bytes.
    public static func hash(_ s: String, seed: UInt64) -> UInt64 {
        var s = s
        return mix(s.withUTF8 { fnv1a($0, seed: mix(seed)) })
    }
}
