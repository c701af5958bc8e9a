/// Chooses the validation set: the `fraction` of records whose seeded hash of
/// the conversation id is smallest. Exact in size, deterministic for a seed,
/// independent of input order, and needs only one 8-byte key per record.
public struct HashSplitter: Sendable {
    public var fraction: Double
    public var seed: UInt64

    public init(fraction: Double = 0.1, seed: UInt64 = 0) {
        self.fraction = fraction
        self.seed = seed
    }

    /// How many of `n` records go to validation: round(n × fraction), at least 1 when n ≥ 2 and fraction > 0.
    public func validationCount(of n: Int) -> Int {
        guard n > 0, fraction > 0 else { return 0 }
        var k = Int((Double(n) * fraction).rounded())
        if k == 0 && n >= 2 { k = 1 }
        return min(k, n - (n >= 2 ? 1 : 0))
    }

    /// For records with the given ids (in input order), whether each goes to validation.
    public func assign(ids: [String]) -> [Bool] {
        let keys = ids.map { StableHash.hash($0, seed: seed) }
        return assign(keys: keys)
    }

    /// As ``assign(ids:)`` from precomputed hashes; ties broken by input position.
    public func assign(keys: [UInt64]) -> [Bool] {
        let k = validationCount(of: keys.count)
        var order = Array(keys.indices)
        order.sort { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        var result = [Bool](repeating: false, count: keys.count)
        for i in order.prefix(k) { result[i] = true }
        return result
    }
}
