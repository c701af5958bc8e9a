/// A map from 128-bit hash keys to record indices (dedup's exact keys): open
/// addressing with linear probing over keys that are already uniformly
/// mixed, so a lookup is a mask and a compare, not a re-hash. The slots live
/// in a ``SpillArena``, 24 bytes each (both key words and the index + 1; a
/// zero slot is empty, so fresh memory is an empty table).
///
/// The entries are spread over 64 tables by a multiplicative hash of the key,
/// and each table grows on its own: growing re-inserts one table's entries, not
/// all of them at once, so dedup's in-order decisions never stall for the
/// second or so that re-inserting millions of keys takes (the other cores
/// would wait for them).
struct HashIndex: SpillableTable {
    /// A 128-bit key, already uniformly mixed.
    struct Key: Hashable { var a: UInt64; var b: UInt64 }

    private static let shardBits = 6
    private var shards: [Table]

    init(capacity: Int = 1 << 12, in arena: SpillArena) {
        let perShard = max(16, capacity >> HashIndex.shardBits)
        shards = (0..<(1 << HashIndex.shardBits)).map { _ in Table(capacity: perShard, in: arena) }
    }

    @inline(__always) private static func shard(_ a: UInt64) -> Int {
        Int(truncatingIfNeeded: (a &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - shardBits))
    }

    var count: Int { shards.reduce(0) { $0 + $1.count } }

    /// The index stored for `key`, if any.
    func get(_ key: Key, in arena: SpillArena) -> Int32? { shards[HashIndex.shard(key.a)].get(key.a, key.b, arena) }

    /// Stores `value` (not negative) for `key`, replacing what was there.
    mutating func set(_ key: Key, _ value: Int32, in arena: SpillArena) {
        shards[HashIndex.shard(key.a)].set(key.a, key.b, value, arena)
    }

    static func bloomHash(_ key: Key) -> UInt64 { key.a }

    mutating func absorb(_ newer: HashIndex, from source: SpillArena, in arena: SpillArena, seen: inout BloomFilter) {
        for s in shards.indices {
            shards[s].prefault(arena)
            newer.shards[s].forEach(source) { a, b, value in
                shards[s].set(a, b, value, arena)
                seen.insert(a)
            }
            shards[s].letGo(arena)
        }
    }

    /// One open-addressing table: `mask + 1` slots at `offset`.
    private struct Table {
        static let slotBytes = 24
        private var offset: Int
        private var mask: Int
        private(set) var count = 0

        init(capacity: Int, in arena: SpillArena) {
            var size = 16
            while size * 3 < capacity * 4 { size <<= 1 }
            offset = arena.allocate(size * Table.slotBytes)
            mask = size - 1
        }

        func get(_ a: UInt64, _ b: UInt64, _ arena: SpillArena) -> Int32? {
            let slots = arena.base + offset
            var i = Int(truncatingIfNeeded: a) & mask
            while true {
                let slot = slots + i * Table.slotBytes
                let v = slot.load(fromByteOffset: 16, as: UInt32.self)
                if v == 0 { return nil }
                if slot.load(as: UInt64.self) == a && slot.load(fromByteOffset: 8, as: UInt64.self) == b { return Int32(bitPattern: v &- 1) }
                i = (i + 1) & mask
            }
        }

        mutating func set(_ a: UInt64, _ b: UInt64, _ value: Int32, _ arena: SpillArena) {
            if (count + 1) * 4 > (mask + 1) * 3 { grow(arena) }  // at most three quarters full: probes stay short
            let slots = arena.base + offset
            var i = Int(truncatingIfNeeded: a) & mask
            while true {
                let slot = slots + i * Table.slotBytes
                if slot.load(fromByteOffset: 16, as: UInt32.self) == 0 {
                    count += 1
                } else if slot.load(as: UInt64.self) != a || slot.load(fromByteOffset: 8, as: UInt64.self) != b {
                    i = (i + 1) & mask
                    continue
                }
                slot.storeBytes(of: a, as: UInt64.self)
                slot.storeBytes(of: b, toByteOffset: 8, as: UInt64.self)
                slot.storeBytes(of: UInt32(bitPattern: value) &+ 1, toByteOffset: 16, as: UInt32.self)
                return
            }
        }

        /// Calls `body` with every entry.
        func forEach(_ arena: SpillArena, _ body: (UInt64, UInt64, Int32) -> Void) {
            for i in 0...mask {
                let slot = arena.base + offset + i * Table.slotBytes
                let v = slot.load(fromByteOffset: 16, as: UInt32.self)
                if v != 0 { body(slot.load(as: UInt64.self), slot.load(fromByteOffset: 8, as: UInt64.self), Int32(bitPattern: v &- 1)) }
            }
        }

        /// Lets this process's copies of the table's pages go (see ``SpillArena/letGo(_:_:)``).
        func letGo(_ arena: SpillArena) { arena.letGo(offset, (mask + 1) * Table.slotBytes) }

        /// Maps the table's pages before a sweep (see ``SpillArena/prefault(_:_:)``).
        func prefault(_ arena: SpillArena) { arena.prefault(offset, (mask + 1) * Table.slotBytes) }

        /// Doubles the table: its entries move to a new region, and the old one is given back.
        private mutating func grow(_ arena: SpillArena) {
            let (oldOffset, oldSize) = (offset, mask + 1)
            let size = oldSize * 2
            offset = arena.allocate(size * Table.slotBytes)  // first: allocating may move the arena
            mask = size - 1
            count = 0
            for i in 0..<oldSize {
                let slot = arena.base + oldOffset + i * Table.slotBytes
                let v = slot.load(fromByteOffset: 16, as: UInt32.self)
                if v != 0 {
                    set(slot.load(as: UInt64.self), slot.load(fromByteOffset: 8, as: UInt64.self), Int32(bitPattern: v &- 1), arena)
                }
            }
            arena.release(oldOffset, oldSize * Table.slotBytes)
        }
    }
}
