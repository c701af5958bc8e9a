#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output file that appears under its name only when complete.
///
/// Bytes go to a hidden temporary file in the same directory; ``commit()``
/// renames it into place, so an interrupted run never leaves a half-written
/// dataset, and ``abort()`` (or deinit without commit) removes it.
public final class AtomicFile {
    public let path: String
    let temporaryPath: String
    public let stream: OutputStream
    private var finished = false

    public init(path: String) throws(SFTPrepError) {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        temporaryPath = "\(dir).\(name).tmp-\(getpid())"
        stream = try OutputStream(creating: temporaryPath)
        TemporaryFiles.shared.register(temporaryPath)
    }

    /// Flushes, syncs and renames the file into place.
    public func commit() throws(SFTPrepError) {
        guard !finished else { return }
        try stream.flushAndSync()
        if rename(temporaryPath, path) != 0 {
            let message = String(cString: strerror(errno))
            abort()
            throw SFTPrepError.io(path: path, message: "cannot rename into place: \(message)")
        }
        TemporaryFiles.shared.unregister(temporaryPath)
        finished = true
    }

    /// Removes the temporary file; the destination is left untouched.
    public func abort() {
        guard !finished else { return }
        finished = true
        unlink(temporaryPath)
        TemporaryFiles.shared.unregister(temporaryPath)
    }

    deinit { abort() }
}
