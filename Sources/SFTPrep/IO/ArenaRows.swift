/// An append-only table of fixed-width rows in a ``SpillArena``, in chunks of
/// about a megabyte: growing never copies what is there, and a row's place is
/// a shift and a mask away.
struct ArenaRows {
    /// Bytes per row.
    let width: Int
    private let shift: Int
    private var chunks: [Int] = []
    private(set) var count = 0

    init(width: Int, chunkBytes: Int = 1 << 20) {
        self.width = max(1, width)
        var s = 0
        while (2 << s) * self.width <= chunkBytes { s += 1 }
        shift = s
    }

    /// Where row `index` starts in the arena.
    @inline(__always) func offset(_ index: Int) -> Int {
        chunks[index >> shift] + (index & ((1 << shift) - 1)) * width
    }

    /// The address of row `index`: valid until the arena next grows (the next append or allocation).
    @inline(__always) func row(_ index: Int, in arena: SpillArena) -> UnsafeMutableRawPointer {
        arena.base + offset(index)
    }

    /// Adds a zeroed row and returns its address (valid as for ``row(_:in:)``).
    mutating func append(in arena: SpillArena) -> UnsafeMutableRawPointer {
        if count & ((1 << shift) - 1) == 0 { chunks.append(arena.allocate((1 << shift) * width)) }
        count += 1
        return row(count - 1, in: arena)
    }
}

/// Byte strings back to back in a ``SpillArena`` (chunked like ``ArenaRows``),
/// each known by its start and length.
struct ArenaBytes {
    private static let chunkBytes = 1 << 20
    private var chunks: [Int] = []
    private(set) var count = 0

    /// Appends `bytes` and returns where they start.
    mutating func append(_ bytes: UnsafeRawBufferPointer, in arena: SpillArena) -> Int {
        let start = count
        var done = 0
        while done < bytes.count {
            let inChunk = count % ArenaBytes.chunkBytes
            if inChunk == 0 && count / ArenaBytes.chunkBytes == chunks.count { chunks.append(arena.allocate(ArenaBytes.chunkBytes)) }
            let n = min(bytes.count - done, ArenaBytes.chunkBytes - inChunk)
            (arena.base + chunks[count / ArenaBytes.chunkBytes] + inChunk).copyMemory(from: bytes.baseAddress! + done, byteCount: n)
            done += n
            count += n
        }
        return start
    }

    /// The `length` bytes from `start`.
    func bytes(_ start: Int, _ length: Int, in arena: SpillArena) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
            var at = start
            while initialized < length {
                let inChunk = at % ArenaBytes.chunkBytes
                let n = min(length - initialized, ArenaBytes.chunkBytes - inChunk)
                UnsafeMutableRawPointer(buffer.baseAddress! + initialized).copyMemory(from: arena.base + chunks[at / ArenaBytes.chunkBytes] + inChunk, byteCount: n)
                initialized += n
                at += n
            }
        }
    }
}
