/// MinHash signatures by one-permutation hashing with optimal densification
/// (Shrivastava, ICML 2017): each shingle hash falls into one of K bins by its
/// high bits, and each bin keeps the minimum of the low bits. Empty bins borrow
/// the value of a bin chosen by a fixed hash of (bin, attempt), the same for
/// every document, so signatures stay comparable.
///
/// Two signatures agree in a position with probability (about) the texts'
/// Jaccard similarity — as with K independent permutations — but a signature
/// costs one hash per shingle instead of K: the difference between dedup being
/// the slowest stage and one of the fastest.
public struct MinHasher: Sendable {
    public let permutations: Int
    private let seed: UInt64
    /// For each bin, the bins to borrow from when it is empty, in order.
    private let borrowOrder: [[Int32]]

    public init(permutations: Int = 128, seed: UInt64 = 1) {
        let k = max(1, permutations)
        self.permutations = k
        self.seed = seed
        var order: [[Int32]] = []
        order.reserveCapacity(k)
        for bin in 0..<k {
            var tries: [Int32] = []
            for attempt in 1...64 {
                let h = StableHash.mix(seed &+ UInt64(bin) << 32 &+ UInt64(attempt))
                tries.append(Int32(((h >> 32) * UInt64(k)) >> 32))
            }
            order.append(tries)
        }
        borrowOrder = order
    }

    /// The signature of a set of shingle hashes (empty for an empty set).
    public func signature(_ shingles: [UInt64]) -> [UInt32] {
        guard !shingles.isEmpty else { return [] }
        return [UInt32](unsafeUninitializedCapacity: permutations) { mins, count in
            fill(mins.baseAddress!) { add in for raw in shingles { add(raw) } }
            count = permutations
        }
    }

    /// The signature of the word n-grams of `tokens` (as ``DedupText/shingles(_:n:)`` hashes them),
    /// computed as the n-grams are formed, without a list of them.
    public func signature(tokens: [UInt64], ngram n: Int) -> [UInt32] {
        guard !tokens.isEmpty else { return [] }
        return [UInt32](unsafeUninitializedCapacity: permutations) { mins, count in
            tokens.withUnsafeBufferPointer { signature(tokens: $0, ngram: n, into: mins.baseAddress!) }
            count = permutations
        }
    }

    /// As ``signature(tokens:ngram:)``, written at `mins` (``permutations`` values); `tokens` is not empty.
    func signature(tokens: UnsafeBufferPointer<UInt64>, ngram n: Int, into mins: UnsafeMutablePointer<UInt32>) {
        fill(mins) { add in DedupText.forEachShingle(tokens, n: n, add) }
    }

    /// Bins filled by `feed`, which hands over each shingle hash (at least one), then densified.
    @inline(__always) private func fill(_ mins: UnsafeMutablePointer<UInt32>, _ feed: ((UInt64) -> Void) -> Void) {
        let k = permutations
        let salt = StableHash.mix(seed)
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: k) { filled in
            mins.initialize(repeating: .max, count: k)
            filled.initialize(repeating: false)
            feed { raw in
                let x = StableHash.mix(raw ^ salt)
                let bin = Int(((x >> 32) &* UInt64(k)) >> 32)
                let value = UInt32(truncatingIfNeeded: x)
                if !filled[bin] || value < mins[bin] {
                    mins[bin] = value
                    filled[bin] = true
                }
            }
            // Densify: an empty bin takes the value of the first filled bin in its fixed borrow order.
            for bin in 0..<k where !filled[bin] {
                var donor = -1
                for j in borrowOrder[bin] where filled[Int(j)] { donor = Int(j); break }
                if donor < 0 { donor = filled.firstIndex(of: true)! }
                mins[bin] = mins[donor]
            }
        }
    }

    /// Keeps the lowest 8 bits per position (b-bit minwise hashing, Li & König 2010): a quarter of
    /// the memory. The low bits, because a minimum's high bits lean towards zero the more shingles
    /// a bin saw, so unrelated texts would agree there far more often than by chance. Two positions
    /// now also agree by chance (1 in 256), which ``similarity(_:_:)`` corrects for; with 128
    /// positions the estimate's spread grows by under 1% against full values.
    public static func compact(_ sig: [UInt32]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: sig.count) { out, count in
            sig.withUnsafeBufferPointer { compact($0, into: out.baseAddress!) }
            count = sig.count
        }
    }

    /// As ``compact(_:)``, written at `out` (room for `sig.count` bytes).
    static func compact(_ sig: UnsafeBufferPointer<UInt32>, into out: UnsafeMutablePointer<UInt8>) {
        for i in sig.indices { out[i] = UInt8(truncatingIfNeeded: sig[i]) }
    }

    /// Estimated Jaccard similarity of two compact signatures, corrected for chance 8-bit agreements.
    public static func similarity(_ x: ArraySlice<UInt8>, _ y: ArraySlice<UInt8>) -> Double {
        x.withUnsafeBufferPointer { a in y.withUnsafeBufferPointer { b in similarity(a, b) } }
    }

    /// Estimated Jaccard similarity of two compact signatures, corrected for chance 8-bit agreements.
    static func similarity(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Double {
        guard x.count == y.count, !x.isEmpty else { return 0 }
        let same = matches(x, y)
        let chance = 1.0 / 256
        return max(0, (Double(same) / Double(x.count) - chance) / (1 - chance))
    }

    /// Positions where two equally long signatures agree, eight at a time (this runs for every LSH
    /// candidate): per 64-bit word, the bytes of `a ^ b` that are zero. Plain integer code — the
    /// compiler turned a SIMD mask-and-sum into a lane-by-lane loop through the stack.
    @inline(__always) static func matches(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let n = a.count
        let pa = UnsafeRawPointer(a.baseAddress!), pb = UnsafeRawPointer(b.baseAddress!)
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var differing = 0
        var i = 0
        while i + 8 <= n {
            let x = pa.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ pb.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // The top bit of each byte of `y` is set exactly when that byte of `x` is not zero.
            let y = (((x & low7) &+ low7) | x) & ~low7
            differing += y.nonzeroBitCount
            i += 8
        }
        var same = i - differing
        while i < n {
            if a[i] == b[i] { same += 1 }
            i += 1
        }
        return same
    }
}
