/// LSH band key → the newest kept conversation with that band, in 8 bytes a
/// slot: 32 bits of the key and the conversation's index, in one word.
///
/// Only 38 bits of a band key count (32 kept in the slot, 6 that chose the
/// table), so two different band keys may, rarely, share an entry. That
/// costs one extra candidate, never a wrong answer: every candidate is
/// confirmed by comparing signatures. Like ``HashIndex``, the slots are spread
/// over 64 tables that grow one at a time.
struct BandIndex {
    private static let shardBits = 6
    private var shards: [Table]

    init(capacity: Int = 1 << 12) {
        let perShard = max(16, capacity >> BandIndex.shardBits)
        shards = (0..<(1 << BandIndex.shardBits)).map { _ in Table(capacity: perShard) }
    }

    @inline(__always) private static func shard(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - shardBits))
    }

    var count: Int { shards.reduce(0) { $0 + $1.count } }

    /// The index stored for `key`, if any.
    func get(_ key: UInt64) -> Int32? { shards[BandIndex.shard(key)].get(key) }

    /// Stores `value` (not negative) for `key`, replacing what was there.
    mutating func set(_ key: UInt64, _ value: Int32) { shards[BandIndex.shard(key)].set(key, value) }

    private struct Table {
        /// 0: empty; otherwise the key's high 32 bits, then the value + 1.
        private var slots: [UInt64]
        private var mask: Int
        private(set) var count = 0

        init(capacity: Int) {
            var size = 16
            while size * 3 < capacity * 4 { size <<= 1 }
            slots = [UInt64](repeating: 0, count: size)
            mask = size - 1
        }

        @inline(__always) private static func tag(_ key: UInt64) -> UInt64 { key & 0xFFFF_FFFF_0000_0000 }

        func get(_ key: UInt64) -> Int32? {
            let tag = Table.tag(key)
            var i = Int(truncatingIfNeeded: key >> 32) & mask
            while true {
                let s = slots[i]
                if s == 0 { return nil }
                if s & 0xFFFF_FFFF_0000_0000 == tag { return Int32(truncatingIfNeeded: s & 0xFFFF_FFFF) - 1 }
                i = (i + 1) & mask
            }
        }

        mutating func set(_ key: UInt64, _ value: Int32) {
            if (count + 1) * 4 > slots.count * 3 { grow() }
            let tag = Table.tag(key)
            let entry = tag | UInt64(UInt32(value) + 1)
            var i = Int(truncatingIfNeeded: key >> 32) & mask
            while slots[i] != 0 {
                if slots[i] & 0xFFFF_FFFF_0000_0000 == tag { slots[i] = entry; return }
                i = (i + 1) & mask
            }
            slots[i] = entry
            count += 1
        }

        /// Doubles the table; an entry's slot comes from its kept 32 bits, so it can be placed again.
        private mutating func grow() {
            let old = slots
            slots = [UInt64](repeating: 0, count: old.count * 2)
            mask = slots.count - 1
            for entry in old where entry != 0 {
                var i = Int(truncatingIfNeeded: entry >> 32) & mask
                while slots[i] != 0 { i = (i + 1) & mask }
                slots[i] = entry
            }
        }
    }
}
