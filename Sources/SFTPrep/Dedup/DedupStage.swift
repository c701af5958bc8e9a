/// `dedup`: removes exact and near-duplicate conversations, keeping the first
/// copy in input order and naming it in every drop.
///
/// Exact copies: a 128-bit hash of the normalised text (case, whitespace and
/// punctuation ignored) of the chosen scope. Near copies: MinHash signatures
/// of word n-grams, banded LSH for candidates, each candidate confirmed by
/// estimated Jaccard ≥ threshold. In `conversation` scope a pair must be
/// near-identical on both sides — prompt (system and user turns) and response
/// (assistant turns) — so conversations that share a system prompt and a
/// question but answer differently are never merged.
///
/// Keys and signatures are computed in parallel; decisions are taken in input
/// order, so the output is the same whatever the thread count. Per kept
/// conversation dedup remembers about 600 bytes (its location, its exact key,
/// one table entry and one chain link per band, two 8-bit signatures) in a
/// ``KeptIndex``, which stays within ``DedupOptions/indexMemory`` by moving
/// the rest to a temporary file: the stage streams in flat memory over any
/// input size, and decides exactly as it would in memory.
public struct DedupStage: OrderedStage {
    public let name = "dedup"
    public let options: DedupOptions

    /// Everything dedup needs of one conversation, computed without looking at others, in one
    /// allocation: 24 bytes, so it travels through the batch engine as `Any` without a box of its own.
    struct Fingerprint {
        let exact: HashIndex.Key
        /// The LSH band keys of the banding side's full signature (8 bytes each), then the compact
        /// signatures: the banding side's, then the other side's if it has one (see ``NearPrint``).
        /// Empty when near dedup is off or the text is empty.
        let near: [UInt8]
    }

    /// A fingerprint's near-duplicate part, read in place.
    struct NearPrint {
        let base: UnsafePointer<UInt8>
        let bands: Int
        let permutations: Int
        let hasSecondary: Bool

        /// Reads the layout of ``Fingerprint/near`` (not empty).
        init(_ near: UnsafeBufferPointer<UInt8>, bands: Int, permutations: Int) {
            base = near.baseAddress!
            self.bands = bands
            self.permutations = permutations
            hasSecondary = near.count == NearPrint.size(bands: bands, permutations: permutations, secondary: true)
        }

        static func size(bands: Int, permutations: Int, secondary: Bool) -> Int {
            8 * bands + (secondary ? 2 : 1) * permutations
        }

        func bandKey(_ band: Int) -> UInt64 { UnsafeRawPointer(base).loadUnaligned(fromByteOffset: 8 * band, as: UInt64.self) }

