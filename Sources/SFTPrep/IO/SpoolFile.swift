#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A temporary file of JSON lines that a whole-stream stage (split) writes once
/// and reads back in order, so records wait on disk rather than in memory.
/// The file is unlinked as soon as it is reopened for reading.
public final class SpoolFile {
    let path: String
    private var writer: OutputStream?
    public private(set) var count = 0

    /// Creates the spool in `directory` (the output directory: same disk, no surprise `/tmp` limits).
    public init(directory: String) throws(SFTPrepError) {
        let dir = directory.hasSuffix("/") ? directory : directory + "/"
        path = "\(dir).spool.tmp-\(getpid())"
        writer = try OutputStream(creating: path)
        TemporaryFiles.shared.register(path)
    }

    /// Appends one line (the bytes must end with a newline).
    public func append(_ line: [UInt8]) throws(SFTPrepError) {
        try writer?.write(line)
        count += 1
    }

    /// Reads the lines back in the order written, then deletes the file.
    public func forEachLine(_ body: (Int, UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try writer?.flush()
        writer = nil
        let input = try InputFile(path: path)
        unlink(path)
        TemporaryFiles.shared.unregister(path)
        var index = 0
        try LineReader(input).forEachLine { _, bytes in
            try body(index, bytes)
            index += 1
        }
    }

    deinit {
        if writer != nil {
            writer = nil
            unlink(path)
            TemporaryFiles.shared.unregister(path)
        }
    }
}
