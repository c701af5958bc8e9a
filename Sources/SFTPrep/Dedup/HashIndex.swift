/// Dedup's exact keys: 128-bit hash keys to record indices, 24 bytes a slot
/// (both key words and the index + 1).
typealias HashIndex = ShardedTable<ExactSlot>

/// A slot of ``HashIndex``: the whole key, then the index + 1 (0: empty).
enum ExactSlot: TableSlot {
    /// A 128-bit key, already uniformly mixed.
    struct Key: Hashable { var a: UInt64; var b: UInt64 }

    static var size: Int { 24 }

    @inline(__always) static func part(_ key: Key) -> Int { Int(truncatingIfNeeded: (key.a &* 0x9E37_79B9_7F4A_7C15) >> 58) }

    @inline(__always) static func home(_ key: Key) -> Int { Int(truncatingIfNeeded: key.a) }

    @inline(__always) static func isEmpty(_ slot: UnsafeRawPointer) -> Bool { slot.load(fromByteOffset: 16, as: UInt32.self) == 0 }

    @inline(__always) static func holds(_ slot: UnsafeRawPointer, _ key: Key) -> Bool {
        slot.load(as: UInt64.self) == key.a && slot.load(fromByteOffset: 8, as: UInt64.self) == key.b
    }

    @inline(__always) static func value(_ slot: UnsafeRawPointer) -> Int32 {
        Int32(bitPattern: slot.load(fromByteOffset: 16, as: UInt32.self) &- 1)
    }

    @inline(__always) static func store(_ key: Key, _ value: Int32, at slot: UnsafeMutableRawPointer) {
        slot.storeBytes(of: key.a, as: UInt64.self)
        slot.storeBytes(of: key.b, toByteOffset: 8, as: UInt64.self)
        slot.storeBytes(of: UInt32(bitPattern: value) &+ 1, toByteOffset: 16, as: UInt32.self)
    }

    @inline(__always) static func key(at slot: UnsafeRawPointer) -> Key {
        Key(a: slot.load(as: UInt64.self), b: slot.load(fromByteOffset: 8, as: UInt64.self))
    }

    static func bloomHash(_ key: Key, part: Int) -> UInt64 { key.a }
}
