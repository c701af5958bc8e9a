/// Finds which of many byte strings occur in a text, in one pass with one
/// table lookup per byte (an Aho–Corasick automaton made dense: every state
/// has all 256 transitions). Each needle carries a tag bit; the scan returns
/// the union of the tags found. Used as a gate, so rare and expensive checks
/// run only on the texts that can need them.
struct ByteNeedles: Sendable {
    /// `next[state * 256 + byte]`: the state after reading `byte`.
    private let next: [UInt16]
    /// Tags of the needles that end in each state (its suffixes' included).
    private let output: [UInt32]
    /// The longest needle ending in each state (-1: none), and the next state along the failure links
    /// where one ends (0: none): every needle that ends at a position, for ``forEachMatch(_:_:)``.
    private let ending: [Int32]
    private let nextEnding: [UInt16]
    private let lengths: [Int]
    /// Whether ASCII capitals are read as small letters (needles are then given in small letters).
    private let foldsCase: Bool

    /// `needles` with their tags (bit masks); at most 65,535 states in all. With `foldsCase`, ASCII
    /// capitals in the text are read as small letters.
    init(_ needles: [(bytes: [UInt8], tag: UInt32)], foldsCase: Bool = false) {
        self.foldsCase = foldsCase
        lengths = needles.map(\.bytes.count)
        var endingNeedle: [Int32] = [-1]
        var goto: [[Int32]] = [Array(repeating: -1, count: 256)]
        var out: [UInt32] = [0]
        for (index, (bytes, tag)) in needles.enumerated() where !bytes.isEmpty {
            var s = 0
            for b in bytes {
                if goto[s][Int(b)] < 0 {
                    goto[s][Int(b)] = Int32(goto.count)
                    goto.append(Array(repeating: -1, count: 256))
                    out.append(0)
                    endingNeedle.append(-1)
                }
                s = Int(goto[s][Int(b)])
            }
            out[s] |= tag
            if endingNeedle[s] < 0 || bytes.count > needles[Int(endingNeedle[s])].bytes.count { endingNeedle[s] = Int32(index) }
        }
        precondition(goto.count < Int(UInt16.max), "too many needles for 16-bit states")
        // Breadth first: failure links, outputs along them, and every missing transition filled.
        var fail = [Int](repeating: 0, count: goto.count)
        var dense = [UInt16](repeating: 0, count: goto.count * 256)
        var queue: [Int] = []
        for b in 0..<256 {
            let t = goto[0][b]
            if t >= 0 {
                dense[b] = UInt16(t)
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
            for b in 0..<256 {
                let t = goto[s][b]
                if t >= 0 {
                    fail[Int(t)] = Int(dense[fail[s] * 256 + b])
                    dense[s * 256 + b] = UInt16(t)
                    queue.append(Int(t))
                } else {
                    dense[s * 256 + b] = dense[fail[s] * 256 + b]
                }
            }
        }
        next = dense
        output = out
        ending = endingNeedle
        nextEnding = dictionary
    }

    /// The byte as the automaton reads it.
    @inline(__always) private static func folded(_ b: UInt8, _ fold: Bool) -> UInt8 {
        fold && b >= 0x41 && b <= 0x5A ? b | 0x20 : b
    }

    /// The tags of the needles that occur in `p`.
    func scan(_ p: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var found: UInt32 = 0
        var s = 0
        next.withUnsafeBufferPointer { next in
            output.withUnsafeBufferPointer { output in
                for b in p {
                    s = Int(next[s &* 256 &+ Int(ByteNeedles.folded(b, foldsCase))])
                    found |= output[s]
                }
            }
        }
        return found
    }

    /// Calls `body` with every occurrence: the needle's index and the range of bytes it covers.
    func forEachMatch(_ p: UnsafeBufferPointer<UInt8>, _ body: (_ needle: Int, _ range: Range<Int>) -> Void) {
        var s = 0
        next.withUnsafeBufferPointer { next in
            for (i, b) in p.enumerated() {
                s = Int(next[s &* 256 &+ Int(ByteNeedles.folded(b, foldsCase))])
                var t = ending[s] >= 0 ? s : Int(nextEnding[s])
                while t != 0 {
                    let n = Int(ending[t])
                    body(n, (i + 1 - lengths[n])..<(i + 1))
                    t = Int(nextEnding[t])
                }
            }
        }
    }
}
