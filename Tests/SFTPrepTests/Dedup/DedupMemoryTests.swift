import Testing
@testable import SFTPrep

/// The compact structures that keep dedup's memory small: they must answer exactly as plain collections would.
@Suite struct DedupMemoryTests {
    /// Property: the band index answers like a Dictionary through growth, for mixed 64-bit keys.
    @Test func bandIndexAgreesWithADictionary() {
        var rng = SplitMix(seed: 11)
        var index = BandIndex(capacity: 4)
        var reference: [UInt64: Int32] = [:]
        var keys: [UInt64] = []
        for i in 0..<60_000 {
            // Half new keys, half keys seen before (their value is replaced, as a newer band head replaces the old).
            let key = i % 2 == 0 || keys.isEmpty ? StableHash.mix(rng.next()) : keys[Int(rng.next() % UInt64(keys.count))]
            if reference[key] == nil { keys.append(key) }
            index.set(key, Int32(i))
            reference[key] = Int32(i)
        }
        #expect(index.count == reference.count)
        #expect(reference.allSatisfy { index.get($0.key) == $0.value })
        let absent = (0..<1000).map { _ in StableHash.mix(rng.next()) }.filter { reference[$0] == nil }
        #expect(absent.allSatisfy { index.get($0) == nil })
    }

    /// Signatures read back exactly — from memory, from the temporary file, and from those waiting to be
    /// written — and a copy has its own.
    @Test func signatureStoreReadsBackWhatWasAppended() {
        let width = 6
        let limit = 5_000  // not a multiple of the chunk size
        let store = SignatureStore(width: width, memoryLimit: limit)
        let n = limit + SignatureStore.chunkSignatures * 2 + 77  // two flushes to the file, and some waiting
        func signature(_ i: Int) -> [UInt8] { (0..<width).map { UInt8(truncatingIfNeeded: i &* 31 &+ $0 &* 7 &+ i >> 8) } }
        for i in 0..<n { store.append(signature(i)) }
        #expect(store.count == n)
        #expect(store.usesFile)
        let probes = [0, 1, 4095, 4096, limit - 1, limit, limit + 4095, limit + 4096, n - 78, n - 77, n - 1]
        for i in probes {
            #expect(store.withSignature(i) { $0.map(Array.init) } == signature(i), "signature \(i)")
        }
        let copy = store.copy()
        copy.append(signature(-1))
        store.append(signature(-2))
        #expect(copy.withSignature(n) { $0.map(Array.init) } == signature(-1))
        #expect(store.withSignature(n) { $0.map(Array.init) } == signature(-2))
        #expect(probes.allSatisfy { copy.withSignature($0) { $0.map(Array.init) } == signature($0) })
    }

    /// Without a usable temporary directory the signatures stay in memory past the limit, and still read back.
    @Test func signatureStoreWithoutATemporaryFileKeepsEverythingInMemory() {
        let store = SignatureStore(width: 2, memoryLimit: 10, directory: "/nonexistent-directory-for-sftprep-tests")
        let n = 10 + SignatureStore.chunkSignatures * 2 + 5
        for i in 0..<n { store.append([UInt8(truncatingIfNeeded: i), UInt8(truncatingIfNeeded: i >> 8)]) }
        #expect(!store.usesFile)
        #expect(store.count == n)
        #expect((0..<n).allSatisfy { i in store.withSignature(i) { $0.map(Array.init) } == [UInt8(truncatingIfNeeded: i), UInt8(truncatingIfNeeded: i >> 8)] })
    }

    @Test func keptLocationsNameTheFirstCopy() {
        var kept = KeptLocations()
        kept.append(id: "conv-7", source: "a.jsonl", line: 3)
        kept.append(id: nil, source: "a.jsonl", line: 4)
        kept.append(id: "", source: "b.csv", line: nil)
        kept.append(id: "日本-1", source: "a.jsonl", line: 12)
        kept.append(id: nil, source: nil, line: nil)
        #expect(kept.count == 5)
        #expect(kept.describe(0) == "conv-7 (a.jsonl:3)")
        #expect(kept.describe(1) == "a.jsonl:4")
        #expect(kept.describe(2) == " (b.csv)")
        #expect(kept.describe(3) == "日本-1 (a.jsonl:12)")
        #expect(kept.describe(4) == "-")
    }

    /// A copy of a dedup stage is independent of the original (the signature store is copied on write).
    @Test func copiesOfADedupStageDoNotShareState() {
        func conversation(_ text: String, _ line: Int) -> Conversation {
            var m = Metadata()
            m.source = "in.jsonl"
            m.line = line
            return Conversation(messages: [.user("Question about \(text) and the order status"), .assistant("The answer about \(text): it ships on Monday from the warehouse in Leeds.")], metadata: m)
        }
        var original = DedupStage()
        #expect(original.process(conversation("kettles", 1)) == .keep(conversation("kettles", 1)))
        var copy = original
        #expect(copy.process(conversation("toasters", 2)) == .keep(conversation("toasters", 2)))
        // The original never saw the copy's toaster conversation (line 2); both remember the kettle (line 1).
        #expect(original.process(conversation("toasters", 3)) == .keep(conversation("toasters", 3)))
        #expect(copy.process(conversation("toasters", 4)) == .drop(reason: "exact_duplicate", message: "same text as in.jsonl:2"))
        #expect(original.process(conversation("toasters", 5)) == .drop(reason: "exact_duplicate", message: "same text as in.jsonl:3"))
        #expect(copy.process(conversation("kettles", 6)) == .drop(reason: "exact_duplicate", message: "same text as in.jsonl:1"))
    }
}
