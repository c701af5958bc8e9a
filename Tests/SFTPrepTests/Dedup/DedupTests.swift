import Testing
@testable import SFTPrep

@Suite struct XXHash64Tests {
    // Reference values from the `xxhash` Python package (xxh64).
    @Test func matchesReferenceVectors() {
        #expect(XXHash64.hash("", seed: 0) == 0xEF46_DB37_51D8_E999)
        #expect(XXHash64.hash("a", seed: 0) == 0xD24E_C4F1_A98C_6E5B)
        #expect(XXHash64.hash("abc", seed: 0) == 0x44BC_2CF5_AD77_0999)
        #expect(XXHash64.hash("Nobody inspects the spammish repetition", seed: 0) == 0xFBCE_A83C_8A37_8BF1)
        #expect(XXHash64.hash(String(repeating: "x", count: 100), seed: 7) == 0xAE5A_D321_E4FE_6127)
        #expect(XXHash64.hash("日本語のテキスト", seed: 0) == 0xFCEF_3A62_B7D1_663B)
    }
}

@Suite struct LSHParametersTests {
    @Test func optimalBandingFavoursTheThreshold() {
        let p = LSHParameters.optimal(threshold: 0.8, permutations: 128)
        #expect(p.bands * p.rows <= 128)
        #expect(p == LSHParameters(bands: 14, rows: 9))
        #expect(p.candidateProbability(0.9) > 0.99)
        #expect(p.candidateProbability(0.5) < 0.05)
        #expect(LSHParameters.optimal(threshold: 0.8, permutations: 128, missWeight: 0.5) == LSHParameters(bands: 9, rows: 13))
    }
}

@Suite struct DedupStageTests {
    private func conversation(_ user: String, _ answer: String, system: String? = nil, line: Int) -> Conversation {
        var m = Metadata()
        m.source = "in.jsonl"
        m.line = line
        return Conversation(messages: (system.map { [Message.system($0)] } ?? []) + [.user(user), .assistant(answer)], metadata: m)
    }

    private func decisions(_ batch: [Conversation], _ configure: (inout DedupOptions) -> Void = { _ in }) -> [String] {
        var o = DedupOptions()
        configure(&o)
        var stage = DedupStage(options: o)
        return stage.process(batch: batch).map { r in
            switch r {
            case .keep: return "keep"
            case .drop(let reason, _): return reason.rawValue
            }
        }
    }

    static let answer = "To reset your password open the sign in page, choose forgot password, enter the e-mail address of your account and follow the link we send you. The link stays valid for thirty minutes; if it expires, request a new one from the same page or contact support and we will reset it for you manually within one business day."

    @Test func exactAndCosmeticCopiesAreRemovedNamingTheFirst() {
        let a = conversation("How do I reset my password?", Self.answer, line: 1)
        let b = conversation("how do i reset my password", Self.answer.uppercased().replacingOccurrences(of: ",", with: " ,  "), line: 2)
        var stage = DedupStage()
        let results = stage.process(batch: [a, b])
        #expect(results[0] == .keep(a))
        #expect(results[1] == .drop(reason: .exactDuplicate, message: "same text as in.jsonl:1"))
    }

    @Test func nearCopiesWithAWordChangedAreRemoved() {
        let a = conversation("How do I reset my password?", Self.answer, line: 1)
        let b = conversation("How do I reset my password?", Self.answer.replacingOccurrences(of: "thirty minutes", with: "30 minutes"), line: 2)
        let c = conversation("How do I reset my password?", Self.answer.replacingOccurrences(of: "business day", with: "working day"), line: 3)
        #expect(decisions([a, b, c]) == ["keep", "near_duplicate", "near_duplicate"])
        #expect(decisions([a, b, c]) { $0.near = false } == ["keep", "keep", "keep"])
    }

