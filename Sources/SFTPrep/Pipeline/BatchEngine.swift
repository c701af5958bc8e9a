import Foundation

/// Runs batches of conversations through the stages on all cores, keeping
/// every core busy and every result in input order.
///
/// Per batch the plan alternates parallel passes and ordered steps:
/// consecutive ``RecordStage``s (and the per-conversation half of the next
/// ``OrderedStage``) are fused into one pass that runs in chunks on any
/// thread; an ordered stage's `decide` runs on one thread, batch after batch,
/// in input order; a last pass applies `finish` (token counts, output
/// bytes); `commit` receives batches in input order. Several batches are in
/// flight at once, so while one thread decides duplicates for batch *n*, the
/// other cleans batch *n + 1* — no core waits at a barrier.
///
/// Output never depends on the thread count: record stages see one
/// conversation at a time, ordered steps and commits run in input order, and
/// tallies are sums.
final class BatchEngine<Event, Output>: @unchecked Sendable {
    /// What the source hands over: the input's events in order (passed to
    /// `commit` untouched) and the conversations among them.
    struct Intake {
        var events: [Event]
        var conversations: [Conversation]
    }

    /// What became of one conversation of a batch.
    enum Outcome {
        case kept(Output)
        /// Dropped by stage `stage` (its index) for `reason`; `line` is the JSONL line for the rejects file.
        case dropped(stage: Int, reason: String, line: [UInt8])
    }

    /// A batch, ready for `commit`: its events and, per conversation, the outcome and what the record stages changed in it.
    struct Finished {
        var events: [Event]
        var outcomes: [Outcome]
        var changes: [ReasonCounts]
    }

    /// Records per parallel task: small enough to spread a batch over the cores, large enough that locking is noise.
    static var chunkSize: Int { 64 }

    private enum Step {
        /// Record stages (by index) applied in order, then either the next ordered stage's preparer or `finish`.
        case parallel(stages: [Int], then: PassEnd)
        /// An ordered stage's decisions, or the commit (`nil`): one thread, batch after batch.
        case ordered(stage: Int?)
    }

    private enum PassEnd {
        case prepare(Int)
        case finish
    }

    private enum Slot {
        /// Still in the pipeline (what its next ordered stage prepared for it waits in `Batch.prepared`).
        case alive(Conversation)
        /// Dropped in an ordered step; its rejects line is built in the next parallel pass.
        case pendingDrop(stage: Int, reason: String, message: String, original: Conversation)
        case done(Outcome)
        /// Handed to `commit`.
        case taken
    }

    private final class Batch {
        let index: Int
        let events: [Event]
        let slots: UnsafeMutableBufferPointer<Slot>
        /// Per slot: what the next ordered stage's preparer computed (kept apart so that reading it never copies a conversation).
        let prepared: UnsafeMutableBufferPointer<Any?>
        /// Per slot: what the record stages changed in the conversation so far (for the report's per-input counts).
        let changes: UnsafeMutableBufferPointer<ReasonCounts>
        var step = 0
        var chunksClaimed = 0
        var chunksDone = 0
        var running = false
        var chunkCount: Int { (slots.count + BatchEngine.chunkSize - 1) / BatchEngine.chunkSize }

        init(index: Int, intake: Intake) {
            self.index = index
            events = intake.events
            slots = .allocate(capacity: intake.conversations.count)
            for (i, c) in intake.conversations.enumerated() { (slots.baseAddress! + i).initialize(to: .alive(c)) }
            prepared = .allocate(capacity: intake.conversations.count)
            prepared.initialize(repeating: nil)
            changes = .allocate(capacity: intake.conversations.count)
            changes.initialize(repeating: ReasonCounts())
        }

        deinit {
            slots.deinitialize()
            slots.deallocate()
            prepared.deinitialize()
            prepared.deallocate()
            changes.deinitialize()
            changes.deallocate()
        }
    }

