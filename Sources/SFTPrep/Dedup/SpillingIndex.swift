/// A hash index that outgrows memory and still answers from memory nearly
/// always. New entries go to a table in memory; when the caller says so
/// (``spill(from:to:)``) they move into an older table in a temporary file
/// (a ``SpillArena`` with a resident limit), and their keys into a
/// ``BloomFilter``. A lookup tries the new table, then asks the filter
/// whether the old one may hold the key: for a key never seen — nearly every
/// lookup dedup makes — the answer is no and no file page is touched. So
/// memory stays the same however many entries there are, and the file is
/// written in one sweep per spill rather than one page per entry.
struct SpillingIndex<Slot: TableSlot> {
    typealias Table = ShardedTable<Slot>
    private var recent: Table
    private var older: Table?
    private var seen: BloomFilter?
    private let bloomBytes: Int

    /// - Parameter bloomBytes: the filter's size, made at the first spill.
    init(in recentArena: SpillArena, bloomBytes: Int) {
        recent = Table(capacity: 1 << 12, in: recentArena)
        self.bloomBytes = bloomBytes
    }

    /// Entries in the table in memory.
    var recentCount: Int { recent.count }

    /// Whether some entries have moved to the file.
    var hasSpilled: Bool { older != nil }

    /// The Bloom filter's size (0 until the first spill).
    var filterBytes: Int { seen?.byteCount ?? 0 }

    /// The value for `key`. One found in the file is copied back into memory, so the next lookup
    /// of the same key (a popular one: a template, a common answer) stays in memory.
    mutating func get(_ key: Table.Key, recent recentArena: SpillArena, spill: SpillArena) -> Int32? {
        if let value = recent.get(key, in: recentArena) { return value }
        guard let older, let seen, seen.mayContain(Table.bloomHash(key)) else { return nil }
        guard let value = older.get(key, in: spill) else { return nil }
        recent.set(key, value, in: recentArena)
        return value
    }

    mutating func set(_ key: Table.Key, _ value: Int32, recent recentArena: SpillArena) {
        recent.set(key, value, in: recentArena)
    }

    /// Moves the entries in memory to the table in `spill`. The caller then resets `recentArena`
    /// (which may hold several indices' tables) and calls ``restart(in:)``.
    mutating func spill(from recentArena: SpillArena, to spill: SpillArena) {
        var table = older ?? Table(capacity: recent.count, in: spill)
        var filter = seen ?? BloomFilter(bytes: bloomBytes)
        older = nil  // not shared, so inserting changes the filter's words in place instead of copying them
        seen = nil
        table.absorb(recent, from: recentArena, in: spill, seen: &filter)
        older = table
        seen = filter
    }

    /// Starts a new, empty table in memory (after ``spill(from:to:)`` and a reset of its arena).
    mutating func restart(in recentArena: SpillArena) {
        recent = Table(capacity: 1 << 12, in: recentArena)
    }
}
