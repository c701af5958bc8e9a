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

    /// Everything dedup needs of one conversation, computed without looking at others. A class:
    /// it travels through the batch engine as `Any`, where a reference is passed on with one retain.
    final class Fingerprint {
        let exact: HashIndex.Key
        /// The LSH band keys of the banding side's full signature (empty when near dedup is off or the text is empty).
        let bandKeys: [UInt64]
        /// Compact signatures (banding side first), or empty.
        let primary: [UInt8]
        let secondary: [UInt8]

        init(exact: HashIndex.Key, bandKeys: [UInt64], primary: [UInt8], secondary: [UInt8]) {
            self.exact = exact
            self.bandKeys = bandKeys
            self.primary = primary
            self.secondary = secondary
        }
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

        func fingerprint(_ c: Conversation) -> Fingerprint {
            let scope: Side
            switch options.scope {
            case .conversation: scope = .all
            case .prompt: scope = .prompt
            case .response: scope = .response
            }
            var textBytes = 0
            for m in c.messages { textBytes += m.content?.utf8.count ?? 0 }
            var keyBytes: [UInt8] = []
            keyBytes.reserveCapacity(textBytes + 16 * c.messages.count)
            for m in c.messages where scope.includes(m.role) {
                keyBytes.append(contentsOf: m.role.rawValue.utf8)
                keyBytes.append(0x1F)
                DedupText.exactKey(m.content ?? "", into: &keyBytes)
                keyBytes.append(0x1E)
            }
            let exact = HashIndex.Key(a: XXHash64.hash(keyBytes, seed: 0), b: XXHash64.hash(keyBytes, seed: 0x5851_F42D_4C95_7F2D))
            guard options.near else { return Fingerprint(exact: exact, bandKeys: [], primary: [], secondary: []) }
            // One token list for both sides, emptied between them.
            var tokens: [UInt64] = []
            tokens.reserveCapacity(textBytes / 4 + 8)
            func signature(_ side: Side) -> [UInt32] {
                tokens.removeAll(keepingCapacity: true)
                for m in c.messages where side.includes(m.role) { DedupText.appendTokenHashes(m.content ?? "", to: &tokens) }
                return hasher.signature(tokens: tokens, ngram: options.ngram)
            }
            let (first, second): ([UInt32], [UInt32])
            switch options.scope {
            case .conversation: (first, second) = (signature(.response), signature(.prompt))
            case .prompt: (first, second) = (signature(.prompt), [])
            case .response: (first, second) = (signature(.response), [])
            }
            guard !first.isEmpty else { return Fingerprint(exact: exact, bandKeys: [], primary: [], secondary: []) }
            return Fingerprint(exact: exact, bandKeys: bandKeys(first), primary: MinHasher.compact(first),
                               secondary: second.isEmpty ? [] : MinHasher.compact(second))
        }

        /// One key per LSH band: the band's rows of the full signature, hashed.
        func bandKeys(_ sig: [UInt32]) -> [UInt64] {
            (0..<lsh.bands).map { band in
                var h = UInt64(band) &* 0x9E37_79B9_7F4A_7C15
                for r in 0..<lsh.rows { h = StableHash.mix(h ^ UInt64(sig[band * lsh.rows + r])) }
                return h
            }
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
            return .drop(reason: "exact_duplicate", message: "same text as \(index.describe(first))")
        }
        let k = hasher.permutations
        let primary = f.primary
        let secondary = f.secondary
        heads.removeAll(keepingCapacity: true)
        if !primary.isEmpty {
            var checked = Candidates()
            for (band, key) in f.bandKeys.enumerated() {
                var cursor = index.head(key) ?? -1
                heads.append(cursor)
                while cursor >= 0 {
                    let candidate = cursor
                    let kept = index.row(candidate)
                    cursor = kept.next(band: band)
                    if checked.contains(candidate) { continue }
                    if checked.isFull { break }
                    checked.append(candidate)
                    let simPrimary = primary.withUnsafeBufferPointer { MinHasher.similarity($0, UnsafeBufferPointer(start: kept.signatures, count: k)) }
                    guard simPrimary >= options.threshold else { continue }
                    var similarity = simPrimary
                    if options.scope == .conversation && !(secondary.isEmpty && !kept.hasSecondary) {
                        guard !secondary.isEmpty, kept.hasSecondary else { continue }
                        let simSecondary = secondary.withUnsafeBufferPointer { MinHasher.similarity($0, UnsafeBufferPointer(start: kept.signatures + k, count: k)) }
                        guard simSecondary >= options.threshold else { continue }
                        similarity = min(simPrimary, simSecondary)
                    }
                    let shown = (similarity * 100).rounded() / 100
                    return .drop(reason: "near_duplicate", message: "near-duplicate of \(index.describe(candidate)) (estimated similarity \(shown))")
                }
            }
        }
        index.add(exact: f.exact, bandKeys: f.bandKeys, heads: heads, primary: primary, secondary: secondary, metadata: c.metadata)
        return .keep(c)
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
