#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open input: a file named by the user, or standard input for `-`.
///
/// Reads go straight to `read(2)` into large buffers; the file is closed on deinit.
public final class InputFile {
    /// The path as the user gave it (`-` for standard input); used in every message.
    public let path: String
    let fd: Int32
    private let ownsDescriptor: Bool
    /// Bytes already read by ``peek(_:)`` and not yet handed out by ``read(into:count:)``.
    private var pending: [UInt8] = []
    private var pendingOffset = 0
    /// Bytes read from the underlying file or pipe so far (peeked bytes included).
    public private(set) var bytesRead = 0
    /// Called after each read with the bytes read so far (progress display).
    public var onRead: ((Int) -> Void)?

    /// Opens `path` for reading, or wraps standard input when `path` is `-`.
    public init(path: String) throws(SFTPrepError) {
        self.path = path
        if path == "-" {
            fd = 0
            ownsDescriptor = false
            return
        }
        let d = open(path, O_RDONLY | O_CLOEXEC)
        if d < 0 { throw SFTPrepError.io(path: path, message: "cannot open: \(String(cString: strerror(errno)))") }
        var st = stat()
        if fstat(d, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            close(d)
            throw SFTPrepError.io(path: path, message: "is a directory")
        }
        fd = d
        ownsDescriptor = true
    }

    deinit { if ownsDescriptor { close(fd) } }

    /// Size in bytes when known (regular files), for progress and reports.
    public var size: Int? {
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(st.st_size)
    }

    /// The first bytes of the input (up to `count`), without consuming them: format
    /// detection looks at them, and the reader that follows still sees them.
    public func peek(_ count: Int) throws(SFTPrepError) -> [UInt8] {
        let size = 1 << 16
        let chunk = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        defer { chunk.deallocate() }
        while pending.count - pendingOffset < count {
            let n = try readRaw(into: chunk, count: size)
            if n == 0 { break }
            pending.append(contentsOf: UnsafeBufferPointer(start: chunk, count: n))
        }
        return Array(pending[pendingOffset..<min(pending.count, pendingOffset + count)])
    }

    /// Reads up to `count` bytes into `buffer`; 0 at end of input.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws(SFTPrepError) -> Int {
        if pendingOffset < pending.count {
            let n = min(count, pending.count - pendingOffset)
            pending.withUnsafeBytes { p in buffer.copyMemory(from: p.baseAddress! + pendingOffset, byteCount: n) }
            pendingOffset += n
            if pendingOffset == pending.count { pending = []; pendingOffset = 0 }
            return n
        }
        return try readRaw(into: buffer, count: count)
    }

    private func readRaw(into buffer: UnsafeMutableRawPointer, count: Int) throws(SFTPrepError) -> Int {
        while true {
            let n = Glibc.read(fd, buffer, count)
            if n >= 0 {
                bytesRead += n
                onRead?(bytesRead)
                return n
            }
            if errno == EINTR { continue }
            throw SFTPrepError.io(path: path, message: "read failed: \(String(cString: strerror(errno)))")
        }
    }

    /// Reads the whole input into memory (for JSON documents that are not line-based).
    public func readAll() throws(SFTPrepError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(size.map { $0 + 1 } ?? 1 << 16)
        let size = 1 << 20
        let chunk = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        defer { chunk.deallocate() }
        while true {
            let n = try read(into: chunk, count: size)
            if n == 0 { break }
            out.append(contentsOf: UnsafeBufferPointer(start: chunk, count: n))
        }
        return out
    }
}
