/// Everything dedup remembers of the conversations it has kept — exact keys,
/// LSH band heads and chains, compact signatures, where each came from — by
/// kept index (0, 1, 2… in input order).
///
/// With a memory budget it stays within it whatever the input size. The two
/// hash indexes, probed at random for every conversation, keep their newest
/// entries in memory and move them in bulk to a temporary file past a limit
/// (``SpillingIndex``); the per-conversation rows, written in order and read
/// only for candidates, go to the file (``SpillArena``; in memory until the
/// budget needs the file, so an input that fits never touches it), whose
/// resident pages are let go when they would take the process past the
/// budget; from then on candidates' rows are read (`pread`) into a small
/// cache rather than mapped. Of the budget, at most: half for the new
/// entries in memory, a quarter for the Bloom filters (made at the first
/// spill; they answer "maybe" more often as they fill: a look into the file
/// more, never a different decision), an eighth for the row cache; file
/// pages get the rest. Without a budget, everything stays in memory.
final class KeptIndex {
    /// Bytes a kept conversation can take in the in-memory tables at their emptiest (3/8 full):
    /// one band slot (8 bytes) per band and one exact slot (24 bytes).
    static func recentBytesPerConversation(bands: Int) -> Int { (8 * bands + 24) * 8 / 3 }

    let bands: Int
    /// Signature values per side.
    let permutations: Int
    /// The in-memory tables of the two indexes.
    private let recentArena: SpillArena
    /// The older index entries and every row: moved to a temporary file once the budget needs it.
    private let spillArena: SpillArena
    private var exact: SpillingIndex<ExactSlot>
    /// Band key → the newest kept conversation with it.
    private var heads: SpillingIndex<BandSlot>
    /// Per kept conversation (see ``Row``): its band chain links, then its signatures.
    private var rows: ArenaRows
    private var locations = KeptLocations()
    /// Kept conversations whose index entries wait in memory before they move to the file.
    private let recentLimit: Int
    /// Bytes of memory to stay within, or nil.
    private let budget: Int?
    /// Once file pages have been let go: copies of recently read rows, by kept index modulo their
    /// number (a chain of similar conversations is walked again for every new one like them).
    private var cache: UnsafeMutableRawPointer?
    private var cacheTags: [Int32] = []
    private var cacheBytes: Int { cacheTags.count * rows.width }

    /// - Parameter budget: bytes of memory to stay within (nil: no limit, all in memory).
    init(bands: Int, permutations: Int, budget: Int?) {
        self.bands = bands
        self.permutations = permutations
        self.budget = budget
        recentArena = SpillArena()
        spillArena = SpillArena()
        let bloom = (budget ?? 0) / 4
        exact = SpillingIndex(in: recentArena, bloomBytes: bloom / (bands + 1))
        heads = SpillingIndex(in: recentArena, bloomBytes: bloom * bands / (bands + 1))
        rows = ArenaRows(width: (4 * bands + 2 * permutations + 1 + 7) & ~7)
        recentLimit = budget.map { max(1_000, $0 / 2 / KeptIndex.recentBytesPerConversation(bands: bands)) } ?? Int.max
    }

    private init(copying other: KeptIndex) {
        bands = other.bands
        permutations = other.permutations
        budget = other.budget
        recentArena = other.recentArena.copy()
        spillArena = other.spillArena.copy()
        exact = other.exact
        heads = other.heads
        rows = other.rows
        locations = other.locations
        recentLimit = other.recentLimit
    }

    deinit { cache?.deallocate() }

    /// An index with the same contents that shares nothing with this one.
    func copy() -> KeptIndex { KeptIndex(copying: self) }

    var count: Int { locations.count }

    /// Whether some of the index has moved to the temporary file.
    var hasSpilled: Bool { exact.hasSpilled }

    /// The kept conversation with this exact key, if any.
    func exactMatch(_ key: HashIndex.Key) -> Int32? { exact.get(key, recent: recentArena, spill: spillArena) }

    /// The newest kept conversation with this band key, if any.
    func head(_ bandKey: UInt64) -> Int32? { heads.get(bandKey, recent: recentArena, spill: spillArena) }

