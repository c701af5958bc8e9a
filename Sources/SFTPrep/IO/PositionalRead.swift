#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads at a position of an open file without moving its offset (`pread`).
enum PositionalRead {
    /// Reads exactly `count` bytes at `offset` into `destination`, again after an interrupt;
    /// the number of bytes read, short only on an error or the end of the file.
    static func fully(_ fd: Int32, into destination: UnsafeMutableRawPointer, count: Int, at offset: Int64) -> Int {
        var done = 0
        while done < count {
            let n = pread(fd, destination + done, count - done, off_t(offset) + off_t(done))
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            done += n
        }
        return done
    }
}
