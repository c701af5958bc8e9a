import Testing
@testable import SFTPrep

@Suite struct BatchEngineTests {
    /// 600 conversations with exact and near duplicates, PII, empty and unanswered ones.
    static func corpus() -> [Conversation] {
        var rng = SplitMix(seed: 7)
        let words = ["refund", "order", "shipping", "password", "invoice", "delivery", "account", "printer", "warranty", "router"]
        var out: [Conversation] = []
        for i in 0..<600 {
            let topic = (0..<12).map { _ in words[Int(rng.next() % 10)] }.joined(separator: " ")
            var messages: [Message] = [.user("Question \(i % 97) about \(topic)"), .assistant("Answer about \(topic); mail me at user\(i)@example.com")]
            switch i % 10 {
            case 3: messages = [.user("only a question \(i)")]  // no assistant: clean drops it
            case 5: messages = out[i - 5].messages  // exact copy of an earlier one
            case 7: messages[1] = .assistant(messages[1].content! + " thanks")  // near copy candidate
            default: break
            }
            var c = Conversation(messages: messages)
            c.metadata.source = "chat.jsonl"
            c.metadata.line = i + 1
            out.append(c)
        }
        return out
    }

    static func stages() -> [any Stage] {
        [CleanStage(), DedupStage(), RedactStage(), ExampleCheck()]
    }

    struct Result: Equatable {
        var events: [Int] = []
        var outcomes: [String] = []
        var tallies: [String] = []
    }

    /// Runs the engine over `conversations` cut into intakes of the given sizes (cycled); events are intake numbers.
    static func runEngine(_ conversations: [Conversation], sizes: [Int], threads: Int) throws -> Result {
        let engine = BatchEngine<Int, String>(stages: stages()) { c in String(decoding: ChatRecordWriter.pipe.line(c), as: UTF8.self) }
        var result = Result()
        var offset = 0, n = 0
        try engine.run(threads: threads, source: {
            guard offset < conversations.count || n == 0 else { return nil }
            let size = sizes[n % sizes.count]
            defer { offset += size; n += 1 }
            return .init(events: [n], conversations: Array(conversations[min(offset, conversations.count)..<min(offset + size, conversations.count)]))
        }, commit: { batch in
            result.events += batch.events
            for o in batch.outcomes {
                switch o {
                case .kept(let line): result.outcomes.append("kept " + line)
                case .dropped(let stage, let reason, let line): result.outcomes.append("dropped \(stage) \(reason) " + String(decoding: line, as: UTF8.self))
                }
            }
        })
        result.tallies = engine.stageTallies.map { "\($0.name) \($0.input)→\($0.output) \($0.dropped.sorted) \($0.changes.sorted)" }
        return result
    }

    /// The same conversations through ``StageChain`` one at a time: the reference.
    static func runChain(_ conversations: [Conversation]) throws -> Result {
        var chain = StageChain(stages())
        var result = Result()
        var outcomes = [String](repeating: "", count: conversations.count)
        let (kept, dropped) = try chain.run(conversations)
        for (i, c) in kept { outcomes[i] = "kept " + String(decoding: ChatRecordWriter.pipe.line(c), as: UTF8.self) }
        for (i, r) in dropped {
            let stage = chain.stages.firstIndex { $0.name == r.stage }!
            outcomes[i] = "dropped \(stage) \(r.reason) " + String(decoding: r.jsonLine(), as: UTF8.self)
        }
        result.outcomes = outcomes
        result.tallies = chain.tallies.map { "\($0.name) \($0.input)→\($0.output) \($0.dropped.sorted) \($0.changes.sorted)" }
        return result
    }

    @Test func sameOutcomesAsOneAtATimeWhateverTheThreadsAndBatches() throws {
        let corpus = BatchEngineTests.corpus()
        let reference = try BatchEngineTests.runChain(corpus)
        #expect(reference.outcomes.filter { $0.hasPrefix("dropped 1 exact_duplicate") }.count == 60)
        #expect(reference.outcomes.filter { $0.hasPrefix("dropped 0 no_assistant_message") }.count == 60)
        #expect(reference.outcomes.contains { $0.hasPrefix("kept") && $0.contains("[EMAIL]") })
        for (threads, sizes) in [(1, [1024]), (2, [100]), (4, [7, 0, 64, 300]), (3, [1, 2, 3, 5, 8, 13, 0])] {
            var got = try BatchEngineTests.runEngine(corpus, sizes: sizes, threads: threads)
            #expect(got.events == Array(0..<got.events.count), "intakes committed in order")
            got.events = []
            #expect(got == reference, "threads \(threads), intakes \(sizes)")
        }
    }

    struct Failure: Error, Equatable { let batch: Int }

    @Test func aFailingCommitStopsTheRunAndIsRethrown() {
        let engine = BatchEngine<Int, Int>(stages: [ExampleCheck()]) { $0.messages.count }
        var n = 0
        var committed: [Int] = []
        let corpus = BatchEngineTests.corpus()
        #expect(throws: Failure(batch: 3)) {
            try engine.run(threads: 3, source: {
                defer { n += 1 }
                return n < 50 ? .init(events: [n], conversations: Array(corpus[n * 10..<n * 10 + 10])) : nil
            }, commit: { batch in
                if batch.events == [3] { throw Failure(batch: 3) }
                committed += batch.events
            })
        }
        #expect(committed == [0, 1, 2])
    }

    @Test func aFailingSourceIsRethrownAfterEarlierBatchesCommit() {
        let engine = BatchEngine<Int, Int>(stages: [DedupStage()]) { $0.messages.count }
        var n = 0
        var committed: [Int] = []
        let corpus = BatchEngineTests.corpus()
        #expect(throws: Failure(batch: 5)) {
            try engine.run(threads: 2, source: {
                defer { n += 1 }
                if n == 5 { throw Failure(batch: 5) }
                return .init(events: [n], conversations: Array(corpus[n * 10..<n * 10 + 10]))
            }, commit: { committed += $0.events })
        }
        #expect(committed.allSatisfy { $0 < 5 })
    }

    /// A stage that is neither a record nor an ordered stage sees conversations one by one, in input order.
    struct Numbering: Stage {
        let name = "numbering"
        var next = 0
        mutating func process(_ c: Conversation) -> StageResult {
            var c = c
            c.metadata.id = "n\(next)"
            next += 1
            return next % 5 == 0 ? .drop(reason: RejectReason(rawValue: "fifth"), message: "every fifth") : .keep(c)
        }
    }

    @Test func otherStagesRunInInputOrder() throws {
        let engine = BatchEngine<Int, String>(stages: [ExampleCheck(), Numbering()]) { $0.metadata.id ?? "" }
        let corpus = BatchEngineTests.corpus()
        var n = 0
        var kept: [String] = []
        try engine.run(threads: 4, source: {
            defer { n += 1 }
            return n < 60 ? .init(events: [], conversations: Array(corpus[n * 10..<n * 10 + 10])) : nil
        }, commit: { batch in
            for case .kept(let id) in batch.outcomes { kept.append(id) }
        })
        let expected = (0..<540).filter { ($0 + 1) % 5 != 0 }.map { "n\($0)" }
        #expect(kept == expected)
        #expect(engine.stageTallies.map(\.output) == [540, 432])
    }
}