    /// Eighteen arithmetic problems that differ only in their numbers: eighteen examples (the digit-folding
    /// normaliser kept 2 of them). With --ignore-digits they are one example, as for web text.
    @Test func examplesThatDifferOnlyInNumbersAreKept() {
        var batch: [Conversation] = []
        for (i, (a, b)) in [(3, 4), (3, 5), (4, 4), (6, 7), (2, 9), (8, 3), (5, 5), (7, 6), (9, 9), (12, 3), (11, 4), (6, 6),
                             (2, 2), (3, 3), (4, 7), (5, 8), (9, 2), (7, 7)].enumerated() {
            batch.append(conversation("What is \(a) times \(b)?", "\(a) times \(b) is \(a * b).", line: i + 1))
        }
        #expect(decisions(batch) == Array(repeating: "keep", count: 18))
        // Folded, they are three shapes: one-digit products, two-digit products, a two-digit factor.
        let folded = decisions(batch) { $0.ignoreDigits = true }
        #expect(folded.filter { $0 == "keep" }.count == 3)
        #expect(folded[0] == "keep" && folded[1] == "exact_duplicate" || folded[1] == "near_duplicate")
        // A long reply that differs only in an order number is still a near-duplicate by default.
        let reply = { (order: String) in "Thanks for waiting. Your order \(order) left our warehouse this morning and is on its way with the courier; you will get an e-mail with the tracking link within the hour, and delivery usually takes two to three working days from today." }
        let x = conversation("Where is my order?", reply("A-48213"), line: 1)
        let y = conversation("Where is my order?", reply("A-77120"), line: 2)
        #expect(decisions([x, y]) == ["keep", "near_duplicate"])
    }

    @Test func sharedSystemPromptAndQuestionWithDifferentAnswersAreKept() {
        let system = String(repeating: "You are the support assistant of Acme Outfitters, a shop for outdoor clothing. Be brief, friendly and precise. ", count: 5)
        let q = "Can I return a jacket I bought in the sale?"
        let a = conversation(q, "Yes, sale items can be returned within 30 days for a full refund to the original payment method.", system: system, line: 1)
        let b = conversation(q, "Sale items can only be exchanged for store credit, not refunded, and must be unworn with tags attached.", system: system, line: 2)
        #expect(decisions([a, b]) == ["keep", "keep"])
    }

    @Test func shortDistinctAnswersToTheSameQuestionAreKept() {
        let q = "Classify this ticket: I was charged twice for my subscription this month."
        #expect(decisions([conversation(q, "billing", line: 1), conversation(q, "technical", line: 2), conversation(q, "billing", line: 3)])
                == ["keep", "keep", "exact_duplicate"])
    }

    @Test func cjkNearDuplicatesUseCharacters() {
        let text = "ご注文いただいた商品は本日発送されました。追跡番号はメールでお送りしましたので、配送状況をご確認ください。お届けまで二日から三日ほどかかります。"
        let a = conversation("注文の配送状況を教えてください。", text, line: 1)
        let b = conversation("注文の配送状況を教えてください。", text.replacingOccurrences(of: "二日から三日", with: "二日から四日"), line: 2)
        let c = conversation("注文の配送状況を教えてください。", "申し訳ございません。その注文番号は見つかりませんでした。もう一度ご確認いただけますか。", line: 3)
        #expect(decisions([a, b, c]) == ["keep", "near_duplicate", "keep"])
    }

    @Test func scopes() {
        let a = conversation("Where is my order A-1?", "It ships today.", line: 1)
        let b = conversation("Where is my order A-1?", "It was delivered yesterday at 3 pm to your porch.", line: 2)
        let c = conversation("Do you ship to Norway?", "It ships today.", line: 3)
        #expect(decisions([a, b, c]) { $0.scope = .prompt } == ["keep", "exact_duplicate", "keep"])
        #expect(decisions([a, b, c]) { $0.scope = .response } == ["keep", "keep", "exact_duplicate"])
    }

    @Test func deduplicatingTwiceChangesNothingAndThreadsDoNotMatter() {
        var batch: [Conversation] = []
        for i in 0..<400 {
            let variant = i % 5 == 0 ? Self.answer : Self.answer.replacingOccurrences(of: "thirty", with: "\(i % 40) and thirty")
            batch.append(conversation("Question \(i % 50): how do I reset my password?", variant, line: i + 1))
        }
        var reference: [String] = []
        for threads in [1, 2, 8] {
            let saved = ParallelMap.threads
            ParallelMap.threads = threads
            let d = decisions(batch)
            if reference.isEmpty { reference = d } else { #expect(d == reference) }
            ParallelMap.threads = saved
        }
        #expect(reference.contains("near_duplicate") && reference.contains("exact_duplicate"))
        let survivors = zip(batch, reference).filter { $0.1 == "keep" }.map(\.0)
        #expect(decisions(survivors).allSatisfy { $0 == "keep" })
    }
}