    private let recordStages: [(any RecordStage)?]
    /// The stages that are not record stages, by index: changed by one thread at a time, in input order.
    private let orderedLanes: [Int: any OrderedLane]
    private let names: [String]
    private let plan: [Step]
    private let finish: @Sendable (Conversation) -> Output
    /// Applied to a dropped conversation before it is written to the rejects (redaction, in `run`).
    private let redactDropped: (@Sendable (Conversation) -> Conversation)?
    private var tallies: [RunReport.StageTally]

    private let condition = NSCondition()
    private var inFlight: [Batch] = []
    private var nextBatch = 0
    /// Per step: the batch whose turn it is (ordered steps only).
    private var turn: [Int]
    private var intakeBusy = false
    private var inputDone = false
    private var failure: Error?
    private let maxInFlight: Int

    /// An engine for `stages`, producing each kept conversation's `finish` result.
    init(stages: [any Stage], redactDropped: (@Sendable (Conversation) -> Conversation)? = nil,
         finish: @escaping @Sendable (Conversation) -> Output) {
        self.finish = finish
        self.redactDropped = redactDropped
        names = stages.map(\.name)
        tallies = stages.map { RunReport.StageTally(name: $0.name) }
        recordStages = stages.map { $0 as? any RecordStage }
        var lanes: [Int: any OrderedLane] = [:]
        var plan: [Step] = []
        var pending: [Int] = []
        for (i, s) in stages.enumerated() where recordStages[i] == nil {
            lanes[i] = BatchEngine.lane(s)
        }
        for i in stages.indices {
            if recordStages[i] != nil { pending.append(i); continue }
            plan.append(.parallel(stages: pending, then: .prepare(i)))
            plan.append(.ordered(stage: i))
            pending = []
        }
        plan.append(.parallel(stages: pending, then: .finish))
        plan.append(.ordered(stage: nil))
        orderedLanes = lanes
        self.plan = plan
        turn = Array(repeating: 0, count: plan.count)
        maxInFlight = 2 * ParallelMap.threads + 2
    }

    private static func lane(_ stage: any Stage) -> any OrderedLane {
        if let ordered = stage as? any OrderedStage { return orderedLane(ordered) }
        return SerialLane(stage: stage)
    }

    private static func orderedLane<S: OrderedStage>(_ stage: S) -> any OrderedLane { OrderedStageLane(stage) }

    /// What each stage did over all batches (records in and out, drops, changes, thread-seconds), once `run` has returned.
    var stageTallies: [RunReport.StageTally] {
        var out = tallies
        for (i, lane) in orderedLanes { out[i].changes.merge(lane.changes) }
        return out
    }

    /// Pulls intakes from `source` (nil at the end) until it is exhausted, and
    /// hands each finished batch to `commit` in input order. The calling thread
    /// works too. Rethrows the first error of `source` or `commit`.
    func run(threads: Int = ParallelMap.threads, source: () throws -> Intake?, commit: (Finished) throws -> Void) throws {
        // The helper threads end before this returns, so the closures never outlive the call.
        withoutActuallyEscaping(source) { source in
            withoutActuallyEscaping(commit) { commit in
                let done = DispatchGroup()
                // The threads hold the box, not the closures, which are let go before returning.
                let box = ClosureBox((source, commit))
                for _ in 0..<max(0, threads - 1) {
                    done.enter()
                    let t = Thread { [self] in
                        if let (source, commit) = box.value { work(source: source, commit: commit) }
                        done.leave()
                    }
                    t.stackSize = 16 << 20
                    t.start()
                }
                work(source: source, commit: commit)
                done.wait()
                box.value = nil
            }
        }
        if let failure { throw failure }
    }

    private enum Task {
        case chunk(Batch, Int)
        case ordered(Batch)
        case intake
    }

