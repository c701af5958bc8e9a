#if canImport(Glibc)
import Glibc
#endif

/// Remembers how many tokens short pre-tokenized pieces encode to, one cache
/// per thread and tokenizer, so counting a corpus merges each common word once
/// instead of every time it appears.
///
/// Exact: a piece of up to 15 bytes is its own key (packed into two words and
/// compared in full), so a hit is never a different piece. Direct-mapped:
/// a new piece replaces whatever shared its slot.
final class PieceCountCache {
    static let maxPieceBytes = 14
    private static let slotBits = 15
    private static let slots = 1 << slotBits
    /// Each slot is one 16-byte entry, so a lookup touches one cache line: the piece's bytes 0–7, then
    /// bytes 8–13, its count (byte 6) and its length (byte 7). Raw storage: no copy-on-write or exclusivity checks.
    private let entries = UnsafeMutablePointer<(UInt64, UInt64)>.allocate(capacity: slots)
    /// Scratch ids for pieces that miss.
    var scratch: [UInt32] = []
    /// This thread's pre-tokenizer, its buffers reused from text to text.
    var splitter: PreTokenizer
    /// Whole short texts seen before (system prompts repeat in every example): text and count, by hash slot.
    private var texts = [(hash: UInt64, text: String, count: Int)](repeating: (0, "", 0), count: PieceCountCache.textSlots)
    static let textSlots = 1 << 12
    static let maxCachedText = 1024

    /// The count remembered for `text` (whose UTF-8 hash is `hash`), if any.
    @inline(__always) func count(ofText text: String, hash: UInt64) -> Int? {
        let e = texts[Int(truncatingIfNeeded: hash) & (PieceCountCache.textSlots - 1)]
        return e.hash == hash && e.text == text ? e.count : nil
    }

    @inline(__always) func remember(text: String, hash: UInt64, count: Int) {
        texts[Int(truncatingIfNeeded: hash) & (PieceCountCache.textSlots - 1)] = (hash, text, count)
    }

    init(pattern: PreTokenizer.Pattern) {
        splitter = PreTokenizer(pattern)
        entries.initialize(repeating: (0, 0), count: PieceCountCache.slots)
    }

    deinit {
        entries.deallocate()
    }

    /// The key of a piece of 2…14 bytes: bytes 0–7, and bytes 8–13 with the length in the top byte (never 0).
    @inline(__always) static func key(_ p: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var a: UInt64 = 0, b = UInt64(p.count) << 56
        if p.count >= 8 {
            a = UInt64(littleEndian: UnsafeRawPointer(p.baseAddress!).loadUnaligned(as: UInt64.self))
        } else {
            for i in 0..<p.count { a |= UInt64(p[i]) << (UInt64(i) * 8) }
        }
        if p.count > 8 { for i in 8..<p.count { b |= UInt64(p[i]) << (UInt64(i - 8) * 8) } }
        return (a, b)
    }

    @inline(__always) private static func slot(_ k: (UInt64, UInt64)) -> Int {
        Int(truncatingIfNeeded: StableHash.mix(k.0 ^ (k.1 &* 0x9E37_79B9_7F4A_7C15)) >> UInt64(64 - slotBits))
    }

    private static let countShift: UInt64 = 48
    private static let countMask: UInt64 = 0xFF << countShift

    @inline(__always) func lookup(_ k: (UInt64, UInt64)) -> Int? {
        let e = entries[PieceCountCache.slot(k)]
        return e.0 == k.0 && e.1 & ~PieceCountCache.countMask == k.1 ? Int((e.1 & PieceCountCache.countMask) >> PieceCountCache.countShift) : nil
    }

    @inline(__always) func store(_ k: (UInt64, UInt64), _ count: Int) {
        guard count <= Int(UInt8.max) else { return }
        entries[PieceCountCache.slot(k)] = (k.0, k.1 | UInt64(count) << PieceCountCache.countShift)
    }
}

/// A per-thread ``PieceCountCache`` for one tokenizer, created on a thread's first use and freed with the thread.
final class ThreadLocalPieceCache: @unchecked Sendable {
    private var key = pthread_key_t()
    private let pattern: PreTokenizer.Pattern

    init(pattern: PreTokenizer.Pattern) {
        self.pattern = pattern
        pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<PieceCountCache>.fromOpaque(pointer).release() }
        }
    }

    var current: PieceCountCache {
        if let p = pthread_getspecific(key) { return Unmanaged<PieceCountCache>.fromOpaque(p).takeUnretainedValue() }
        let cache = PieceCountCache(pattern: pattern)
        pthread_setspecific(key, Unmanaged.passRetained(cache).toOpaque())
        return cache
    }
}