        var primary: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base + 8 * bands, count: permutations) }

        /// The other side's signature (only with ``hasSecondary``).
        var secondary: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base + 8 * bands + permutations, count: permutations) }
    }

    /// Candidates compared per conversation at most (newest first along each band):
    /// bounds the work on data where thousands of texts are alike without being copies.
    static let maxCandidates = 64

    private let hasher: MinHasher
    private let fingerprinter: Fingerprinter
    private let lsh: LSHParameters
    /// What was kept (a class: copied when a copy of this stage changes).
    private var index: KeptIndex
    /// The current conversation's band heads, as the candidate search found them: a kept conversation
    /// links to them without looking each band up again (reused, so no allocation per conversation).
    private var heads: [Int32] = []

    public init(options: DedupOptions = DedupOptions()) {
        self.options = options
        hasher = MinHasher(permutations: options.permutations, seed: options.seed)
        var o = options
        o.permutations = hasher.permutations
        lsh = o.lsh
        fingerprinter = Fingerprinter(options: options, hasher: hasher, lsh: lsh)
        index = KeptIndex(bands: lsh.bands, permutations: hasher.permutations, budget: options.indexMemory)
    }

    /// The per-conversation half of dedup: only settings, so parallel workers share nothing that
    /// `decide` mutates (capturing the whole stage could make a batch copy the kept signatures).
    struct Fingerprinter: Sendable {
        let options: DedupOptions
        let hasher: MinHasher
        let lsh: LSHParameters

        /// Works in this thread's scratch memory: the only allocation is the fingerprint's own.
        func fingerprint(_ c: Conversation) -> Fingerprint {
            let scope: Side
            switch options.scope {
            case .conversation: scope = .all
            case .prompt: scope = .prompt
            case .response: scope = .response
            }
            var textBytes = 0
            // By index: `for m in c.messages` copies each message (a retain and a release per field).
            let messages = c.messages
            for i in messages.indices { textBytes += messages[i].content?.utf8.count ?? 0 }
            let keyRoom = DedupText.exactKeyCapacity(textBytes) + 16 * messages.count
            // The sides whose tokens make signatures: the banding side, then the other (none without near dedup).
            let (first, second): (Side?, Side?)
            switch (options.near, options.scope) {
            case (false, _): (first, second) = (nil, nil)
            case (true, .conversation): (first, second) = (.response, .prompt)
            case (true, .prompt): (first, second) = (.prompt, nil)
            case (true, .response): (first, second) = (.response, nil)
            }
            let k = first == nil ? 0 : hasher.permutations
            let bands = lsh.bands
            // In the scratch: the key text, each side's tokens, then both full signatures. A message's key
            // and tokens come from one pass over its text.
            let keyWords = (keyRoom + 7) / 8
            let tokenRoom = first == nil ? 0 : DedupText.tokenCapacity(textBytes) + 2 * messages.count
            return ScalarActions.current.withScratch(UInt64.self, count: keyWords + 2 * tokenRoom + k) { words in
                let raw = UnsafeMutableRawPointer(words)
                let key = raw.bindMemory(to: UInt8.self, capacity: keyRoom)
                let tokens = (raw + 8 * keyWords).bindMemory(to: UInt64.self, capacity: 2 * tokenRoom)
                let mins = (raw + 8 * (keyWords + 2 * tokenRoom)).bindMemory(to: UInt32.self, capacity: 2 * k)
                // The key text: per message its role, a unit separator, the normalised content, a record separator.
                var n = 0
                var counts = (0, 0)
                for i in messages.indices where scope.includes(messages[i].role) {
                    let role = messages[i].role
                    n = Fingerprinter.open(role, key, n)
                    let text = messages[i].content ?? ""
                    if let first, first.includes(role) {
                        let (kn, tn) = DedupText.keyAndTokens(text, key: key + n, tokens: tokens + counts.0, foldDigits: options.ignoreDigits)
                        n += kn
                        counts.0 += tn
                    } else if let second, second.includes(role) {
                        let (kn, tn) = DedupText.keyAndTokens(text, key: key + n, tokens: tokens + tokenRoom + counts.1, foldDigits: options.ignoreDigits)
                        n += kn
                        counts.1 += tn
                    } else {
                        n += DedupText.exactKey(text, to: key + n)
                    }
                    key[n] = 0x1E
                    n += 1
                }
                let bytes = UnsafeRawBufferPointer(start: key, count: n)
                let exact = HashIndex.Key(a: XXHash64.hash(bytes, seed: 0), b: XXHash64.hash(bytes, seed: 0x5851_F42D_4C95_7F2D))
                guard counts.0 > 0 else { return Fingerprint(exact: exact, near: []) }
                hasher.signature(tokens: UnsafeBufferPointer(start: tokens, count: counts.0), ngram: options.ngram, into: mins)
                let hasSecond = counts.1 > 0
                if hasSecond {
                    hasher.signature(tokens: UnsafeBufferPointer(start: tokens + tokenRoom, count: counts.1), ngram: options.ngram, into: mins + k)
                }
                let size = NearPrint.size(bands: bands, permutations: k, secondary: hasSecond)
                let near = [UInt8](unsafeUninitializedCapacity: size) { out, count in
                    let raw = UnsafeMutableRawPointer(out.baseAddress!)
                    for band in 0..<bands { raw.storeBytes(of: bandKey(band, mins), toByteOffset: 8 * band, as: UInt64.self) }
                    MinHasher.compact(UnsafeBufferPointer(start: mins, count: k), into: out.baseAddress! + 8 * bands)
                    if hasSecond { MinHasher.compact(UnsafeBufferPointer(start: mins + k, count: k), into: out.baseAddress! + 8 * bands + k) }
                    count = size
                }
                return Fingerprint(exact: exact, near: near)
            }
        }

        /// Writes a message's start in the key text (its role and a unit separator) at `n`; returns the new end.
        @inline(__always) static func open(_ role: Role, _ key: UnsafeMutablePointer<UInt8>, _ n: Int) -> Int {
            var n = n
            for b in role.rawValue.utf8 { key[n] = b; n += 1 }
            key[n] = 0x1F
            return n + 1
        }

        /// A band's key: the band's rows of the full signature, hashed.
        @inline(__always) func bandKey(_ band: Int, _ sig: UnsafePointer<UInt32>) -> UInt64 {
            var h = UInt64(band) &* 0x9E37_79B9_7F4A_7C15
            for r in 0..<lsh.rows { h = StableHash.mix(h ^ UInt64(sig[band * lsh.rows + r])) }
            return h
        }
    }

    /// Which roles make up a side of the conversation.
    enum Side {
        case all, prompt, response
        func includes(_ r: Role) -> Bool {
            switch self {
            case .all: return true
            case .prompt: return r == .system || r == .user
            case .response: return r == .assistant
            }
        }
    }

    public mutating func process(_ c: Conversation) -> StageResult {
        decide(c, fingerprinter.fingerprint(c))
    }

    public mutating func process(batch: [Conversation]) -> [StageResult] {
        let f = fingerprinter
        let prints = ParallelMap.map(batch.count) { f.fingerprint(batch[$0]) }
        var out: [StageResult] = []
        out.reserveCapacity(batch.count)
        for (c, f) in zip(batch, prints) { out.append(decide(c, f)) }
        return out
    }

    func makePreparer() -> @Sendable (Conversation) -> Fingerprint {
        let f = fingerprinter
        return { f.fingerprint($0) }
    }

    mutating func decide(_ c: Conversation, _ f: Fingerprint) -> StageResult {
        if !isKnownUniquelyReferenced(&index) { index = index.copy() }
        if let first = index.exactMatch(f.exact) {
            return .drop(reason: .exactDuplicate, message: "same text as \(index.describe(first))")
        }
        return f.near.withUnsafeBufferPointer { near in
            let print = near.isEmpty ? nil : NearPrint(near, bands: lsh.bands, permutations: hasher.permutations)
            if let print, let drop = nearDuplicate(print) { return drop }
            index.add(exact: f.exact, near: print, heads: heads, metadata: c.metadata)
            return .keep(c)
        }
    }

    /// The drop for a conversation near-identical to a kept one, or nil; leaves ``heads`` as found.
    private mutating func nearDuplicate(_ print: NearPrint) -> StageResult? {
        let k = hasher.permutations
        heads.removeAll(keepingCapacity: true)
        var checked = Candidates()
        for band in 0..<lsh.bands {
            var cursor = index.head(print.bandKey(band)) ?? -1
            heads.append(cursor)
            while cursor >= 0 {
                let candidate = cursor
                let kept = index.row(candidate)
                cursor = kept.next(band: band)
                if checked.contains(candidate) { continue }
                if checked.isFull { break }
                checked.append(candidate)
                let simPrimary = MinHasher.similarity(print.primary, UnsafeBufferPointer(start: kept.signatures, count: k))
                guard simPrimary >= options.threshold else { continue }
                var similarity = simPrimary
                if options.scope == .conversation && (print.hasSecondary || kept.hasSecondary) {
                    guard print.hasSecondary, kept.hasSecondary else { continue }
                    let simSecondary = MinHasher.similarity(print.secondary, UnsafeBufferPointer(start: kept.signatures + k, count: k))
                    guard simSecondary >= options.threshold else { continue }
                    similarity = min(simPrimary, simSecondary)
                }
                let shown = (similarity * 100).rounded() / 100
                return .drop(reason: .nearDuplicate, message: "near-duplicate of \(index.describe(candidate)) (estimated similarity \(shown))")
            }
        }
        return nil
    }
}

/// The candidates one conversation has been compared with, at most ``DedupStage/maxCandidates``,
/// in a fixed buffer on the stack (an array here cost an allocation per conversation).
private struct Candidates {
    private typealias Storage = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                                 UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                                 UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                                 UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    private var storage: Storage = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    private(set) var count = 0

    /// Int32s the storage holds (64): the limit, if ``DedupStage/maxCandidates`` is ever set higher.
    static let capacity = MemoryLayout<Storage>.size / MemoryLayout<Int32>.size

    var isFull: Bool { count >= min(DedupStage.maxCandidates, Candidates.capacity) }

    func contains(_ candidate: Int32) -> Bool {
        withUnsafeBytes(of: storage) { raw in
            let values = raw.bindMemory(to: Int32.self)
            for i in 0..<count where values[i] == candidate { return true }
            return false
        }
    }

    mutating func append(_ candidate: Int32) {
        precondition(count < Candidates.capacity)
        withUnsafeMutableBytes(of: &storage) { raw in raw.bindMemory(to: Int32.self)[count] = candidate }
        count += 1
    }
}