    private func work(source: () throws -> Intake?, commit: (Finished) throws -> Void) {
        condition.lock()
        while failure == nil {
            guard let task = nextTask() else {
                if inputDone && inFlight.isEmpty && !intakeBusy { break }
                condition.wait()
                continue
            }
            condition.unlock()
            do {
                switch task {
                case .chunk(let batch, let chunk):
                    let local = runChunk(batch, chunk)
                    condition.lock()
                    for i in local.indices { tallies[i].merge(local[i]) }
                    batch.chunksDone += 1
                    if batch.chunksDone == batch.chunkCount { advance(batch) }
                case .ordered(let batch):
                    let local = try runOrdered(batch, commit: commit)
                    condition.lock()
                    if let (i, t) = local { tallies[i].merge(t) }
                    batch.running = false
                    turn[batch.step] += 1
                    if batch.step == plan.count - 1 {
                        inFlight.removeAll { $0 === batch }
                    } else {
                        advance(batch)
                    }
                case .intake:
                    let intake = try source()
                    condition.lock()
                    intakeBusy = false
                    if let intake {
                        let batch = Batch(index: nextBatch, intake: intake)
                        nextBatch += 1
                        inFlight.append(batch)
                        skipEmptySteps(batch)
                    } else {
                        inputDone = true
                    }
                }
            } catch {
                condition.lock()
                if failure == nil { failure = error }
            }
            condition.broadcast()
        }
        condition.broadcast()
        condition.unlock()
    }

    /// The most urgent task, claimed (the caller holds the lock): an ordered step whose turn it is,
    /// then new input if little is in flight, then the oldest batch's next chunk, then more input.
    private func nextTask() -> Task? {
        for b in inFlight where !b.running {
            if case .ordered = plan[b.step], turn[b.step] == b.index {
                b.running = true
                return .ordered(b)
            }
        }
        let canTake = !inputDone && !intakeBusy
        if canTake && inFlight.count < 2 {
            intakeBusy = true
            return .intake
        }
        for b in inFlight {
            if case .parallel = plan[b.step], b.chunksClaimed < b.chunkCount {
                b.chunksClaimed += 1
                return .chunk(b, b.chunksClaimed - 1)
            }
        }
        if canTake && inFlight.count < maxInFlight {
            intakeBusy = true
            return .intake
        }
        return nil
    }

    private func advance(_ b: Batch) {
        b.step += 1
        b.chunksClaimed = 0
        b.chunksDone = 0
        skipEmptySteps(b)
    }

    /// A batch without conversations has no chunks: its parallel steps are done at once.
    private func skipEmptySteps(_ b: Batch) {
        while b.chunkCount == 0, case .parallel = plan[b.step] { b.step += 1 }
    }

    /// One chunk of a parallel step; returns its tallies, merged by the caller under the lock.
    private func runChunk(_ b: Batch, _ chunk: Int) -> [RunReport.StageTally] {
        guard case .parallel(let indices, let end) = plan[b.step] else { return [] }
        var local = names.map { RunReport.StageTally(name: $0) }
        let first = chunk * BatchEngine.chunkSize
        let slots = b.slots.baseAddress!
        for i in first..<min(b.slots.count, first + BatchEngine.chunkSize) {
            // Moved out and back in: the conversation is never copied (no reference counting per field).
            (slots + i).initialize(to: pass((slots + i).move(), indices, end, b.prepared.baseAddress! + i, b.changes.baseAddress! + i, &local))
        }
        return local
    }

    /// One conversation through a parallel step.
    private func pass(_ slot: consuming Slot, _ indices: [Int], _ end: PassEnd, _ prepared: UnsafeMutablePointer<Any?>,
                      _ changes: UnsafeMutablePointer<ReasonCounts>, _ local: inout [RunReport.StageTally]) -> Slot {
        var c: Conversation
        switch consume slot {
        case .alive(let conversation): c = conversation
        case .pendingDrop(let s, let reason, let message, let original): return .done(dropOutcome(s, reason, message, original))
        case let other: return other
        }
        var clock = LapClock()
        for s in indices {
            local[s].input += 1
            var mine = ReasonCounts()
            let result = recordStages[s]!.apply(c, changes: &mine)
            if !mine.isEmpty {
                local[s].changes.merge(mine)
                changes.pointee.merge(mine)
            }
            local[s].seconds += clock.lap()
            switch result {
            case .keep(let kept):
                local[s].output += 1
                c = kept
            case .drop(let why, let message):
                let reason = why.rawValue
                local[s].dropped.add(reason)
                return .done(dropOutcome(s, reason, message, c))
            }
        }
        switch end {
        case .prepare(let s):
            prepared.pointee = orderedLanes[s]!.prepare(c)
            local[s].seconds += clock.lap()
            return .alive(c)
        case .finish:
            return .done(.kept(finish(c)))
        }
    }

