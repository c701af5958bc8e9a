#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A temporary file of records that a whole-stream stage (split) writes once
/// and then reads back in any order, so records wait on disk rather than in
/// memory: 12 bytes per record stay in memory (offset and length).
public final class SpoolFile {
    let path: String
    private var writer: OutputStream?
    private var reader: Int32 = -1
    private var offsets: [Int64] = []
    private var lengths: [Int32] = []
    private var size: Int64 = 0
    public var count: Int { offsets.count }

    /// Creates the spool in `directory` (the output directory: same disk, no surprise `/tmp` limits).
    public init(directory: String) throws(SFTPrepError) {
        let dir = directory.hasSuffix("/") ? directory : directory + "/"
        path = "\(dir).spool.tmp-\(getpid())"
        writer = try OutputStream(creating: path)
        TemporaryFiles.shared.register(path)
    }

    /// Appends one record's bytes.
    public func append(_ record: [UInt8]) throws(SFTPrepError) {
        offsets.append(size)
        lengths.append(Int32(record.count))
        size += Int64(record.count)
        try writer?.write(record)
    }

    /// The bytes of record `index`.
    public func record(_ index: Int) throws(SFTPrepError) -> [UInt8] {
        if let w = writer {
            try w.flush()
            writer = nil
            reader = open(path, O_RDONLY | O_CLOEXEC)
            unlink(path)
            TemporaryFiles.shared.unregister(path)
            if reader < 0 { throw SFTPrepError.io(path: path, message: "cannot reopen the spool file") }
        }
        let length = Int(lengths[index])
        var bytes = [UInt8](repeating: 0, count: length)
        var done = 0
        while done < length {
            let n = bytes.withUnsafeMutableBytes { p in pread(reader, p.baseAddress! + done, length - done, off_t(offsets[index]) + off_t(done)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { throw SFTPrepError.io(path: path, message: "spool read failed") }
            done += n
        }
        return bytes
    }

    /// Removes the spool now (a failed run); it cannot be used afterwards.
    public func discard() {
        if writer != nil {
            writer = nil
            unlink(path)
            TemporaryFiles.shared.unregister(path)
        }
        if reader >= 0 { close(reader); reader = -1 }
    }

    deinit { discard() }
}
