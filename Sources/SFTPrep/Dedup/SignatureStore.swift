#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The compact MinHash signatures of kept conversations (`width` 16-bit values
/// each), by kept index. The newest few thousand stay in memory; older ones go
/// to an unlinked temporary file and are read back one signature per LSH
/// candidate, so dedup's memory does not grow by half a kilobyte with every
/// kept conversation. The kernel keeps the file in its page cache while there
/// is room, and nothing is left on disk even after a crash (the file has no
/// name). When no temporary file can be made, everything stays in memory.
final class SignatureStore {
    let width: Int
    private var fd: Int32 = -1
    private var fileFailed = false
    /// Signatures in the file: indices 0..<flushed.
    private var flushed = 0
    /// Signatures flushed..<count, back to back.
    private var recent: [UInt16] = []
    private var scratch: [UInt16]
    static let recentSignatures = 4096

    /// Where the temporary file goes; nil: `$TMPDIR`, or `/tmp`.
    private let directory: String?

    init(width: Int, directory: String? = nil) {
        self.width = width
        self.directory = directory
        scratch = [UInt16](repeating: 0, count: width)
        recent.reserveCapacity(width * SignatureStore.recentSignatures)
    }

    deinit { if fd >= 0 { close(fd) } }

    var count: Int { flushed + recent.count / max(1, width) }

    /// Adds the next kept conversation's signature (exactly `width` values).
    func append(_ signature: some Collection<UInt16>) {
        recent.append(contentsOf: signature)
        if recent.count >= width * SignatureStore.recentSignatures { flush() }
    }

    /// Calls `body` with signature `index`; nil when it cannot be read back (the disk failed under us).
    func withSignature<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt16>?) -> R) -> R {
        if index >= flushed {
            let start = (index - flushed) * width
            return recent.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<start + width])) }
        }
        let bytes = width * 2
        let ok = scratch.withUnsafeMutableBytes { buffer -> Bool in
            var done = 0
            while done < bytes {
                let n = pread(fd, buffer.baseAddress! + done, bytes - done, off_t(index * bytes + done))
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                done += n
            }
            return true
        }
        return ok ? scratch.withUnsafeBufferPointer { body($0) } : body(nil)
    }

    /// A store with the same signatures that does not share this one's file (copy on write for ``DedupStage``).
    func copy() -> SignatureStore {
        let other = SignatureStore(width: width, directory: directory)
        for i in 0..<count {
            withSignature(i) { sig in
                if let sig { other.append(sig) } else { other.append(repeatElement(UInt16(0), count: width)) }
            }
        }
        return other
    }

    /// Moves the in-memory signatures to the file (kept in memory if there is no file).
    private func flush() {
        if fd < 0 && !fileFailed { fd = SignatureStore.makeTemporaryFile(in: directory) }
        guard fd >= 0, !fileFailed else {
            fileFailed = true
            return
        }
        let ok = recent.withUnsafeBytes { buffer -> Bool in
            var done = 0
            while done < buffer.count {
                let n = pwrite(fd, buffer.baseAddress! + done, buffer.count - done, off_t(flushed * width * 2 + done))
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                done += n
            }
            return true
        }
        guard ok else {
            fileFailed = true  // a full disk: keep the rest in memory, as without a file
            return
        }
        flushed += recent.count / width
        recent.removeAll(keepingCapacity: true)
    }

    /// Whether older signatures are in a file (false: all in memory).
    var usesFile: Bool { fd >= 0 && !fileFailed }

    /// A new, already unlinked file in `directory` (nil: `$TMPDIR`, or `/tmp`), or -1.
    private static func makeTemporaryFile(in directory: String?) -> Int32 {
        var dir = directory ?? getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        if dir.isEmpty { dir = "/tmp" }
        var template = Array((dir.hasSuffix("/") ? dir : dir + "/").utf8CString.dropLast()) + Array("sftprep-dedup-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd >= 0 { template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) } }
        return fd
    }
}
