/// How one kind of entry sits in a ``ShardedTable``: fixed-size slots, all
/// zero when empty (so fresh memory is an empty table).
protocol TableSlot {
    associatedtype Key
    /// Bytes per slot.
    static var size: Int { get }
    /// Which of the table's 64 parts holds `key`.
    static func part(_ key: Key) -> Int
    /// Where probing for `key` starts (the table masks it). Must give the same for a key and for what
    /// ``key(at:)`` reads back of it: growing places entries again from their slots.
    static func home(_ key: Key) -> Int
    static func isEmpty(_ slot: UnsafeRawPointer) -> Bool
    /// Whether the (full) slot is `key`'s.
    static func holds(_ slot: UnsafeRawPointer, _ key: Key) -> Bool
    static func value(_ slot: UnsafeRawPointer) -> Int32
    static func store(_ key: Key, _ value: Int32, at slot: UnsafeMutableRawPointer)
    /// The key as the slot keeps it: all of it, or the part that counts.
    static func key(at slot: UnsafeRawPointer) -> Key
    /// The hash a ``BloomFilter`` keeps for `key`, from what a slot in part `part` still knows of it.
    static func bloomHash(_ key: Key, part: Int) -> UInt64
}

/// A map from already-mixed hash keys to record indices in a ``SpillArena``:
/// open addressing with linear probing, so a lookup is a mask and a compare,
/// not a re-hash.
///
/// The entries are spread over 64 tables by their key, and each table grows on
/// its own: growing re-inserts one table's entries, not all of them at once, so
/// dedup's in-order decisions never stall for the second or so that
/// re-inserting millions of keys takes (the other cores would wait for them).
struct ShardedTable<Slot: TableSlot> {
    typealias Key = Slot.Key

    static var partCount: Int { 64 }
    private var parts: [Part]

    init(capacity: Int = 1 << 12, in arena: SpillArena) {
        let perPart = max(16, capacity / ShardedTable.partCount)
        parts = (0..<ShardedTable.partCount).map { _ in Part(capacity: perPart, in: arena) }
    }

    var count: Int { parts.reduce(0) { $0 + $1.count } }

    /// The index stored for `key`, if any.
    func get(_ key: Key, in arena: SpillArena) -> Int32? { parts[Slot.part(key)].get(key, arena) }

    /// Stores `value` (not negative) for `key`, replacing what was there.
    mutating func set(_ key: Key, _ value: Int32, in arena: SpillArena) { parts[Slot.part(key)].set(key, value, arena) }

    /// The key's hash for a ``BloomFilter``: what ``absorb(_:from:in:seen:)`` inserts for it.
    static func bloomHash(_ key: Key) -> UInt64 { Slot.bloomHash(key, part: Slot.part(key)) }

    /// Moves in every entry of `newer` (its values replace this table's), adds each key's
    /// ``bloomHash(_:)`` to `seen`, and lets go of each part's pages once it is done, so that
    /// merging holds one part of the table in memory at a time.
    mutating func absorb(_ newer: Self, from source: SpillArena, in arena: SpillArena, seen: inout BloomFilter) {
        for p in parts.indices {
            parts[p].prefault(arena)
            newer.parts[p].forEach(source) { slot in
                let key = Slot.key(at: slot)
                parts[p].set(key, Slot.value(slot), arena)
                seen.insert(Slot.bloomHash(key, part: p))
            }
            parts[p].letGo(arena)
        }
    }

    /// One open-addressing table: `mask + 1` slots at `offset`.
    private struct Part {
        private var offset: Int
        private var mask: Int
        private(set) var count = 0

        init(capacity: Int, in arena: SpillArena) {
            var size = 16
            while size * 3 < capacity * 4 { size <<= 1 }
            offset = arena.allocate(size * Slot.size)
            mask = size - 1
        }

        func get(_ key: Key, _ arena: SpillArena) -> Int32? {
            let slots = arena.base + offset
            var i = Slot.home(key) & mask
            while true {
                let slot = slots + i * Slot.size
                if Slot.isEmpty(slot) { return nil }
                if Slot.holds(slot, key) { return Slot.value(slot) }
                i = (i + 1) & mask
            }
        }

        mutating func set(_ key: Key, _ value: Int32, _ arena: SpillArena) {
            if (count + 1) * 4 > (mask + 1) * 3 { grow(arena) }  // at most three quarters full: probes stay short
            let slots = arena.base + offset
            var i = Slot.home(key) & mask
            while true {
                let slot = slots + i * Slot.size
                if Slot.isEmpty(slot) {
                    count += 1
                } else if !Slot.holds(slot, key) {
                    i = (i + 1) & mask
                    continue
                }
                Slot.store(key, value, at: slot)
                return
            }
        }

        /// Calls `body` with every full slot.
        func forEach(_ arena: SpillArena, _ body: (UnsafeRawPointer) -> Void) {
            for i in 0...mask {
                let slot = arena.base + offset + i * Slot.size
                if !Slot.isEmpty(slot) { body(slot) }
            }
        }

        /// Lets this process's copies of the table's pages go (see ``SpillArena/letGo(_:_:)``).
        func letGo(_ arena: SpillArena) { arena.letGo(offset, (mask + 1) * Slot.size) }

        /// Maps the table's pages before a sweep (see ``SpillArena/prefault(_:_:)``).
        func prefault(_ arena: SpillArena) { arena.prefault(offset, (mask + 1) * Slot.size) }

        /// Doubles the table: its entries move to a new region, and the old one is given back.
        private mutating func grow(_ arena: SpillArena) {
            let (oldOffset, oldSize) = (offset, mask + 1)
            offset = arena.allocate(oldSize * 2 * Slot.size)  // first: allocating may move the arena
            mask = oldSize * 2 - 1
            let slots = arena.base + offset
            for k in 0..<oldSize {
                let old = arena.base + oldOffset + k * Slot.size
                if Slot.isEmpty(old) { continue }
                // Every entry is distinct: each goes to the first empty slot from its home.
                var i = Slot.home(Slot.key(at: old)) & mask
                while !Slot.isEmpty(slots + i * Slot.size) { i = (i + 1) & mask }
                (slots + i * Slot.size).copyMemory(from: old, byteCount: Slot.size)
            }
            arena.release(oldOffset, oldSize * Slot.size)
        }
    }
}
