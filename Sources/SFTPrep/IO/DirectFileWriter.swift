#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a large file once, in aligned blocks that go from this process's
/// buffers to the disk without passing through the page cache (`O_DIRECT`,
/// Linux).
///
/// Copying a gigabyte into the page cache costs the CPU a copy of every byte
/// and, on virtual machines whose host takes back free memory, a fault for
/// every fresh page: `perf` put a tenth of a 1 GB `run` in the final copy of
/// the dataset. Written directly, the same bytes leave from two reused buffers
/// and the CPU only gathers them. The file must be synced before it is
/// published either way, so nothing waits longer for the disk.
///
/// ``init(path:offset:)`` answers nil wherever this cannot work — another
/// system, a file system without direct I/O, an offset off the block grid —
/// and the caller writes the ordinary way.
final class DirectFileWriter {
    /// Offsets, lengths and buffers of direct writes are multiples of this (the largest logical block size in use).
    static let alignment = 4096

    let path: String
    private let fd: Int32

    /// Opens `path` (an existing file) for direct writes from `offset`, and checks with one block that the
    /// file system takes them; nil when not possible.
    init?(path: String, offset: Int64) {
        #if os(Linux)
        guard let direct = DirectFileWriter.directFlag, offset % Int64(DirectFileWriter.alignment) == 0 else { return nil }
        let d = open(path, O_WRONLY | O_CLOEXEC | direct)
        guard d >= 0 else { return nil }
        let block = UnsafeMutableRawPointer.allocate(byteCount: DirectFileWriter.alignment, alignment: DirectFileWriter.alignment)
        defer { block.deallocate() }
        memset(block, 0, DirectFileWriter.alignment)
        guard pwrite(d, block, DirectFileWriter.alignment, off_t(offset)) == DirectFileWriter.alignment else {
            close(d)
            return nil
        }
        self.path = path
        fd = d
        #else
        return nil
        #endif
    }

    deinit { close(fd) }

    /// `O_DIRECT`, which Glibc's module does not name (it is behind `_GNU_SOURCE`); its value differs between architectures.
    private static var directFlag: Int32? {
        #if arch(x86_64) || arch(i386)
        return 0o40000
        #elseif arch(arm64) || arch(arm)
        return 0o200000
        #else
        return nil
        #endif
    }

    /// Writes `count` bytes at `offset` (a multiple of ``alignment``) from `buffer` (aligned, with room
    /// for `count` rounded up to a block): the rest of the last block is zero-filled, and
    /// ``finish(size:)`` cuts it off. Safe to call from several threads for different blocks.
    func write(_ buffer: UnsafeMutableRawPointer, count: Int, at offset: Int64) throws(SFTPrepError) {
        let a = DirectFileWriter.alignment
        let padded = (count + a - 1) / a * a
        if padded > count { memset(buffer + count, 0, padded - count) }
        var done = 0
        while done < padded {
            let n = pwrite(fd, buffer + done, padded - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw SFTPrepError.io(path: path, message: "write failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { throw SFTPrepError.io(path: path, message: "write failed: no progress") }
            done += n
        }
    }

    /// Sets the file's final size (cutting off the last block's padding).
    func finish(size: Int64) throws(SFTPrepError) {
        if ftruncate(fd, off_t(size)) != 0 {
            throw SFTPrepError.io(path: path, message: "cannot set the file's size: \(String(cString: strerror(errno)))")
        }
    }
}
