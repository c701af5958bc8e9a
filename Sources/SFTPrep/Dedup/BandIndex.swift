/// LSH band key → the newest kept conversation with that band, in 8 bytes a
/// slot of a ``SpillArena``: 32 bits of the key and the conversation's index
/// + 1, in one word (zero: empty).
///
/// Only 38 bits of a band key count (32 kept in the slot, 6 that chose the
/// table), so two different band keys may, rarely, share an entry. That
/// costs one extra candidate, never a wrong answer: every candidate is
/// confirmed by comparing signatures. Like ``HashIndex``, the slots are spread
/// over 64 tables that grow one at a time.
struct BandIndex: SpillableTable {
    private static let shardBits = 6
    private var shards: [Table]

    init(capacity: Int = 1 << 12, in arena: SpillArena) {
        let perShard = max(16, capacity >> BandIndex.shardBits)
        shards = (0..<(1 << BandIndex.shardBits)).map { _ in Table(capacity: perShard, in: arena) }
    }

    @inline(__always) private static func shard(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - shardBits))
    }

    var count: Int { shards.reduce(0) { $0 + $1.count } }

    /// The index stored for `key`, if any.
    func get(_ key: UInt64, in arena: SpillArena) -> Int32? { shards[BandIndex.shard(key)].get(key, arena) }

    /// Stores `value` (not negative) for `key`, replacing what was there.
    mutating func set(_ key: UInt64, _ value: Int32, in arena: SpillArena) { shards[BandIndex.shard(key)].set(key, value, arena) }

    /// The 38 bits of the key that count: the ones ``absorb(_:from:in:seen:)`` still knows from a slot.
    static func bloomHash(_ key: UInt64) -> UInt64 { key & 0xFFFF_FFFF_0000_0000 | UInt64(shard(key)) }

    mutating func absorb(_ newer: BandIndex, from source: SpillArena, in arena: SpillArena, seen: inout BloomFilter) {
        for s in shards.indices {
            shards[s].prefault(arena)
            newer.shards[s].forEach(source) { entry in
                shards[s].place(entry, arena)
                seen.insert(entry & 0xFFFF_FFFF_0000_0000 | UInt64(s))
            }
            shards[s].letGo(arena)
        }
    }

    private struct Table {
        /// `mask + 1` words at `offset`; 0: empty, otherwise the key's high 32 bits, then the value + 1.
        private var offset: Int
        private var mask: Int
        private(set) var count = 0

        init(capacity: Int, in arena: SpillArena) {
            var size = 16
            while size * 3 < capacity * 4 { size <<= 1 }
            offset = arena.allocate(size * 8)
            mask = size - 1
        }

        @inline(__always) private static func tag(_ key: UInt64) -> UInt64 { key & 0xFFFF_FFFF_0000_0000 }

        @inline(__always) private func slots(_ arena: SpillArena) -> UnsafeMutablePointer<UInt64> {
            (arena.base + offset).bindMemory(to: UInt64.self, capacity: mask + 1)
        }

        func get(_ key: UInt64, _ arena: SpillArena) -> Int32? {
            let slots = slots(arena)
            let tag = Table.tag(key)
            var i = Int(truncatingIfNeeded: key >> 32) & mask
            while true {
                let s = slots[i]
                if s == 0 { return nil }
                if s & 0xFFFF_FFFF_0000_0000 == tag { return Int32(truncatingIfNeeded: s & 0xFFFF_FFFF) - 1 }
                i = (i + 1) & mask
            }
        }

        mutating func set(_ key: UInt64, _ value: Int32, _ arena: SpillArena) {
            place(Table.tag(key) | UInt64(UInt32(value) + 1), arena)
        }

        /// Stores a slot's word (tag and value), replacing the entry with the same tag.
        mutating func place(_ entry: UInt64, _ arena: SpillArena) {
            if (count + 1) * 4 > (mask + 1) * 3 { grow(arena) }
            let slots = slots(arena)
            let tag = entry & 0xFFFF_FFFF_0000_0000
            var i = Int(truncatingIfNeeded: entry >> 32) & mask
            while slots[i] != 0 {
                if slots[i] & 0xFFFF_FFFF_0000_0000 == tag { slots[i] = entry; return }
                i = (i + 1) & mask
            }
            slots[i] = entry
            count += 1
        }

        /// Calls `body` with every slot's word.
        func forEach(_ arena: SpillArena, _ body: (UInt64) -> Void) {
            let slots = slots(arena)
            for i in 0...mask where slots[i] != 0 { body(slots[i]) }
        }

        /// Lets this process's copies of the table's pages go (see ``SpillArena/letGo(_:_:)``).
        func letGo(_ arena: SpillArena) { arena.letGo(offset, (mask + 1) * 8) }

        /// Maps the table's pages before a sweep (see ``SpillArena/prefault(_:_:)``).
        func prefault(_ arena: SpillArena) { arena.prefault(offset, (mask + 1) * 8) }

        /// Doubles the table; an entry's slot comes from its kept 32 bits, so it can be placed again.
        private mutating func grow(_ arena: SpillArena) {
            let (oldOffset, oldSize) = (offset, mask + 1)
            offset = arena.allocate(oldSize * 2 * 8)  // first: allocating may move the arena
            mask = oldSize * 2 - 1
            let old = (arena.base + oldOffset).bindMemory(to: UInt64.self, capacity: oldSize)
            let slots = slots(arena)
            for k in 0..<oldSize where old[k] != 0 {
                var i = Int(truncatingIfNeeded: old[k] >> 32) & mask
                while slots[i] != 0 { i = (i + 1) & mask }
                slots[i] = old[k]
            }
            arena.release(oldOffset, oldSize * 8)
        }
    }
}
