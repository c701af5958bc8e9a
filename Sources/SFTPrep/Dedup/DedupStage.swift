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
/// conversation: its location, 16-bit signatures, and one table entry per band.
public struct DedupStage: Stage {
    public let name = "dedup"
    public let options: DedupOptions

    struct Key128: Hashable { var a: UInt64; var b: UInt64 }

    /// Everything dedup needs of one conversation, computed without looking at others.
    struct Fingerprint {
        var exact: Key128
        /// Full signatures (banding side first), or empty when near dedup is off or the text is empty.
        var primary: [UInt64]
        var secondary: [UInt64]
    }

    private let hasher: MinHasher
    private let lsh: LSHParameters
    private var exactSeen: [Key128: Int32] = [:]
    private var bandIndex: [UInt64: [Int32]] = [:]
    private var keptLocations: [String] = []
    private var keptSignatures: [UInt16] = []
    private var keptHasSecondary: [Bool] = []

    public init(options: DedupOptions = DedupOptions()) {
        self.options = options
        hasher = MinHasher(permutations: options.permutations, seed: options.seed)
        lsh = options.lsh
    }

    /// The text of a conversation on one side (prompt, response, or all), with role markers.
    static func text(_ c: Conversation, roles: Set<Role>) -> [(Role, String)] {
        c.messages.compactMap { m in roles.contains(m.role) ? (m.role, m.content ?? "") : nil }
    }

    static let promptRoles: Set<Role> = [.system, .user]
    static let responseRoles: Set<Role> = [.assistant]

    func fingerprint(_ c: Conversation) -> Fingerprint {
        let scopeRoles: Set<Role>
        switch options.scope {
        case .conversation: scopeRoles = Set(Role.allCases)
        case .prompt: scopeRoles = DedupStage.promptRoles
        case .response: scopeRoles = DedupStage.responseRoles
        }
        var keyBytes: [UInt8] = []
        for (role, text) in DedupStage.text(c, roles: scopeRoles) {
            keyBytes.append(contentsOf: role.rawValue.utf8)
            keyBytes.append(0x1F)
            DedupText.exactKey(text, into: &keyBytes)
            keyBytes.append(0x1E)
        }
        let exact = Key128(a: XXHash64.hash(keyBytes, seed: 0), b: XXHash64.hash(keyBytes, seed: 0x5851_F42D_4C95_7F2D))
        guard options.near else { return Fingerprint(exact: exact, primary: [], secondary: []) }
        func signature(_ roles: Set<Role>) -> [UInt64] {
            var tokens: [UInt64] = []
            for (_, text) in DedupStage.text(c, roles: roles) { tokens += DedupText.tokenHashes(text) }
            return hasher.signature(DedupText.shingles(tokens, n: options.ngram))
        }
        switch options.scope {
        case .conversation:
            return Fingerprint(exact: exact, primary: signature(DedupStage.responseRoles), secondary: signature(DedupStage.promptRoles))
        case .prompt:
            return Fingerprint(exact: exact, primary: signature(DedupStage.promptRoles), secondary: [])
        case .response:
            return Fingerprint(exact: exact, primary: signature(DedupStage.responseRoles), secondary: [])
        }
    }

    public mutating func process(_ c: Conversation) -> StageResult {
        decide(c, fingerprint(c))
    }

    public mutating func process(batch: [Conversation]) -> [StageResult] {
        let me = self
        let prints = ParallelMap.map(batch.count) { me.fingerprint(batch[$0]) }
        var out: [StageResult] = []
        out.reserveCapacity(batch.count)
        for (c, f) in zip(batch, prints) { out.append(decide(c, f)) }
        return out
    }

    private func bandKeys(_ sig: [UInt64]) -> [UInt64] {
        (0..<lsh.bands).map { band in
            var h = UInt64(band) &* 0x9E37_79B9_7F4A_7C15
            for r in 0..<lsh.rows { h = StableHash.mix(h ^ sig[band * lsh.rows + r]) }
            return h
        }
    }

    private mutating func decide(_ c: Conversation, _ f: Fingerprint) -> StageResult {
        if let first = exactSeen[f.exact] {
            return .drop(reason: "exact_duplicate", message: "same text as \(keptLocations[Int(first)])")
        }
        let index = Int32(keptLocations.count)
        let k = options.permutations
        var keys: [UInt64] = []
        if !f.primary.isEmpty {
            keys = bandKeys(f.primary)
            let primary = MinHasher.compact(f.primary)
            let secondary = f.secondary.isEmpty ? [] : MinHasher.compact(f.secondary)
            var checked: Set<Int32> = []
            for key in keys {
                for candidate in bandIndex[key] ?? [] where checked.insert(candidate).inserted {
                    let base = Int(candidate) * 2 * k
                    let simPrimary = MinHasher.similarity(primary[...], keptSignatures[base..<base + k])
                    guard simPrimary >= options.threshold else { continue }
                    var similarity = simPrimary
                    if options.scope == .conversation {
                        let bothEmpty = secondary.isEmpty && !keptHasSecondary[Int(candidate)]
                        if !bothEmpty {
                            guard !secondary.isEmpty, keptHasSecondary[Int(candidate)] else { continue }
                            let simSecondary = MinHasher.similarity(secondary[...], keptSignatures[base + k..<base + 2 * k])
                            guard simSecondary >= options.threshold else { continue }
                            similarity = min(simPrimary, simSecondary)
                        }
                    }
                    let shown = (similarity * 100).rounded() / 100
                    return .drop(reason: "near_duplicate", message: "near-duplicate of \(keptLocations[Int(candidate)]) (estimated similarity \(shown))")
                }
            }
            keptSignatures += primary
            keptSignatures += secondary.isEmpty ? [UInt16](repeating: 0, count: k) : secondary
            keptHasSecondary.append(!secondary.isEmpty)
        } else {
            keptSignatures += [UInt16](repeating: 0, count: 2 * k)
            keptHasSecondary.append(false)
        }
        exactSeen[f.exact] = index
        for key in keys { bandIndex[key, default: []].append(index) }
        keptLocations.append(c.metadata.id.map { "\($0) (\(c.metadata.location))" } ?? c.metadata.location)
        return .keep(c)
    }
}
