/// Finds which of many byte strings occur in a text, in one pass with one
/// table lookup per byte (an Aho–Corasick automaton made dense: every state
/// has all 256 transitions). Each needle carries a tag bit; the scan returns
/// the union of the tags found. Used as a gate, so rare and expensive checks
/// run only on the texts that can need them.
struct ByteNeedles: Sendable {
    /// `next[state * classCount + byteClass[byte]]`: the state after reading `byte`. Bytes that no needle
    /// has share one class, so a row is a few dozen entries, not 256: the person-cue table is ~55 KB
    /// instead of ~1 MB and stays in cache (with 256 columns, `run` at 1 GB was ~40% slower).
    private let next: [UInt16]
    /// Each byte's column; ASCII capitals share their small letter's with `foldsCase`.
    private let byteClass: [UInt8]
    private let classCount: Int
    /// Tags of the needles that end in each state (its suffixes' included).
    private let output: [UInt32]
    /// The longest needle ending in each state (-1: none), and the next state along the failure links
    /// where one ends (0: none): every needle that ends at a position, for ``forEachMatch(_:_:)``.
    private let ending: [Int32]
    private let nextEnding: [UInt16]
    /// The first state to report at each state: itself if a needle ends there, else `nextEnding` (0: none).
    /// One lookup per byte in ``forEachMatch(_:_:)``.
    private let firstEnding: [UInt16]
    private let lengths: [Int]
    /// The trie alone (`state * classCount + class`: the child, or 0 for none; no edge leads back to the root),
    /// for ``forEachWordStartMatch(_:_:)``: one load per step of a walk.
    private let trie: [UInt16]
    /// Whether some needle starts with each pair of byte classes (`first * classCount + second`), or is one
    /// byte long: most word starts are turned away by this one independent load before any trie walk.
    private let startsPair: [Bool]
    /// Whether every needle starts with a letter, as ``forEachWordStartMatch(_:_:)`` needs.
    private let startWithLetters: Bool

    /// `needles` with their tags (bit masks); at most 65,535 states and 255 distinct needle bytes in all.
    /// With `foldsCase`, ASCII capitals in the text are read as small letters (needles are then given in small letters).
    init(_ needles: [(bytes: [UInt8], tag: UInt32)], foldsCase: Bool = false) {
        lengths = needles.map(\.bytes.count)
        // Byte classes: 0 for bytes no needle has, one for each byte a needle has.
        var classes = [UInt8](repeating: 0, count: 256)
        var count = 1
        for (bytes, _) in needles {
            for b in bytes where classes[Int(b)] == 0 {
                precondition(count < 256, "too many distinct needle bytes")
                classes[Int(b)] = UInt8(count)
                count += 1
            }
        }
        if foldsCase { for b in 0x41...0x5A { classes[b] = classes[b | 0x20] } }
        byteClass = classes
        classCount = count
        var endingNeedle: [Int32] = [-1]
        var goto: [[Int32]] = [Array(repeating: -1, count: count)]
        var out: [UInt32] = [0]
        for (index, (bytes, tag)) in needles.enumerated() where !bytes.isEmpty {
            var s = 0
            for b in bytes {
                let c = Int(classes[Int(b)])
                if goto[s][c] < 0 {
                    goto[s][c] = Int32(goto.count)
                    goto.append(Array(repeating: -1, count: count))
                    out.append(0)
                    endingNeedle.append(-1)
                }
                s = Int(goto[s][c])
            }
            out[s] |= tag
            if endingNeedle[s] < 0 || bytes.count > needles[Int(endingNeedle[s])].bytes.count { endingNeedle[s] = Int32(index) }
        }
        precondition(goto.count < Int(UInt16.max), "too many needles for 16-bit states")
        // Breadth first: failure links, outputs along them, and every missing transition filled.
        var fail = [Int](repeating: 0, count: goto.count)
        var dense = [UInt16](repeating: 0, count: goto.count * count)
        var queue: [Int] = []
        for c in 0..<count {
            let t = goto[0][c]
            if t >= 0 {
                dense[c] = UInt16(t)
                queue.append(Int(t))
            }
        }
        var head = 0
        var dictionary = [UInt16](repeating: 0, count: goto.count)
        while head < queue.count {
            let s = queue[head]
            head += 1
            out[s] |= out[fail[s]]
            dictionary[s] = endingNeedle[fail[s]] >= 0 ? UInt16(fail[s]) : dictionary[fail[s]]
            for c in 0..<count {
                let t = goto[s][c]
                if t >= 0 {
                    fail[Int(t)] = Int(dense[fail[s] * count + c])
                    dense[s * count + c] = UInt16(t)
                    queue.append(Int(t))
                } else {
                    dense[s * count + c] = dense[fail[s] * count + c]
                }
            }
        }
        next = dense
        output = out
        ending = endingNeedle
        nextEnding = dictionary
        firstEnding = (0..<endingNeedle.count).map { endingNeedle[$0] >= 0 ? UInt16($0) : dictionary[$0] }
        trie = goto.flatMap { row in row.map { UInt16(max(0, $0)) } }
        var pairs = [Bool](repeating: false, count: count * count)
        for (bytes, _) in needles where !bytes.isEmpty {
            let first = Int(classes[Int(bytes[0])])
            if bytes.count == 1 {
                for second in 0..<count { pairs[first * count + second] = true }
            } else {
                pairs[first * count + Int(classes[Int(bytes[1])])] = true
            }
        }
        startsPair = pairs
        startWithLetters = needles.allSatisfy { $0.bytes.first.map { ($0 | 0x20) &- 0x61 < 26 || $0 >= 0xC0 } ?? true }
    }

