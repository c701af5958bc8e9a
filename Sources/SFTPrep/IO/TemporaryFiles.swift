#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation

/// The temporary files a run has open, so an interrupt (SIGINT, SIGTERM) can remove them before exiting.
public final class TemporaryFiles: @unchecked Sendable {
    public static let shared = TemporaryFiles()
    private let lock = DispatchQueue(label: "sftprep.temporary-files")
    /// Held while outputs are put in place (``whileCommitting(_:)``), and by the interrupt cleanup.
    private let commitLock = NSLock()
    private var paths: Set<String> = []
    /// Temporary directories, removed (when empty) after the files.
    private var directories: Set<String> = []
    private var signalSources: [DispatchSourceSignal] = []

    func register(_ path: String) { lock.sync { _ = paths.insert(path) } }
    func unregister(_ path: String) { lock.sync { _ = paths.remove(path) } }
    /// Whether an interrupt now would remove `path` (a file or a directory).
    func isRegistered(_ path: String) -> Bool { lock.sync { paths.contains(path) || directories.contains(path) } }
    func registerDirectory(_ path: String) { lock.sync { _ = directories.insert(path) } }
    func unregisterDirectory(_ path: String) { lock.sync { _ = directories.remove(path) } }

    /// Removes every registered temporary file now, then the registered directories left empty.
    /// Waits for a commit under way (``whileCommitting(_:)``) to finish first.
    public func removeAll() {
        commitLock.lock()
        defer { commitLock.unlock() }
        lock.sync {
            for p in paths { unlink(p) }
            paths.removeAll()
            for d in directories.sorted(by: { $0.count > $1.count }) { rmdir(d) }
            directories.removeAll()
        }
    }

    /// Runs `body` (the renames that put a set of outputs in place) so that an interrupt waits for it to
    /// end: the outputs appear together or not at all.
    func whileCommitting<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        commitLock.lock()
        defer { commitLock.unlock() }
        return try body()
    }

    /// On SIGINT or SIGTERM: remove temporary outputs, then exit with 128+signal like a shell.
    public func installInterruptCleanup() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [weak self] in
                self?.removeAll()
                _exit(128 + sig)
            }
            source.resume()
            signalSources.append(source)
        }
    }
}
