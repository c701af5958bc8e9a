#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The compact MinHash signatures of kept conversations (`width` bytes each),
/// by kept index.
///
/// The first `memoryLimit` signatures live in memory, in fixed chunks (no
/// array doubling: growing never copies what is there). Beyond that, so that
/// dedup's memory stops growing by the signatures of a huge input, they go
/// to an unlinked temporary file and are read back one per LSH candidate; the
/// newest few thousand wait in memory first. The file has no name, so nothing
/// is left on disk even after a crash. When no temporary file can be made,
/// everything stays in memory.
final class SignatureStore {
    let width: Int
    /// Signatures kept in memory before the file is used.
    let memoryLimit: Int
    static let defaultMemoryLimit = 1 << 21
    static let chunkSignatures = 8192
    /// Signatures 0..<min(count, memoryLimit) (and all of them when there is no file), `chunkSignatures`
    /// per chunk. Raw memory: reading a signature is an address computation, with no reference counting.
    private var chunks: [UnsafeMutablePointer<UInt8>] = []
    private var inMemory = 0
    private var fd: Int32 = -1
    private var fileFailed = false
    /// Signatures in the file: indices memoryLimit..<memoryLimit + flushed.
    private var flushed = 0
    /// The signatures after those, back to back, waiting to be written.
    private var recent: [UInt8] = []
    private var scratch: [UInt8]
    /// Where the temporary file goes; nil: `$TMPDIR`, or `/tmp`.
    private let directory: String?

    init(width: Int, memoryLimit: Int = SignatureStore.defaultMemoryLimit, directory: String? = nil) {
        self.width = max(1, width)
        self.memoryLimit = memoryLimit
        self.directory = directory
        scratch = [UInt8](repeating: 0, count: self.width)
    }

    deinit {
        if fd >= 0 { close(fd) }
        for chunk in chunks { free(chunk) }
    }

    var count: Int { inMemory + flushed + recent.count / width }

    /// Whether some signatures are in the file.
    var usesFile: Bool { flushed > 0 }

    /// Adds the next kept conversation's signature: `width` values, given in one part or two.
    func append(_ signature: some Collection<UInt8>, _ rest: some Collection<UInt8> = EmptyCollection()) {
        precondition(signature.count + rest.count == width, "a signature of \(signature.count + rest.count) values in a store of \(width)")
        // In memory: below the limit, or for good when the file could never be used.
        if inMemory < memoryLimit || (fileFailed && flushed == 0) {
            if inMemory % SignatureStore.chunkSignatures == 0 { chunks.append(SignatureStore.allocateChunk(SignatureStore.chunkSignatures * width)) }
            var at = chunks[chunks.count - 1] + (inMemory % SignatureStore.chunkSignatures) * width
            for v in signature { at.initialize(to: v); at += 1 }
            for v in rest { at.initialize(to: v); at += 1 }
            inMemory += 1
            return
        }
        recent.append(contentsOf: signature)
        recent.append(contentsOf: rest)
        if !fileFailed && recent.count >= width * SignatureStore.chunkSignatures { flush() }
    }

    /// Calls `body` with signature `index`; nil when it cannot be read back (the disk failed under us).
    func withSignature<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
        if index < inMemory { return body(UnsafeBufferPointer(start: inMemoryAddress(index), count: width)) }
        let inFile = index - inMemory
        if inFile >= flushed {
            let start = (inFile - flushed) * width
            return recent.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<start + width])) }
        }
        let ok = scratch.withUnsafeMutableBytes { buffer -> Bool in
            var done = 0
            while done < width {
                let n = pread(fd, buffer.baseAddress! + done, width - done, off_t(inFile * width + done))
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                done += n
            }
            return true
        }
        return ok ? scratch.withUnsafeBufferPointer { body($0) } : body(nil)
    }

    @inline(__always) private func inMemoryAddress(_ index: Int) -> UnsafePointer<UInt8> {
        UnsafePointer(chunks[index / SignatureStore.chunkSignatures] + (index % SignatureStore.chunkSignatures) * width)
    }

    /// A store with the same signatures that does not share this one's file (copy on write for ``DedupStage``).
    func copy() -> SignatureStore {
        let other = SignatureStore(width: width, memoryLimit: memoryLimit, directory: directory)
        for i in 0..<count {
            withSignature(i) { sig in
                if let sig { other.append(sig) } else { other.append(repeatElement(UInt8(0), count: width)) }
            }
        }
        return other
    }

    /// Moves the waiting signatures to the file; without a file, they move to memory for good.
    private func flush() {
        if fd < 0 && !fileFailed { fd = SignatureStore.makeTemporaryFile(in: directory) }
        var ok = fd >= 0
        if ok {
            ok = recent.withUnsafeBytes { buffer -> Bool in
                var done = 0
                while done < buffer.count {
                    let n = pwrite(fd, buffer.baseAddress! + done, buffer.count - done, off_t(flushed * width + done))
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { return false }
                    done += n
                }
                return true
            }
        }
        if ok {
            flushed += recent.count / width
            recent.removeAll(keepingCapacity: true)
            return
        }
        // No file, or a full disk: memory it is, from here on. When the file holds some signatures
        // already, they stay there and the rest stay in `recent`, which grows (indices keep their meaning);
        // otherwise the waiting ones join the in-memory chunks.
        fileFailed = true
        guard flushed == 0 else { return }
        let waiting = recent
        recent.removeAll()
        var k = 0
        while k < waiting.count {
            append(waiting[k..<k + width])
            k += width
        }
    }

    /// Memory for one chunk, on huge pages where the system allows: candidates are read at random
    /// across hundreds of megabytes, and with 4 kB pages nearly every read would also miss the TLB.
    private static func allocateChunk(_ bytes: Int) -> UnsafeMutablePointer<UInt8> {
        let huge = 2 << 20
        var raw: UnsafeMutableRawPointer?
        if bytes >= huge / 2, posix_memalign(&raw, huge, (bytes + huge - 1) / huge * huge) == 0, let raw {
            #if os(Linux)
            _ = madvise(raw, (bytes + huge - 1) / huge * huge, MADV_HUGEPAGE)
            #endif
            return raw.bindMemory(to: UInt8.self, capacity: bytes)
        }
        return malloc(max(1, bytes))!.bindMemory(to: UInt8.self, capacity: bytes)
    }

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
