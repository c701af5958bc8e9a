#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// The temporary files a run has open, so an interrupt (SIGINT, SIGTERM) can remove them before exiting.
public final class TemporaryFiles: @unchecked Sendable {
    public static let shared = TemporaryFiles()
    private let lock = DispatchQueue(label: "sftprep.temporary-files")
    private var paths: Set<String> = []
    private var signalSources: [DispatchSourceSignal] = []

    func register(_ path: String) { lock.sync { _ = paths.insert(path) } }
    func unregister(_ path: String) { lock.sync { _ = paths.remove(path) } }

    /// Removes every registered temporary file now.
    public func removeAll() {
        lock.sync {
            for p in paths { unlink(p) }
            paths.removeAll()
        }
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
