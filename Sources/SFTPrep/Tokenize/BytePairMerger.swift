/// Byte-pair encoding of one pre-tokenized piece, exactly as tiktoken's
/// `byte_pair_merge`: repeatedly merge the adjacent pair whose merged bytes
/// have the lowest rank (the leftmost on ties) until no pair is in the vocabulary.
///
/// Short pieces use tiktoken's scan over a small array; long ones (a 100 kB
/// run without spaces) use a heap and a linked list so the work stays
/// O(n log n) instead of quadratic. Both merge in the same order.
struct BytePairMerger {
    let table: BPERankTable
    static let heapThreshold = 128
    /// Longer pieces are merged in parts of this size, cut at character boundaries. Only a run of
    /// one character class this long (a megabyte without a space, digit or punctuation mark) meets
    /// this: its count may then differ from tiktoken's by a token or so per part. Merging it whole
    /// would take 60 bytes of memory per byte (3 GB for a 50 MB run), and tiktoken's own merge is
    /// quadratic there.
    static let maxWholePiece = 1 << 20

    func encode(_ piece: UnsafeBufferPointer<UInt8>, into out: inout [UInt32]) {
        if piece.count > BytePairMerger.maxWholePiece { return encodeInParts(piece, into: &out) }
        encodeWhole(piece, into: &out)
    }

    @inline(never) private func encodeInParts(_ piece: UnsafeBufferPointer<UInt8>, into out: inout [UInt32]) {
        var start = 0
        while start < piece.count {
            var end = min(piece.count, start + BytePairMerger.maxWholePiece)
            while end < piece.count && piece[end] & 0xC0 == 0x80 { end -= 1 }  // not inside a character
            encodeWhole(UnsafeBufferPointer(rebasing: piece[start..<end]), into: &out)
            start = end
        }
    }

    @inline(__always) private func encodeWhole(_ piece: UnsafeBufferPointer<UInt8>, into out: inout [UInt32]) {
        if piece.count == 1 {
            out.append(UInt32(table.rank(piece) ?? 0))
            return
        }
        if let whole = table.rank(piece) {
            out.append(UInt32(whole))
            return
        }
        if piece.count < BytePairMerger.heapThreshold { scan(piece, into: &out) } else { heap(piece, into: &out) }
    }

    @inline(__always) private func rank(_ piece: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        table.rank(UnsafeBufferPointer(rebasing: piece[start..<end])) ?? Int.max
    }

    func scan(_ piece: UnsafeBufferPointer<UInt8>, into out: inout [UInt32]) {
        // parts[k] = (start, rank of merging part k with part k + 1)
        var starts = Array(0...piece.count)
        var ranks = [Int](repeating: .max, count: piece.count + 1)
        for k in 0..<(piece.count - 1) { ranks[k] = rank(piece, k, k + 2) }
        while true {
            var best = Int.max, at = -1
            for k in 0..<(starts.count - 1) where ranks[k] < best { best = ranks[k]; at = k }
            if at < 0 { break }
            starts.remove(at: at + 1)
            ranks.remove(at: at + 1)
            ranks[at] = at + 2 < starts.count ? rank(piece, starts[at], starts[at + 2]) : .max
            if at > 0 { ranks[at - 1] = rank(piece, starts[at - 1], starts[at + 1]) }
        }
        for k in 0..<(starts.count - 1) { out.append(UInt32(rank(piece, starts[k], starts[k + 1]))) }
    }

    func heap(_ piece: UnsafeBufferPointer<UInt8>, into out: inout [UInt32]) {
        let n = piece.count
        var next = Array(1...n)          // next[k]: start of the part after the one starting at k (n = end)
        var prev = Array(-1..<(n - 1))   // prev[k]: start of the part before
        var alive = [Bool](repeating: true, count: n)
        var version = [Int](repeating: 0, count: n)
        var queue = MinHeap()
        for k in 0..<(n - 1) {
            let r = rank(piece, k, k + 2)
            if r != .max { queue.push(HeapEntry(rank: r, start: k, version: 0)) }
        }
        while let e = queue.pop() {
            guard alive[e.start], version[e.start] == e.version else { continue }
            let right = next[e.start]
            guard right < n else { continue }
            // Merge the part at e.start with the one at `right`.
            alive[right] = false
            next[e.start] = next[right]
            if next[right] < n { prev[next[right]] = e.start }
            version[e.start] += 1
            let after = next[e.start]
            if after < n {
                let r = rank(piece, e.start, next[after])
                if r != .max { queue.push(HeapEntry(rank: r, start: e.start, version: version[e.start])) }
            }
            let before = prev[e.start]
            if before >= 0 {
                version[before] += 1
                let r = rank(piece, before, next[e.start])
                if r != .max { queue.push(HeapEntry(rank: r, start: before, version: version[before])) }
            }
        }
        var k = 0
        while k < n {
            out.append(UInt32(rank(piece, k, next[k])))
            k = next[k]
        }
    }
}

struct HeapEntry {
    var rank: Int
    var start: Int
    var version: Int

    @inline(__always) func precedes(_ o: HeapEntry) -> Bool { rank != o.rank ? rank < o.rank : start < o.start }
}

/// A binary min-heap ordered by (rank, start): the lowest rank, leftmost first.
struct MinHeap {
    private var items: [HeapEntry] = []

    mutating func push(_ e: HeapEntry) {
        items.append(e)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard items[i].precedes(items[p]) else { break }
            items.swapAt(i, p)
            i = p
        }
    }

    mutating func pop() -> HeapEntry? {
        guard !items.isEmpty else { return nil }
        let top = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count, items[l].precedes(items[m]) { m = l }
                if r < items.count, items[r].precedes(items[m]) { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}
