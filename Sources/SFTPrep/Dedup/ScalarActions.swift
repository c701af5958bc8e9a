#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What dedup's two normalisers (``DedupText``) do with a non-ASCII scalar of
/// the Basic Multilingual Plane, worked out through Unicode properties the
/// first time a thread meets the scalar and then remembered in that thread's
/// tables. Multilingual text repeats its few hundred letters millions of
/// times, and every property lookup is a call into the runtime's Unicode
/// tables (lower-casing even builds a string).
///
/// An entry packs the action (low byte), the number of bytes (second byte)
/// and up to six UTF-8 bytes; 0 means not worked out yet. Scalars whose action
/// does not fit (above U+FFFF, longer mappings, folds that split a token) are
/// marked `slow`, and the normaliser takes its scalar-by-scalar path for them.
final class ScalarActions {
    /// Near-duplicate tokens: end the token, a token of its own, bytes to add (none: ignore it), or the rule itself.
    enum Token: UInt64 { case flush = 1, alone, add, slow }
    /// Exact keys: a space, nothing, or bytes to add.
    enum Key: UInt64 { case space = 1, drop, add, slow }

    private static let planeSize = 0x1_0000
    private let tokens = UnsafeMutablePointer<UInt64>.allocate(capacity: ScalarActions.planeSize)
    /// As `tokens`, with every digit read as `0` (`--ignore-digits`).
    private let digitFoldedTokens = UnsafeMutablePointer<UInt64>.allocate(capacity: ScalarActions.planeSize)
    private let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: ScalarActions.planeSize)

    /// Scratch memory for dedup's fingerprints (key text, tokens, signatures), kept for the thread's next
    /// conversation (up to `keptScratchBytes`).
    private var scratch = UnsafeMutableRawPointer.allocate(byteCount: 4096, alignment: 8)
    private var scratchBytes = 4096
    private static let keptScratchBytes = 1 << 20

    /// Calls `body` with room for at least `count` values of `T`: this thread's kept buffer, or for a
    /// text too long to keep room for (a 60 MB message needs a gigabyte here), memory freed right after.
    func withScratch<T, R>(_ type: T.Type, count: Int, _ body: (UnsafeMutablePointer<T>) -> R) -> R {
        let bytes = max(1, count) * MemoryLayout<T>.stride
        if bytes > ScalarActions.keptScratchBytes {
            let once = UnsafeMutablePointer<T>.allocate(capacity: max(1, count))
            defer { once.deallocate() }
            return body(once)
        }
        if bytes > scratchBytes {
            scratch.deallocate()
            scratchBytes = max(bytes, 2 * scratchBytes)
            scratch = .allocate(byteCount: scratchBytes, alignment: 8)
        }
        return body(scratch.bindMemory(to: T.self, capacity: max(1, count)))
    }

    private init() {
        tokens.initialize(repeating: 0, count: ScalarActions.planeSize)
        digitFoldedTokens.initialize(repeating: 0, count: ScalarActions.planeSize)
        keys.initialize(repeating: 0, count: ScalarActions.planeSize)
    }

    deinit {
        tokens.deallocate()
        digitFoldedTokens.deallocate()
        keys.deallocate()
        scratch.deallocate()
    }

    /// The action and bytes of an entry.
    @inline(__always) static func kind(_ e: UInt64) -> UInt64 { e & 0xFF }
    @inline(__always) static func forEachByte(_ e: UInt64, _ body: (UInt8) -> Void) {
        var rest = e >> 16
        for _ in 0..<Int((e >> 8) & 0xFF) {
            body(UInt8(truncatingIfNeeded: rest))
            rest >>= 8
        }
    }

    /// The near-duplicate token action for `v` (non-ASCII); `foldDigits` reads every digit as `0`.
    @inline(__always) func token(_ v: UInt32, foldDigits: Bool) -> UInt64 {
        if foldDigits { return ScalarActions.lookUp(digitFoldedTokens, v, slow: Token.slow.rawValue) { ScalarActions.workOutToken($0, foldDigits: true) } }
        return ScalarActions.lookUp(tokens, v, slow: Token.slow.rawValue) { ScalarActions.workOutToken($0, foldDigits: false) }
    }

    /// The exact-key action for `v` (non-ASCII).
    @inline(__always) func key(_ v: UInt32) -> UInt64 {
        ScalarActions.lookUp(keys, v, slow: Key.slow.rawValue, ScalarActions.workOutKey)
    }

    /// `table`'s entry for `v`, worked out and stored on first use; `slow` outside the plane.
    @inline(__always) private static func lookUp(_ table: UnsafeMutablePointer<UInt64>, _ v: UInt32, slow: UInt64,
                                                 _ workOut: (UInt32) -> UInt64) -> UInt64 {
        guard v < planeSize else { return slow }
        let e = table[Int(v)]
        if e != 0 { return e }
        let worked = workOut(v)
        table[Int(v)] = worked
        return worked
    }

    private static func pack(_ kind: UInt64, _ bytes: some Collection<UInt8>, slow: UInt64) -> UInt64 {
        guard bytes.count <= 6 else { return slow }
        var e = kind | UInt64(bytes.count) << 8
        for (k, b) in bytes.enumerated() { e |= UInt64(b) << (16 + 8 * UInt64(k)) }
        return e
    }

    /// How ``DedupText/tokenHashes(_:to:)`` treats a non-ASCII scalar, as steps: `flush` ends
    /// the current token, `add` puts a byte into it. Lower case, digits as themselves (every digit as
    /// `0` with `foldDigits`), punctuation as space, accents dropped (``AccentFolding``), marks
    /// ignored, spaceless scripts a character each.
    /// The one statement of the rule: table entries are made by recording it.
    static func tokenSteps(_ v: UInt32, foldDigits: Bool, _ flush: () -> Void, _ add: (UInt8) -> Void) {
        if let folded = AccentFolding.fold(v) {
            // Accented letter: its base letters (lower-cased), as after NFD and dropping marks.
            for f in folded {
                if let base = Unicode.Scalar(f), base.properties.isAlphabetic {
                    for b in base.properties.lowercaseMapping.utf8 { add(b) }
                } else {
                    flush()
                }
            }
            return
        }
        guard let scalar = Unicode.Scalar(v) else { return }
        let props = scalar.properties
        if props.generalCategory == .nonspacingMark || props.generalCategory == .enclosingMark { return }
        if DedupText.isSpacelessScript(v) {
            flush()
            for b in String(scalar).utf8 { add(b) }
            flush()
        } else if props.numericType != nil {
            if foldDigits { add(UInt8(ascii: "0")) } else { for b in String(scalar).utf8 { add(b) } }
        } else if props.isAlphabetic {
            for b in props.lowercaseMapping.utf8 { add(b) }
        } else {
            flush()
        }
    }

    /// How ``DedupText/exactKey(_:to:)`` treats a non-ASCII scalar: whitespace is a `space`; letters,
    /// digits and nonspacing marks `add` their lower-cased bytes; anything else leaves nothing.
    static func keySteps(_ v: UInt32, _ space: () -> Void, _ add: (UInt8) -> Void) {
        guard let scalar = Unicode.Scalar(v) else { return }
        let props = scalar.properties
        if props.isWhitespace {
            space()
        } else if props.isAlphabetic || props.numericType != nil || props.generalCategory == .nonspacingMark {
            for b in props.lowercaseMapping.utf8 { add(b) }
        }
    }

    /// `tokenSteps` for `v`, recorded as an entry: bytes only, one flush, or a token of its own; else slow.
    static func workOutToken(_ v: UInt32, foldDigits: Bool) -> UInt64 {
        var steps: [UInt8?] = []  // nil: flush
        tokenSteps(v, foldDigits: foldDigits, { steps.append(nil) }, { steps.append($0) })
        let bytes = steps.compactMap { $0 }
        let slow = Token.slow.rawValue
        if !steps.contains(nil) { return pack(Token.add.rawValue, bytes, slow: slow) }
        if steps == [nil] { return Token.flush.rawValue }
        if steps.count > 2, steps.first! == nil, steps.last! == nil, !steps.dropFirst().dropLast().contains(nil) {
            return pack(Token.alone.rawValue, bytes, slow: slow)
        }
        return slow
    }

    /// `keySteps` for `v`, recorded as an entry: a space, nothing, or bytes; else slow.
    static func workOutKey(_ v: UInt32) -> UInt64 {
        var spaced = false
        var bytes: [UInt8] = []
        keySteps(v, { spaced = true }, { bytes.append($0) })
        if spaced { return Key.space.rawValue }
        return bytes.isEmpty ? Key.drop.rawValue : pack(Key.add.rawValue, bytes, slow: Key.slow.rawValue)
    }

    /// This thread's tables, made on first use and freed with the thread.
    static var current: ScalarActions {
        if let p = pthread_getspecific(threadKey.key) { return Unmanaged<ScalarActions>.fromOpaque(p).takeUnretainedValue() }
        let actions = ScalarActions()
        pthread_setspecific(threadKey.key, Unmanaged.passRetained(actions).toOpaque())
        return actions
    }

    private static let threadKey = ThreadKey()

    private final class ThreadKey: @unchecked Sendable {
        var key = pthread_key_t()
        init() {
            pthread_key_create(&key) { pointer in
                if let pointer { Unmanaged<ScalarActions>.fromOpaque(pointer).release() }
            }
        }
    }
}
