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
/// order, so the output is the same whatever the thread count. Memory per kept
/// conversation (about 600 bytes): its location, its exact key, one table
/// entry and one chain link per band, and two 8-bit signatures (beyond two
/// million kept conversations the signatures go to a temporary file:
/// ``SignatureStore``).
public struct DedupStage: OrderedStage {
    public let name = "dedup"
    public let options: DedupOptions

    struct Key128: Hashable { var a: UInt64; var b: UInt64 }

    /// Everything dedup needs of one conversation, computed without looking at others. A class:
    /// it travels through the batch engine as `Any`, where a reference is passed on with one retain.
    final class Fingerprint {
        let exact: Key128
        /// The LSH band keys of the banding side's full signature (empty when near dedup is off or the text is empty).
        let bandKeys: [UInt64]
        /// Compact signatures (banding side first), or empty.
        let primary: [UInt8]
        let secondary: [UInt8]

        init(exact: Key128, bandKeys: [UInt64], primary: [UInt8], secondary: [UInt8]) {
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
    private var exactSeen = HashIndex()
    /// Band key → the newest kept conversation with it; `bandNext` chains to older ones (no array per key).
    private var bandHead = BandIndex()
    private var bandNext: [Int32] = []
    private var kept = KeptLocations()
    /// Per kept conversation: the primary side's signature, then the secondary's (zeros when it has none).
    private var keptSignatures: SignatureStore
    private var keptHasSecondary: [Bool] = []

    public init(options: DedupOptions = DedupOptions()) {
        self.options = options
        hasher = MinHasher(permutations: options.permutations, seed: options.seed)
        var o = options
        o.permutations = hasher.permutations
        lsh = o.lsh
        fingerprinter = Fingerprinter(options: options, hasher: hasher, lsh: lsh)
        keptSignatures = SignatureStore(width: 2 * hasher.permutations)
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
            let exact = Key128(a: XXHash64.hash(keyBytes, seed: 0), b: XXHash64.hash(keyBytes, seed: 0x5851_F42D_4C95_7F2D))
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

    /// `id (source:line)`, or `source:line` when the input had no id.
    private func keptLocation(_ index: Int) -> String { kept.describe(index) }

    func makePreparer() -> @Sendable (Conversation) -> Fingerprint {
        let f = fingerprinter
        return { f.fingerprint($0) }
    }

    mutating func decide(_ c: Conversation, _ f: Fingerprint) -> StageResult {
        if let first = exactSeen.get(f.exact.a, f.exact.b) {
            return .drop(reason: "exact_duplicate", message: "same text as \(keptLocation(Int(first)))")
        }
        // The signatures are shared with copies of this stage until it changes (copy on write).
        if !isKnownUniquelyReferenced(&keptSignatures) { keptSignatures = keptSignatures.copy() }
        let index = Int32(kept.count)
        let k = hasher.permutations
        let keys = f.bandKeys
        if !f.primary.isEmpty {
            let primary = f.primary
            let secondary = f.secondary
            var checked = Candidates()
            for (band, key) in keys.enumerated() {
                var cursor = bandHead.get(key) ?? -1
                while cursor >= 0 {
                    let candidate = cursor
                    cursor = bandNext[Int(candidate) * lsh.bands + band]
                    if checked.contains(candidate) { continue }
                    if checked.isFull { break }
                    checked.append(candidate)
                    let candidateHasSecondary = keptHasSecondary[Int(candidate)]
                    let similarity = keptSignatures.withSignature(Int(candidate)) { kept -> Double? in
                        guard let kept else { return nil }
                        let simPrimary = primary.withUnsafeBufferPointer { MinHasher.similarity($0, UnsafeBufferPointer(rebasing: kept[0..<k])) }
                        guard simPrimary >= options.threshold else { return nil }
                        guard options.scope == .conversation, !(secondary.isEmpty && !candidateHasSecondary) else { return simPrimary }
                        guard !secondary.isEmpty, candidateHasSecondary else { return nil }
                        let simSecondary = secondary.withUnsafeBufferPointer { MinHasher.similarity($0, UnsafeBufferPointer(rebasing: kept[k..<2 * k])) }
                        guard simSecondary >= options.threshold else { return nil }
                        return min(simPrimary, simSecondary)
                    }
                    guard let similarity else { continue }
                    let shown = (similarity * 100).rounded() / 100
                    return .drop(reason: "near_duplicate", message: "near-duplicate of \(keptLocation(Int(candidate))) (estimated similarity \(shown))")
                }
            }
            if secondary.isEmpty {
                keptSignatures.append(primary, repeatElement(UInt8(0), count: k))
            } else {
                keptSignatures.append(primary, secondary)
            }
            keptHasSecondary.append(!secondary.isEmpty)
        } else {
            keptSignatures.append(repeatElement(UInt8(0), count: 2 * k))
            keptHasSecondary.append(false)
        }
        exactSeen.set(f.exact.a, f.exact.b, index)
        if keys.isEmpty {
            bandNext += repeatElement(-1, count: lsh.bands)
        } else {
            for key in keys {
                bandNext.append(bandHead.get(key) ?? -1)
                bandHead.set(key, index)
            }
        }
        kept.append(id: c.metadata.id, source: c.metadata.source, line: c.metadata.line)
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
