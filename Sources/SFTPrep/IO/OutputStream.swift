#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered byte sink on a file descriptor (standard output, standard error, or a file).
///
/// A reader that goes away (`sftprep ingest … | head`) surfaces as
/// ``SFTPrepError/brokenPipe`` so the command can end quietly; SIGPIPE is
/// ignored process-wide by ``OutputStream/ignoreSIGPIPE()``.
public final class OutputStream {
    public let path: String
    let fd: Int32
    private var buffer: [UInt8] = []
    private let flushThreshold: Int
    private let ownsDescriptor: Bool
    /// Bytes written through this stream so far.
    public private(set) var bytesWritten = 0

    /// Wraps an open descriptor that this stream does not close.
    public init(fd: Int32, path: String, flushThreshold: Int = 1 << 20) {
        self.fd = fd
        self.path = path
        self.flushThreshold = flushThreshold
        self.ownsDescriptor = false
        buffer.reserveCapacity(flushThreshold + 4096)
    }

    /// Creates (or truncates) a file for writing.
    public init(creating path: String, flushThreshold: Int = 1 << 20) throws(SFTPrepError) {
        let d = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if d < 0 { throw SFTPrepError.io(path: path, message: "cannot create: \(String(cString: strerror(errno)))") }
        self.fd = d
        self.path = path
        self.flushThreshold = flushThreshold
        self.ownsDescriptor = true
        buffer.reserveCapacity(flushThreshold + 4096)
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    public static let standardOutput = OutputStreamBox(OutputStream(fd: 1, path: "<stdout>"))

    /// Makes writes to a closed pipe fail with EPIPE instead of killing the process.
    public static func ignoreSIGPIPE() { signal(SIGPIPE, SIG_IGN) }

    public func write(_ bytes: [UInt8]) throws(SFTPrepError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushThreshold { try flush() }
    }

    public func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(SFTPrepError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushThreshold { try flush() }
    }

    public func write(_ text: String) throws(SFTPrepError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= flushThreshold { try flush() }
    }

    /// Writes everything buffered so far.
    public func flush() throws(SFTPrepError) {
        var offset = 0
        let total = buffer.count
        while offset < total {
            let n = buffer.withUnsafeBytes { p in Glibc.write(fd, p.baseAddress! + offset, total - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                buffer.removeAll(keepingCapacity: true)
                if code == EPIPE { throw SFTPrepError.brokenPipe }
                throw SFTPrepError.io(path: path, message: "write failed: \(String(cString: strerror(code)))")
            }
            offset += n
        }
        bytesWritten += total
        buffer.removeAll(keepingCapacity: true)
    }

    /// Where the next byte goes, once the buffer is flushed (files only).
    var position: Int64 { Int64(bytesWritten + buffer.count) }

    /// Writes `bytes` at `offset` of the file without moving on (for writers working side by side; see ``skip(_:)``).
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(SFTPrepError) {
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw SFTPrepError.io(path: path, message: "write failed: \(String(cString: strerror(errno)))")
            }
            done += n
        }
    }

    /// Moves past `count` bytes that ``write(_:at:)`` put after the current end.
    func skip(_ count: Int64) throws(SFTPrepError) {
        try flush()
        bytesWritten += Int(count)
        if lseek(fd, off_t(bytesWritten), SEEK_SET) < 0 {
            throw SFTPrepError.io(path: path, message: "seek failed: \(String(cString: strerror(errno)))")
        }
    }

    /// Flushes and, for files, makes the data durable before a rename publishes it.
    func flushAndSync() throws(SFTPrepError) {
        try flush()
        if ownsDescriptor, fsync(fd) != 0, errno != EINVAL {
            throw SFTPrepError.io(path: path, message: "sync failed: \(String(cString: strerror(errno)))")
        }
    }
}

/// A sendable holder for the process-wide standard output stream.
public final class OutputStreamBox: @unchecked Sendable {
    public let stream: OutputStream
    init(_ s: OutputStream) { stream = s }
}