    private func dropOutcome(_ stage: Int, _ reason: String, _ message: String, _ original: Conversation) -> Outcome {
        .dropped(stage: stage, reason: reason,
                 line: Reject.dropped(by: names[stage], reason: reason, message: message, redactDropped?(original) ?? original).jsonLine())
    }

    /// An ordered step of one batch; returns the stage's tally (none for the commit).
    private func runOrdered(_ b: Batch, commit: (Finished) throws -> Void) throws -> (Int, RunReport.StageTally)? {
        guard case .ordered(let stage) = plan[b.step] else { return nil }
        guard let s = stage else {
            var outcomes: [Outcome] = []
            outcomes.reserveCapacity(b.slots.count)
            for i in b.slots.indices {
                // Moved out, not copied: the batch is finished.
                guard case .done(let o) = (b.slots.baseAddress! + i).move() else { preconditionFailure("a batch reached its commit unfinished") }
                (b.slots.baseAddress! + i).initialize(to: .taken)
                outcomes.append(o)
            }
            try commit(Finished(events: b.events, outcomes: outcomes, changes: Array(b.changes)))
            return nil
        }
        let lane = orderedLanes[s]!
        var t = RunReport.StageTally(name: names[s])
        var clock = LapClock()
        let slots = b.slots.baseAddress!
        for i in b.slots.indices {
            let c: Conversation
            switch (slots + i).move() {
            case .alive(let alive): c = alive
            case let other:
                (slots + i).initialize(to: other)
                continue
            }
            let prepared = b.prepared[i]
            b.prepared[i] = nil
            t.input += 1
            switch lane.decide(c, prepared) {
            case .keep(let kept):
                t.output += 1
                (slots + i).initialize(to: .alive(kept))
            case .drop(let why, let message):
                let reason = why.rawValue
                t.dropped.add(reason)
                (slots + i).initialize(to: .pendingDrop(stage: s, reason: reason, message: message, original: c))
            }
        }
        t.seconds = clock.lap()
        return (s, t)
    }
}

/// An ordered step's stage behind one interface: `prepare` from any thread, `decide` from one at a time.
protocol OrderedLane: AnyObject, Sendable {
    func prepare(_ c: Conversation) -> Any
    func decide(_ c: Conversation, _ prepared: Any?) -> StageResult
    var changes: ReasonCounts { get }
}

private final class OrderedStageLane<S: OrderedStage>: OrderedLane, @unchecked Sendable {
    private let preparer: @Sendable (Conversation) -> S.Prepared
    private var stage: S

    init(_ stage: S) {
        self.stage = stage
        preparer = stage.makePreparer()
    }

    func prepare(_ c: Conversation) -> Any { preparer(c) }
    func decide(_ c: Conversation, _ prepared: Any?) -> StageResult { stage.decide(c, prepared as! S.Prepared) }
    var changes: ReasonCounts { stage.changes }
}

/// Any other stage: nothing to prepare, `process` in input order.
private final class SerialLane: OrderedLane, @unchecked Sendable {
    private var stage: any Stage

    init(stage: any Stage) { self.stage = stage }

    func prepare(_ c: Conversation) -> Any { () }
    func decide(_ c: Conversation, _ prepared: Any?) -> StageResult {
        do { return try stage.process(c) } catch {
            return .drop(reason: .stageFailed, message: "the \(stage.name) stage failed on this record: \(error)")
        }
    }
    var changes: ReasonCounts { stage.changes }
}

/// Hands closures to helper threads without letting the threads keep them.
private final class ClosureBox<T>: @unchecked Sendable {
    var value: T?
    init(_ value: T) { self.value = value }
}

/// Seconds between laps, for the stages' time in the report.
struct LapClock {
    private var last = ContinuousClock.now

    /// Seconds since the previous lap (or the start).
    mutating func lap() -> Double {
        let now = ContinuousClock.now
        defer { last = now }
        return RunPipeline.seconds(now - last)
    }
}
