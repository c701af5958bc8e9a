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

    /// Ends writing: from here on the spool is read (and already unlinked, so nothing is left behind).
    private func openForReading() throws(SFTPrepError) {
        guard let w = writer else { return }
        try w.flush()
        writer = nil
        reader = open(path, O_RDONLY | O_CLOEXEC)
        unlink(path)
        TemporaryFiles.shared.unregister(path)
        if reader < 0 { throw SFTPrepError.io(path: path, message: "cannot reopen the spool file") }
    }

    /// Reads `count` bytes at `offset` into `into`.
    private func readBytes(_ into: UnsafeMutableRawPointer, _ count: Int, at offset: Int64) throws(SFTPrepError) {
        if PositionalRead.fully(reader, into: into, count: count, at: offset) < count {
            throw SFTPrepError.io(path: path, message: "spool read failed")
        }
    }

    /// The bytes of record `index`.
    public func record(_ index: Int) throws(SFTPrepError) -> [UInt8] {
        try openForReading()
        let length = Int(lengths[index])
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(1, length), alignment: 1)
        defer { buffer.deallocate() }
        try readBytes(buffer, length, at: offsets[index])
        return Array(UnsafeRawBufferPointer(start: buffer, count: length))
    }

    /// Writes the records in `order`, back to back, to `out`, on all cores, so that the file is the
    /// same as writing them one by one. The output is cut into chunks of ``chunkBytes``; each core
    /// takes a run of them with one buffer, gathers each chunk's bytes from the spool (a record may
    /// be split between two chunks) and writes it at its place in the file: directly to the disk
    /// where it can (``DirectFileWriter``), else through the page cache.
    public func copy(_ order: [Int], to out: OutputStream) throws(SFTPrepError) {
        try openForReading()
        try out.flush()
        let base = out.position
        // Where each record of the order starts in the output, and the end.
        var starts = [Int64](repeating: 0, count: order.count + 1)
        for k in order.indices { starts[k + 1] = starts[k] + Int64(lengths[order[k]]) }
        let total = starts[order.count]
        guard total > 0 else { return }
        let direct = DirectFileWriter(path: out.path, offset: base)
        let chunk = Int64(SpoolFile.chunkBytes)
        let chunks = Int((total + chunk - 1) / chunk)
        let parts = min(chunks, ParallelMap.threads)
        let failures = ParallelMap.map(parts, minimumCount: 2) { p -> SFTPrepError? in
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: SpoolFile.chunkBytes, alignment: DirectFileWriter.alignment)
            defer { buffer.deallocate() }
            do {
                for c in (chunks * p / parts)..<(chunks * (p + 1) / parts) {
                    let from = Int64(c) * chunk
                    let to = min(total, from + chunk)
                    // The first record that reaches into the chunk: the last start at or before `from`.
                    var low = 0, high = order.count - 1
                    while low < high {
                        let mid = (low + high + 1) / 2
                        if starts[mid] <= from { low = mid } else { high = mid - 1 }
                    }
                    var k = low
                    while k < order.count && starts[k] < to {
                        let begin = max(from, starts[k])
                        let end = min(to, starts[k + 1])
                        if end > begin {
                            try readBytes(buffer + Int(begin - from), Int(end - begin), at: offsets[order[k]] + (begin - starts[k]))
                        }
                        k += 1
                    }
                    if let direct {
                        try direct.write(buffer, count: Int(to - from), at: base + from)
                    } else {
                        try out.write(UnsafeRawBufferPointer(start: buffer, count: Int(to - from)), at: base + from)
                    }
                }
                return nil
            } catch let error as SFTPrepError {
                return error
            } catch {
                return SFTPrepError.io(path: out.path, message: "\(error)")
            }
        }
        if let failure = failures.compactMap({ $0 }).first { throw failure }
        try direct?.finish(size: base + total)
        try out.skip(total)
    }

    /// Output bytes gathered and written at a time.
    private static let chunkBytes = 4 << 20

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
