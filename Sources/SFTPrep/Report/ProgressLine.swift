import Foundation

/// The live line a run shows on a terminal while it reads:
/// `reading  12,345 records · 45.2 MB · 31.8 MB/s · 45%`. Redrawn at most five
/// times a second, cleared at the end, and never shown in pipes or CI logs.
/// Safe to update from the reading thread and the pipeline at once.
public final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let stream: OutputStream
    private let totalBytes: Int
    private let started = ContinuousClock.now
    private var lastDraw = ContinuousClock.now
    private var completedBytes = 0
    private var currentBytes = 0
    private var records = 0
    private var drawn = false

    public init(stream: OutputStream, totalBytes: Int) {
        self.stream = stream
        self.totalBytes = totalBytes
    }

    public func fileDone(_ bytes: Int) {
        lock.lock()
        defer { lock.unlock() }
        completedBytes += bytes
        currentBytes = 0
    }

    public func update(bytesInFile: Int? = nil, records: Int? = nil) {
        lock.lock()
        defer { lock.unlock() }
        if let b = bytesInFile { currentBytes = b }
        if let r = records { self.records = r }
        let now = ContinuousClock.now
        guard now - lastDraw > .milliseconds(200) else { return }
        lastDraw = now
        draw()
    }

    private func draw() {
        let bytes = completedBytes + currentBytes
        let seconds = max(0.001, RunPipeline.seconds(since: started))
        var line = "\r\u{1B}[K  reading  \(NumberFormatting.grouped(records)) records · \(NumberFormatting.oneDecimal(Double(bytes) / 1e6)) MB · \(NumberFormatting.oneDecimal(Double(bytes) / 1e6 / seconds)) MB/s"
        if totalBytes > 0 { line += " · \(min(100, bytes * 100 / totalBytes))%" }
        try? stream.write(line)
        try? stream.flush()
        drawn = true
    }

    /// Removes the line before the summary is printed.
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn {
            try? stream.write("\r\u{1B}[K")
            try? stream.flush()
        }
    }
}