    /// The tags of the needles that occur in `p`.
    func scan(_ p: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var found: UInt32 = 0
        var s = 0
        let width = classCount
        next.withUnsafeBufferPointer { next in
            byteClass.withUnsafeBufferPointer { byteClass in
                output.withUnsafeBufferPointer { output in
                    for b in p {
                        s = Int(next[s &* width &+ Int(byteClass[Int(b)])])
                        found |= output[s]
                    }
                }
            }
        }
        return found
    }

    /// Calls `body` with every occurrence: the needle's index and the range of bytes it covers.
    func forEachMatch(_ p: UnsafeBufferPointer<UInt8>, _ body: (_ needle: Int, _ range: Range<Int>) -> Void) {
        var s = 0
        let width = classCount
        next.withUnsafeBufferPointer { next in
            firstEnding.withUnsafeBufferPointer { firstEnding in
                byteClass.withUnsafeBufferPointer { byteClass in
                    for i in 0..<p.count {
                        s = Int(next[s &* width &+ Int(byteClass[Int(p[i])])])
                        var t = Int(firstEnding[s])
                        while t != 0 {
                            let n = Int(ending[t])
                            body(n, (i + 1 - lengths[n])..<(i + 1))
                            t = Int(nextEnding[t])
                        }
                    }
                }
            }
        }
    }

    /// Calls `body` with every occurrence that starts where a word may start: at the text's start or after
    /// any byte but an ASCII letter (a non-ASCII byte before is the caller's to judge). In text order. The
    /// needles must start with a letter (ASCII, or a multi-byte character).
    ///
    /// For needles that are whole words this finds what ``forEachMatch(_:_:)`` finds, several times faster:
    /// word starts are found eight bytes at a time, a table of first byte pairs turns most of them away, and
    /// only the rest walk the trie, where the full automaton reads every byte through a chain of dependent
    /// table loads (the person cues took ~15% of `redact` that way).
    func forEachWordStartMatch(_ p: UnsafeBufferPointer<UInt8>, _ body: (_ needle: Int, _ range: Range<Int>) -> Void) {
        precondition(startWithLetters, "word-start matching needs needles that start with a letter")
        guard let base = p.baseAddress else { return }
        let width = classCount
        next.withUnsafeBufferPointer { next in
            byteClass.withUnsafeBufferPointer { byteClass in
                trie.withUnsafeBufferPointer { trie in
                    startsPair.withUnsafeBufferPointer { startsPair in
                      ending.withUnsafeBufferPointer { ending in
                        func walk(from i: Int) {
                            let first = Int(byteClass[Int(p[i])])
                            let second = i + 1 < p.count ? Int(byteClass[Int(p[i + 1])]) : 0
                            guard startsPair[first &* width &+ second] else { return }
                            var s = Int(trie[first])
                            var j = i
                            while s != 0 {
                                if ending[s] >= 0 { body(Int(ending[s]), i..<(j + 1)) }
                                j += 1
                                guard j < p.count else { return }
                                s = Int(trie[s &* width &+ Int(byteClass[Int(p[j])])])
                            }
                        }
                        // Eight bytes at a time: letters and lead bytes not after an ASCII letter.
                        var i = 0
                        var previousLetter: UInt64 = 0   // the last byte's letter bit, moved to the first byte's place
                        while i + 8 <= p.count {
                            let w = ByteScan.word(base, i)
                            let letters = ByteScan.asciiLetters(w)
                            var starts = (letters | ByteScan.leadBytes(w)) & ~((letters << 8) | previousLetter)
                            previousLetter = letters >> 56
                            while starts != 0 {
                                walk(from: i + starts.trailingZeroBitCount / 8)
                                starts &= starts &- 1
                            }
                            i += 8
                        }
                        var previousIsLetter = previousLetter != 0
                        while i < p.count {
                            let c = p[i]
                            let isLetter = (c | 0x20) &- 0x61 < 26
                            if !previousIsLetter && (isLetter || c >= 0xC0) { walk(from: i) }
                            previousIsLetter = isLetter
                            i += 1
                        }
                      }
                    }
                }
            }
        }
    }
}
