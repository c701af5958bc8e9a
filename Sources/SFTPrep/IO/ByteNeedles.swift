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

    /// `needles` with their tags (bit masks); at most 65,535 states in all.
    init(_ needles: [(bytes: [UInt8], tag: UInt32)]) {
        var goto: [[Int32]] = [Array(repeating: -1, count: 256)]
        var out: [UInt32] = [0]
        for (bytes, tag) in needles where !bytes.isEmpty {
            var s = 0
            for b in bytes {
                if goto[s][Int(b)] < 0 {
                    goto[s][Int(b)] = Int32(goto.count)
                    goto.append(Array(repeating: -1, count: 256))
                    out.append(0)
                }
                s = Int(goto[s][Int(b)])
            }
            out[s] |= tag
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
        while head < queue.count {
            let s = queue[head]
            head += 1
            out[s] |= out[fail[s]]
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
    }

    /// The tags of the needles that occur in `p`.
    func scan(_ p: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var found: UInt32 = 0
        var s = 0
        next.withUnsafeBufferPointer { next in
            output.withUnsafeBufferPointer { output in
                for b in p {
                    s = Int(next[s &* 256 &+ Int(b)])
                    found |= output[s]
                }
            }
        }
        return found
    }
}
