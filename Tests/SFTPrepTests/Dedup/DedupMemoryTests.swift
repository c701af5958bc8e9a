import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import SFTPrep

/// The compact structures that keep dedup's memory small: they must answer exactly as plain collections would.
@Suite struct DedupMemoryTests {
    /// Property: the band index answers like a Dictionary through growth, for mixed 64-bit keys.
    @Test func bandIndexAgreesWithADictionary() {
        var rng = SplitMix(seed: 11)
        let arena = SpillArena()
        var index = BandIndex(capacity: 4, in: arena)
        var reference: [UInt64: Int32] = [:]
        var keys: [UInt64] = []
        for i in 0..<60_000 {
            // Half new keys, half keys seen before (their value is replaced, as a newer band head replaces the old).
            let key = i % 2 == 0 || keys.isEmpty ? StableHash.mix(rng.next()) : keys[Int(rng.next() % UInt64(keys.count))]
            if reference[key] == nil { keys.append(key) }
            index.set(key, Int32(i), in: arena)
            reference[key] = Int32(i)
        }
        #expect(index.count == reference.count)
        #expect(reference.allSatisfy { index.get($0.key, in: arena) == $0.value })
        let absent = (0..<1000).map { _ in StableHash.mix(rng.next()) }.filter { reference[$0] == nil }
        #expect(absent.allSatisfy { index.get($0, in: arena) == nil })
    }

    /// Dedup decides the same whether its index is all in memory or held to a budget far too small for it.
    @Test func dedupDecidesTheSameUnderAnyMemoryBudget() {
        var rng = SplitMix(seed: 21)
        let words = ["order", "refund", "parcel", "Leeds", "Monday", "invoice", "password", "reset", "kettle", "warranty",
                     "delivery", "tracking", "address", "support", "account", "billing", "upgrade", "plan", "cancel", "ship"]
        var batch: [Conversation] = []
        var texts: [String] = []
        for i in 0..<3_000 {
            var m = Metadata()
            m.source = "in.jsonl"
            m.line = i + 1
            m.id = i % 3 == 0 ? nil : "c-\(i)"
            let text: String
            switch rng.next() % 10 {
            case 0 where !texts.isEmpty: text = texts[Int(rng.next() % UInt64(texts.count))]  // an exact copy
            case 1 where !texts.isEmpty:  // a near copy: one word changed
                var w = texts[Int(rng.next() % UInt64(texts.count))].split(separator: " ").map(String.init)
                w[Int(rng.next() % UInt64(w.count))] = "changed"
                text = w.joined(separator: " ")
            default: text = (0..<40).map { _ in words[Int(rng.next() % UInt64(words.count))] }.joined(separator: " ")
            }
            texts.append(text)
            batch.append(Conversation(messages: [.user("Question \(i % 7)"), .assistant(text)], metadata: m))
        }
        func results(_ budget: Int?) -> [StageResult] {
            var o = DedupOptions()
            o.indexMemory = budget
            o.ignoreDigits = true  // the seven questions ("Question 3") count as one, as the near copies need
            var stage = DedupStage(options: o)
            return stage.process(batch: batch)
        }
        let inMemory = results(nil)
        // 1 byte: a thousand conversations in memory at a time and a one-block Bloom filter, so every
        // lookup also reads the file; 1 MB: 1,381 in memory and a real filter.
        for budget in [1, 1_000_000] {
            let r = results(budget)
            #expect(r.count == inMemory.count)
            #expect(r.indices.first { r[$0] != inMemory[$0] } == nil, "first difference, budget \(budget)")
        }
        let dropped = inMemory.filter { if case .drop = $0 { return true } else { return false } }.count
        #expect(dropped > 400 && dropped < 900)
    }

    /// A Bloom filter never forgets a key, and its false "maybe"s stay near what its size promises.
    @Test func bloomFilterHasNoFalseNegativesAndFewFalsePositives() {
        var rng = SplitMix(seed: 31)
        var filter = BloomFilter(bytes: 1 << 16)  // 512 Ki bits for 20,000 keys: 26 bits a key
        let keys = (0..<20_000).map { _ in rng.next() }
        for k in keys { filter.insert(k) }
        #expect(keys.allSatisfy { filter.mayContain($0) })
        let falsePositives = (0..<100_000).filter { _ in filter.mayContain(rng.next()) }.count
        #expect(falsePositives < 200)  // about 0.1% expected
        #expect(BloomFilter(bytes: 0).byteCount == 64)
    }

    /// Property: a spilling index answers like a Dictionary before, across and after spills — with a
    /// one-block filter (every lookup reaches the file) and with a real one.
    @Test(arguments: [0, 1 << 14])
    func spillingIndexAgreesWithADictionary(bloomBytes: Int) {
        var rng = SplitMix(seed: 41)
        let recent = SpillArena()
        let spill = SpillArena(file: true)
        var index = SpillingIndex<BandSlot>(in: recent, bloomBytes: bloomBytes)
        var reference: [UInt64: Int32] = [:]
        var keys: [UInt64] = []
        for i in 0..<30_000 {
            let key = i % 3 != 0 || keys.isEmpty ? StableHash.mix(rng.next()) : keys[Int(rng.next() % UInt64(keys.count))]
            if reference[key] == nil { keys.append(key) }
            index.set(key, Int32(i), recent: recent)
            reference[key] = Int32(i)
            if index.recentCount >= 4_000 {
                index.spill(from: recent, to: spill)
                recent.reset()
                index.restart(in: recent)
            }
            if i % 1_000 == 0 { spill.trimIfNeeded(above: 1 << 16) }
        }
        #expect(index.hasSpilled)
        #expect(reference.allSatisfy { index.get($0.key, recent: recent, spill: spill) == $0.value })
        let absent = (0..<1000).map { _ in StableHash.mix(rng.next()) }.filter { reference[$0] == nil }
        #expect(absent.allSatisfy { index.get($0, recent: recent, spill: spill) == nil })
    }

    @Test func keptLocationsNameTheFirstCopy() {
        let arena = SpillArena()
        var kept = KeptLocations()
        kept.append(id: "conv-7", source: "a.jsonl", line: 3, in: arena)
        kept.append(id: nil, source: "a.jsonl", line: 4, in: arena)
        kept.append(id: "", source: "b.csv", line: nil, in: arena)
        kept.append(id: "日本-1", source: "a.jsonl", line: 12, in: arena)
        kept.append(id: nil, source: nil, line: nil, in: arena)
        #expect(kept.count == 5)
        #expect(kept.describe(0, in: arena) == "conv-7 (a.jsonl:3)")
        #expect(kept.describe(1, in: arena) == "a.jsonl:4")
        #expect(kept.describe(2, in: arena) == " (b.csv)")
        #expect(kept.describe(3, in: arena) == "日本-1 (a.jsonl:12)")
        #expect(kept.describe(4, in: arena) == "-")
    }

    /// A copy of a dedup stage is independent of the original (its arena is copied on write).
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
        #expect(copy.process(conversation("toasters", 4)) == .drop(reason: .exactDuplicate, message: "same text as in.jsonl:2"))
        #expect(original.process(conversation("toasters", 5)) == .drop(reason: .exactDuplicate, message: "same text as in.jsonl:3"))
        #expect(copy.process(conversation("kettles", 6)) == .drop(reason: .exactDuplicate, message: "same text as in.jsonl:1"))
    }
}
