import Foundation

/// Flushes and syncs files on another thread while the caller goes on, so
/// that waiting for the disk overlaps the work still to do. The caller must
/// not touch the files' streams until ``wait()`` has returned.
final class BackgroundSync: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var failure: SFTPrepError?

    init(_ files: [AtomicFile]) {
        let streams = UnsafeSendable(files.map(\.stream))
        Thread.detachNewThread { [self] in
            do throws(SFTPrepError) { for s in streams.value { try s.flushAndSync() } } catch { failure = error }
            done.signal()
        }
    }

    /// Waits until every file is on disk; throws the first failure.
    func wait() throws(SFTPrepError) {
        done.wait()
        if let failure { throw failure }
    }
}