    /// What dedup compares of a kept conversation.
    struct Row {
        fileprivate let bytes: UnsafeRawPointer
        fileprivate let bands: Int
        fileprivate let permutations: Int

        /// The kept conversation before this one with the same key in `band`, or -1.
        func next(band: Int) -> Int32 { bytes.load(fromByteOffset: 4 * band, as: Int32.self) }

        /// The primary side's compact signature, then the secondary's (zeros when it has none).
        var signatures: UnsafePointer<UInt8> { (bytes + 4 * bands).assumingMemoryBound(to: UInt8.self) }

        var hasSecondary: Bool { bytes.load(fromByteOffset: 4 * bands + 2 * permutations, as: UInt8.self) != 0 }
    }

    /// Kept conversation `kept`'s row, valid until the next call of this or ``add(exact:near:heads:metadata:)``.
    func row(_ kept: Int32) -> Row {
        guard let cache, spillArena.usesFile else { return Row(bytes: rows.row(Int(kept), in: spillArena), bands: bands, permutations: permutations) }
        let slot = Int(kept) & (cacheTags.count - 1)
        let copy = cache + slot * rows.width
        if cacheTags[slot] != kept {
            spillArena.read(rows.offset(Int(kept)), rows.width, into: copy)
            cacheTags[slot] = kept
        }
        return Row(bytes: copy, bands: bands, permutations: permutations)
    }

    /// `id (source:line)` of a kept conversation, or `source:line` when it had no id.
    func describe(_ kept: Int32) -> String { locations.describe(Int(kept), in: spillArena) }

    /// Remembers the next kept conversation. With a near-duplicate fingerprint, `heads` are what
    /// ``head(_:)`` answers for each of its band keys now (the caller has just asked).
    func add(exact key: HashIndex.Key, near: DedupStage.NearPrint?, heads previous: [Int32], metadata: Metadata) {
        let index = Int32(count)
        let k = permutations
        // Written right after it is made: making the next allocation may move the arena.
        let row = rows.append(in: spillArena)
        for band in 0..<bands {
            row.storeBytes(of: near == nil ? -1 : previous[band], toByteOffset: 4 * band, as: Int32.self)
        }
        if let near {
            let signature = row + 4 * bands
            signature.copyMemory(from: near.primary.baseAddress!, byteCount: k)
            if near.hasSecondary {
                (signature + k).copyMemory(from: near.secondary.baseAddress!, byteCount: k)
                signature.storeBytes(of: 1, toByteOffset: 2 * k, as: UInt8.self)
            }
        }
        locations.append(id: metadata.id, source: metadata.source, line: metadata.line, in: spillArena)
        exact.set(key, index, recent: recentArena)
        if let near { for band in 0..<bands { heads.set(near.bandKey(band), index, recent: recentArena) } }
        // Entries copied back from the file count too (``SpillingIndex/get(_:recent:spill:)``).
        if exact.recentCount >= recentLimit || heads.recentCount / bands >= recentLimit {
            spillArena.moveToFile()
            exact.spill(from: recentArena, to: spillArena)
            heads.spill(from: recentArena, to: spillArena)
            recentArena.reset()
            exact.restart(in: recentArena)
            heads.restart(in: recentArena)
        }
        if index & 255 == 255, let budget { keepWithin(budget) }
    }

    /// Lets the file's pages go when they would take the memory past the budget: what is left of it
    /// after the tables in memory, the Bloom filters and the row cache (made at the first trim;
    /// until then rows are read where they are mapped).
    private func keepWithin(_ budget: Int) {
        let inMemory = recentArena.used + exact.filterBytes + heads.filterBytes + cacheBytes
        let allowed = max(budget / 16, budget - inMemory)
        if !spillArena.usesFile && spillArena.used > allowed { spillArena.moveToFile() }
        spillArena.trimIfNeeded(above: allowed)
        if cache == nil && spillArena.trims > 0 {
            var rowsCached = 1
            while rowsCached * 2 * rows.width <= budget / 8 { rowsCached *= 2 }
            cache = UnsafeMutableRawPointer.allocate(byteCount: rowsCached * rows.width, alignment: 16)
            cacheTags = [Int32](repeating: -1, count: rowsCached)
        }
    }
}
