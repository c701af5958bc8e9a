/// Token bytes → rank (the token id), parsed once from a `.tiktoken` text.
///
/// All token bytes live in one arena and an open-addressing table maps byte
/// strings to ranks, so looking up a slice allocates nothing.
final class BPERankTable: @unchecked Sendable {
    private var arena: [UInt8] = []
    private var offsets: [Int32] = []      // start of each rank's bytes in the arena; count + 1 entries
    private var slots: [Int32] = []        // rank + 1, 0 = empty
    private var mask = 0
    private(set) var count = 0
    // Raw views of the arrays above for the hot path (the arrays are never mutated after init).
    private var arenaBase: UnsafeMutablePointer<UInt8>!
    private var offsetBase: UnsafeMutablePointer<Int32>!
    private var slotBase: UnsafeMutablePointer<Int32>!

    init(tiktoken text: UnsafeBufferPointer<UInt8>) {
        var pending: [(bytes: Range<Int>, rank: Int)] = []
        pending.reserveCapacity(text.count / 12)
        var i = 0
        var decoded: [UInt8] = []
        while i < text.count {
            var lineEnd = i
            while lineEnd < text.count, text[lineEnd] != 0x0A { lineEnd += 1 }
            var space = i
            while space < lineEnd, text[space] != 0x20 { space += 1 }
            if space < lineEnd {
                decoded.removeAll(keepingCapacity: true)
                BPERankTable.base64Decode(UnsafeBufferPointer(rebasing: text[i..<space]), into: &decoded)
                var rank = 0
                for b in text[(space + 1)..<lineEnd] { rank = rank * 10 + Int(b &- 0x30) }
                let start = arena.count
                arena.append(contentsOf: decoded)
                pending.append((start..<arena.count, rank))
            }
            i = lineEnd + 1
        }
        count = (pending.map(\.rank).max() ?? -1) + 1
        var starts = [Int32](repeating: -1, count: count + 1)
        var lengths = [Int32](repeating: 0, count: count)
        for p in pending {
            starts[p.rank] = Int32(p.bytes.lowerBound)
            lengths[p.rank] = Int32(p.bytes.count)
        }
        // Re-lay the arena in rank order so offsets[r]..<offsets[r + 1] are rank r's bytes.
        var ordered: [UInt8] = []
        ordered.reserveCapacity(arena.count)
        offsets = [Int32](repeating: 0, count: count + 1)
        for r in 0..<count {
            offsets[r] = Int32(ordered.count)
            if starts[r] >= 0 { ordered.append(contentsOf: arena[Int(starts[r])..<Int(starts[r] + lengths[r])]) }
        }
        offsets[count] = Int32(ordered.count)
        arena = ordered
        var capacity = 1
        while capacity < count * 2 { capacity <<= 1 }
        slots = [Int32](repeating: 0, count: capacity)
        mask = capacity - 1
        arena.withUnsafeBufferPointer { a in
            for r in 0..<count where offsets[r + 1] > offsets[r] {
                let s = UnsafeBufferPointer(rebasing: a[Int(offsets[r])..<Int(offsets[r + 1])])
                var h = BPERankTable.hash(s) & mask
                while slots[h] != 0 { h = (h + 1) & mask }
                slots[h] = Int32(r + 1)
            }
        }
        arenaBase = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, arena.count))
        arenaBase.initialize(from: arena, count: arena.count)
        offsetBase = UnsafeMutablePointer<Int32>.allocate(capacity: offsets.count)
        offsetBase.initialize(from: offsets, count: offsets.count)
        slotBase = UnsafeMutablePointer<Int32>.allocate(capacity: slots.count)
        slotBase.initialize(from: slots, count: slots.count)
    }

    deinit {
        arenaBase.deallocate()
        offsetBase.deallocate()
        slotBase.deallocate()
    }

    @inline(__always) static func hash(_ s: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in s { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return Int(truncatingIfNeeded: StableHash.mix(h))
    }

    /// The rank of exactly these bytes, or nil.
    @inline(__always) func rank(_ s: UnsafeBufferPointer<UInt8>) -> Int? {
        var h = BPERankTable.hash(s) & mask
        while true {
            let r = Int(slotBase[h])
            if r == 0 { return nil }
            let start = Int(offsetBase[r - 1]), end = Int(offsetBase[r])
            if end - start == s.count, memcmp(arenaBase + start, s.baseAddress!, s.count) == 0 { return r - 1 }
            h = (h + 1) & mask
        }
    }

    /// The bytes of a rank.
    func bytes(_ rank: Int) -> ArraySlice<UInt8> {
        guard rank >= 0, rank < count else { return [] }
        return arena[Int(offsets[rank])..<Int(offsets[rank + 1])]
    }

    static func base64Decode(_ s: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var acc: UInt32 = 0
        var bits = 0
        for c in s {
            let v: UInt32
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = UInt32(c - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): v = UInt32(c - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt32(c - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"): v = 62
            case UInt8(ascii: "/"): v = 63
            default: continue
            }
            acc = acc << 6 | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