@Suite struct MinHasherTests {
    /// Sets of 300 shingles sharing a given number: the estimate tracks the true Jaccard similarity.
    @Test(arguments: [0.0, 0.3, 0.5, 0.8, 0.9, 1.0])
    func estimateTracksJaccard(target: Double) {
        let hasher = MinHasher(permutations: 128)
        var errors: [Double] = []
        for trial in 0..<20 {
            // |A ∩ B| = s, |A| = |B| = 300: J = s / (600 − s).
            let s = Int((600 * target / (1 + target)).rounded())
            let base = UInt64(trial) << 40
            let shared = (0..<s).map { StableHash.mix(base + UInt64($0)) }
            let onlyA = (0..<(300 - s)).map { StableHash.mix(base + 100_000 + UInt64($0)) }
            let onlyB = (0..<(300 - s)).map { StableHash.mix(base + 200_000 + UInt64($0)) }
            let truth = Double(s) / Double(600 - s)
            let a = MinHasher.compact(hasher.signature(shared + onlyA))
            let b = MinHasher.compact(hasher.signature(onlyB + shared))
            errors.append(MinHasher.similarity(a[...], b[...]) - truth)
        }
        let meanError = errors.reduce(0, +) / Double(errors.count)
        #expect(abs(meanError) < 0.03, "mean error \(meanError) at J = \(target)")
        #expect(errors.allSatisfy { abs($0) < 0.15 })
    }

    /// Property: the vectorised comparison counts the same agreements as a plain loop, for any length.
    @Test func signatureComparisonEqualsThePlainCount() {
        var rng = SplitMix(seed: 3)
        for trial in 0..<2_000 {
            let n = 1 + Int(rng.next() % 300)
            // Few values (many agreements) or any byte (top bits set, agreements rare).
            let range: UInt64 = trial % 2 == 0 ? 4 : 256
            let a = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next() % range) }
            let b = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next() % range) }
            let plain = zip(a, b).filter { $0 == $1 }.count
            #expect(a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in MinHasher.matches(x, y) } } == plain)
        }
        #expect(MinHasher.similarity([1, 2, 3, 4][...], [1, 2, 3, 5][...]) > 0.74 && MinHasher.similarity([1, 2, 3, 4][...], [1, 2, 3, 5][...]) < 0.76)
    }

    /// Property: the open-addressing index answers like a Dictionary, through growth and keys that share their low bits.
    @Test func hashIndexAgreesWithADictionary() {
        var rng = SplitMix(seed: 5)
        let arena = SpillArena()
        var index = HashIndex(capacity: 4, in: arena)
        var reference: [String: Int32] = [:]
        for i in 0..<50_000 {
            let a = i % 3 == 0 ? (rng.next() % 64) << 20 : rng.next() % 100_000   // many keys with equal low bits
            let b = rng.next() % 3
            index.set(HashIndex.Key(a: a, b: b), Int32(i), in: arena)
            reference["\(a)/\(b)"] = Int32(i)
        }
        #expect(index.count == reference.count)
        for (key, value) in reference {
            let parts = key.split(separator: "/").map { UInt64($0)! }
            #expect(index.get(HashIndex.Key(a: parts[0], b: parts[1]), in: arena) == value)
        }
        #expect(index.get(HashIndex.Key(a: 123_456_789, b: 7), in: arena) == nil)
        // An all-zero key with index 0 is an entry, not an empty slot.
        index.set(HashIndex.Key(a: 0, b: 0), 0, in: arena)
        #expect(index.get(HashIndex.Key(a: 0, b: 0), in: arena) == 0)
    }

    /// The streamed n-gram signature equals the signature of the materialised shingle list.
    @Test func signatureOfTokensEqualsSignatureOfShingles() {
        var rng = SplitMix(seed: 9)
        let hasher = MinHasher(permutations: 128, seed: 3)
        for length in [0, 1, 2, 4, 5, 6, 17, 300] {
            let tokens = (0..<length).map { _ in rng.next() % 50 }
            for n in [1, 5] {
                #expect(hasher.signature(tokens: tokens, ngram: n) == hasher.signature(DedupText.shingles(tokens, n: n)), "length \(length), n \(n)")
            }
        }
    }

    @Test func shortTextsAndEmptySets() {
        let hasher = MinHasher(permutations: 128)
        #expect(hasher.signature([]).isEmpty)
        let one = hasher.signature([42])
        #expect(one.count == 128 && Set(one).count == 1)
        #expect(MinHasher.similarity(MinHasher.compact(one)[...], MinHasher.compact(hasher.signature([43]))[...]) < 0.01)
    }
}
