/// MinHash signatures: for each of `permutations` hash functions
/// h_i(x) = a_i·x + b_i (mod 2^64, a_i odd), the minimum over a text's shingles.
/// Two signatures agree in a position with probability equal to the texts'
/// Jaccard similarity.
public struct MinHasher: Sendable {
    public let permutations: Int
    private let a: [UInt64]
    private let b: [UInt64]

    public init(permutations: Int = 128, seed: UInt64 = 1) {
        self.permutations = permutations
        var state = seed
        var a: [UInt64] = [], b: [UInt64] = []
        for _ in 0..<permutations {
            state &+= 0x9E37_79B9_7F4A_7C15
            a.append(StableHash.mix(state) | 1)
            state &+= 0x9E37_79B9_7F4A_7C15
            b.append(StableHash.mix(state))
        }
        self.a = a
        self.b = b
    }

    /// The signature of a set of shingle hashes (empty for an empty set).
    public func signature(_ shingles: [UInt64]) -> [UInt64] {
        guard !shingles.isEmpty else { return [] }
        var sig = [UInt64](repeating: .max, count: permutations)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                sig.withUnsafeMutableBufferPointer { s in
                    for x in shingles {
                        for i in 0..<permutations {
                            let v = a[i] &* x &+ b[i]
                            if v < s[i] { s[i] = v }
                        }
                    }
                }
            }
        }
        return sig
    }

    /// Keeps 16 bits per position (b-bit minwise hashing): a quarter of the memory, enough to estimate similarity.
    public static func compact(_ sig: [UInt64]) -> [UInt16] { sig.map { UInt16(truncatingIfNeeded: $0 >> 48) } }

    /// Estimated Jaccard similarity of two compact signatures, corrected for chance 16-bit collisions.
    public static func similarity(_ x: ArraySlice<UInt16>, _ y: ArraySlice<UInt16>) -> Double {
        guard x.count == y.count, !x.isEmpty else { return 0 }
        var same = 0
        for (p, q) in zip(x, y) where p == q { same += 1 }
        let chance = 1.0 / 65536
        return max(0, (Double(same) / Double(x.count) - chance) / (1 - chance))
    }
}
