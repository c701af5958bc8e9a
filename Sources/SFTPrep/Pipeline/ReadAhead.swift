import Foundation

/// Reads inputs on a thread of its own, ahead of the stages: while the
/// engine's workers clean, fingerprint and write earlier batches, the next
/// records are already being read and parsed.
///
/// Items arrive in input order through a bounded queue (memory holds at most
/// `capacity` chunks), so the output is the same as reading inline.
final class ReadAhead: @unchecked Sendable {
    enum Event {
        case fileStarted(Int)
        case items([IngestItem])
        case fileFinished(Int, InputReport)
    }

    private let condition = NSCondition()
    private var queue: [Event] = []
    private var finished = false
    private var cancelled = false
    private var failure: Error?
    private let capacity: Int
    static let chunk = 256

    /// Starts reading `files` with `ingestor` at once; `fileDone` hears of each finished file on the reading thread.
    init(files: [String], ingestor: Ingestor, capacity: Int = 16, fileDone: (@Sendable (InputReport) -> Void)? = nil) {
        self.capacity = capacity
        // The ingestor is used by this thread only from here on.
        let box = UnsafeSendable(ingestor)
        let thread = Thread { [self] in self.produce(files, box.value, fileDone) }
        thread.stackSize = 16 << 20
        thread.start()
    }

    private func produce(_ files: [String], _ ingestor: Ingestor, _ fileDone: (@Sendable (InputReport) -> Void)?) {
        do {
            for (index, path) in files.enumerated() {
                try put(.fileStarted(index))
                var items: [IngestItem] = []
                let report = try ingestor.ingest(path: path) { item in
                    items.append(item)
                    if items.count >= ReadAhead.chunk {
                        try put(.items(items))
                        items.removeAll(keepingCapacity: true)
                    }
                }
                if !items.isEmpty { try put(.items(items)) }
                fileDone?(report)
                try put(.fileFinished(index, report))
            }
            condition.lock()
            finished = true
        } catch {
            condition.lock()
            failure = error
            finished = true
        }
        condition.broadcast()
        condition.unlock()
    }

    private struct Cancelled: Error {}

    private func put(_ event: Event) throws {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= capacity && !cancelled { condition.wait() }
        if cancelled { throw Cancelled() }
        queue.append(event)
        condition.broadcast()
    }

    /// The next event, nil at the end; rethrows what stopped the reading.
    func next() throws -> Event? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !finished { condition.wait() }
        if !queue.isEmpty {
            let e = queue.removeFirst()
            condition.broadcast()
            return e
        }
        if let failure { throw failure }
        return nil
    }

    /// Stops the reader (the consumer failed); pending events are dropped.
    func cancel() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
