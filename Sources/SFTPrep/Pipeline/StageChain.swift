/// Runs conversations through a list of stages in fixed-size batches and
/// keeps the books: records in and out of each stage, drops by reason. The
/// filter commands use it (one stage, each parallel inside); `run` uses
/// ``BatchEngine``, which fuses the stages and keeps several batches in flight.
///
/// The batch size is a constant, never derived from the thread count, so
/// results are identical however many cores do the work.
public struct StageChain {
    public static let batchSize = 1024

    public private(set) var stages: [any Stage]
    public private(set) var tallies: [RunReport.StageTally]

    public init(_ stages: [any Stage]) {
        self.stages = stages
        tallies = stages.map { RunReport.StageTally(name: $0.name) }
    }

    /// Passes `batch` through every stage. Returns the survivors and the drops,
    /// each with its position in `batch`, in batch order.
    public mutating func run(_ batch: [Conversation]) throws -> (kept: [(Int, Conversation)], dropped: [(Int, Reject)]) {
        var items = Array(batch.enumerated()).map { ($0.offset, $0.element) }
        var dropped: [(Int, Reject)] = []
        for s in stages.indices {
            tallies[s].input += items.count
            let started = ContinuousClock.now
            let results = try stages[s].process(batch: items.map(\.1))
            tallies[s].seconds += RunPipeline.seconds(since: started)
            var next: [(Int, Conversation)] = []
            next.reserveCapacity(items.count)
            for ((position, original), result) in zip(items, results) {
                switch result {
                case .keep(let c):
                    next.append((position, c))
                case .drop(let why, let message):
                    let reason = why.rawValue
                    tallies[s].dropped.add(reason)
                    dropped.append((position, Reject.dropped(by: stages[s].name, reason: reason, message: message, original)))
                }
            }
            tallies[s].output += next.count
            items = next
        }
        for s in stages.indices { tallies[s].changes = stages[s].changes }
        dropped.sort { $0.0 < $1.0 }
        return (items, dropped)
    }
}
