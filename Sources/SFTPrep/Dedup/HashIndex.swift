/// A map from hash keys to record indices for dedup's bookkeeping (exact keys,
/// LSH band heads): open addressing with linear probing over keys that are
/// already uniformly mixed, so a lookup is a mask and a compare, not a
/// re-hash. Millions of entries stay a few flat arrays.
///
/// The entries are spread over 64 tables by a multiplicative hash of the key,
/// and each table grows on its own: growing re-inserts one table's entries, not
/// all of them at once, so dedup's in-order decisions never stall for the
/// second or so that re-inserting ten million band keys takes (the other cores
/// would wait for them).
struct HashIndex {
    private static let shardBits = 6
    private var shards: [Table]

    init(capacity: Int = 1 << 12, wide: Bool = true) {
        let perShard = max(16, capacity >> HashIndex.shardBits)
        shards = (0..<(1 << HashIndex.shardBits)).map { _ in Table(capacity: perShard, wide: wide) }
    }

    @inline(__always) private static func shard(_ a: UInt64) -> Int {
        Int(truncatingIfNeeded: (a &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - shardBits))
    }

    var count: Int { shards.reduce(0) { $0 + $1.count } }

    /// The index stored for the key (`a`, `b`), if any.
    func get(_ a: UInt64, _ b: UInt64 = 0) -> Int32? { shards[HashIndex.shard(a)].get(a, b) }

    /// Stores `value` for the key, replacing what was there.
    mutating func set(_ a: UInt64, _ b: UInt64 = 0, _ value: Int32) { shards[HashIndex.shard(a)].set(a, b, value) }

    /// One open-addressing table.
    private struct Table {
        private var keysA: [UInt64]
        /// Second key words; empty for an index of 64-bit keys (`wide: false`).
        private var keysB: [UInt64]
        private let wide: Bool
        /// -1 marks an empty slot (indices are never negative).
        private var values: [Int32]
        private var mask: Int
        private(set) var count = 0

        init(capacity: Int, wide: Bool) {
            var size = 16
            while size * 3 < capacity * 4 { size <<= 1 }
            self.wide = wide
            keysA = [UInt64](repeating: 0, count: size)
            keysB = wide ? [UInt64](repeating: 0, count: size) : []
            values = [Int32](repeating: -1, count: size)
            mask = size - 1
        }

        func get(_ a: UInt64, _ b: UInt64) -> Int32? {
            var i = Int(truncatingIfNeeded: a) & mask
            while true {
                let v = values[i]
                if v < 0 { return nil }
                if keysA[i] == a && (!wide || keysB[i] == b) { return v }
                i = (i + 1) & mask
            }
        }

        mutating func set(_ a: UInt64, _ b: UInt64, _ value: Int32) {
            if (count + 1) * 4 > values.count * 3 { grow() }  // at most three quarters full: probes stay short
            var i = Int(truncatingIfNeeded: a) & mask
            while values[i] >= 0 {
                if keysA[i] == a && (!wide || keysB[i] == b) { values[i] = value; return }
                i = (i + 1) & mask
            }
            keysA[i] = a
            if wide { keysB[i] = b }
            values[i] = value
            count += 1
        }

        private mutating func grow() {
            let old = (keysA, keysB, values)
            let size = values.count * 2
            keysA = [UInt64](repeating: 0, count: size)
            keysB = wide ? [UInt64](repeating: 0, count: size) : []
            values = [Int32](repeating: -1, count: size)
            mask = size - 1
            count = 0
            for i in old.2.indices where old.2[i] >= 0 { set(old.0[i], wide ? old.1[i] : 0, old.2[i]) }
        }
    }
}
