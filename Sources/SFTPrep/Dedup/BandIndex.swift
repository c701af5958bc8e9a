/// LSH band key → the newest kept conversation with that band, in 8 bytes a
/// slot: 32 bits of the key and the conversation's index + 1, in one word
/// (zero: empty).
///
/// Only 38 bits of a band key count (32 kept in the slot, 6 that chose the
/// part), so two different band keys may, rarely, share an entry. That costs
/// one extra candidate, never a wrong answer: every candidate is confirmed by
/// comparing signatures.
typealias BandIndex = ShardedTable<BandSlot>

/// A slot of ``BandIndex``: the key's high 32 bits, then the index + 1.
enum BandSlot: TableSlot {
    typealias Key = UInt64

    private static let tagBits: UInt64 = 0xFFFF_FFFF_0000_0000

    static var size: Int { 8 }

    @inline(__always) static func part(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 58) }

    /// From the kept 32 bits, so an entry can be placed again from its slot.
    @inline(__always) static func home(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key >> 32) }

    @inline(__always) static func isEmpty(_ slot: UnsafeRawPointer) -> Bool { slot.load(as: UInt64.self) == 0 }

    @inline(__always) static func holds(_ slot: UnsafeRawPointer, _ key: UInt64) -> Bool {
        slot.load(as: UInt64.self) & tagBits == key & tagBits
    }

    @inline(__always) static func value(_ slot: UnsafeRawPointer) -> Int32 {
        Int32(truncatingIfNeeded: slot.load(as: UInt64.self) & 0xFFFF_FFFF) - 1
    }

    @inline(__always) static func store(_ key: UInt64, _ value: Int32, at slot: UnsafeMutableRawPointer) {
        slot.storeBytes(of: key & tagBits | UInt64(UInt32(value) + 1), as: UInt64.self)
    }

    @inline(__always) static func key(at slot: UnsafeRawPointer) -> UInt64 { slot.load(as: UInt64.self) & tagBits }

    /// The 38 bits of the key that count: the 32 a slot keeps and the part's 6.
    static func bloomHash(_ key: UInt64, part: Int) -> UInt64 { key & tagBits | UInt64(part) }
}
