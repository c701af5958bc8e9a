#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Growable memory for bookkeeping that grows with the input (dedup's index
/// of kept conversations) and may be held to a resident budget.
///
/// Structures live at byte offsets into one region, never at addresses: the
/// region may move when it grows, and a byte copy of it is a valid copy of
/// every structure inside (copy on write for the stage that owns it).
///
/// Asked for a file (Linux), the region is a shared mapping of an unlinked
/// temporary file. ``trimIfNeeded(above:)`` drops its pages from this
/// process once more than a limit of them are resident; the kernel keeps them in its
/// page cache, writes them to the file when it needs the memory, and brings
/// them back on the next access. So the process stays near the limit
/// whatever the input size, and small inputs never notice. Pages are faulted
/// back one by one, so this suits data read rarely or in order; a structure
/// probed at random on every record belongs in memory (``SpillingIndex``). Disk space is
/// reserved before it is used (`posix_fallocate`), so a full disk is found
/// when growing, never as a fault on access; when no file can be made or
/// grown, the region moves to ordinary memory and everything goes on there.
/// Otherwise the region is ordinary memory from the start (on Linux an
/// anonymous mapping, so that regions given back are really freed).
final class SpillArena {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int
    /// Bytes mapped at `base`: the capacity, or in memory the address space reserved for growing in place.
    private var mapped: Int
    /// Bytes handed out so far (regions are never reused, so fresh ones are zero).
    private(set) var used = 0
    /// The backing file, or -1: ordinary memory.
    private var fd: Int32 = -1
    /// Whether making or growing the temporary file failed once (then it is not tried again).
    private var fileFailed = false
    private let directory: String?
    /// `/proc/self/statm`, read for the resident file-backed memory; -1 where there is none.
    private var statm: Int32 = -1
    private var residentAtStart = 0
    /// How many times resident pages were let go (for tests and measurements).
    private(set) var trims = 0
    /// Page ranges given back (``release(_:_:)``): a move to a new region skips them.
    private var released: [Range<Int>] = []

    static let pageSize = max(4096, Int(sysconf(Int32(_SC_PAGESIZE))))
    private static let initialCapacity = 1 << 20

    /// - Parameters:
    ///   - file: whether the region lives in a temporary file, so its pages can be let go (false: in memory).
    ///   - directory: where the temporary file goes; nil: `$TMPDIR`, or `/tmp`.
    init(file: Bool = false, directory: String? = nil) {
        self.directory = directory
        capacity = SpillArena.initialCapacity
        (base, mapped) = SpillArena.allocateMemory(capacity)
        if file { moveToFile() }
    }

    deinit {
        SpillArena.freeMemory(base, mapped)
        if fd >= 0 { close(fd) }
        if statm >= 0 { close(statm) }
    }

    /// Ordinary memory for a region: on Linux a private anonymous mapping (page-aligned and zero,
    /// and pages given back with `MADV_DONTNEED` are freed), in huge pages where the kernel has them,
    /// and as a reservation of address space far larger than asked for (pages cost nothing until
    /// touched), so the region grows in place; elsewhere `malloc`. Returns the pointer and the bytes mapped.
    private static func allocateMemory(_ bytes: Int) -> (UnsafeMutableRawPointer, Int) {
        #if os(Linux)
        for size in [max(bytes, reservation), bytes] {
            let flags = MAP_PRIVATE | MAP_ANONYMOUS | (size > bytes ? MAP_NORESERVE : 0)
            if let p = mmap(nil, size, PROT_READ | PROT_WRITE, flags, -1, 0), p != MAP_FAILED {
                _ = madvise(p, size, SpillArena.hugePages)
                return (p, size)
            }
        }
        fatalError("out of memory: dedup's index needs \(bytes) bytes")
        #else
        guard let p = calloc(1, bytes) else { fatalError("out of memory: dedup's index needs \(bytes) bytes") }
        return (p, bytes)
        #endif
    }

    /// Address space an in-memory region reserves (1 TB): growing then never copies it (at 1 GB of
    /// input, copies on growing and the fresh pages they touched were 2% of a `run`'s time).
    private static let reservation = 1 << 40

    /// Frees a region from ``allocateMemory(_:)``, or unmaps the file's.
    private static func freeMemory(_ p: UnsafeMutableRawPointer, _ bytes: Int) {
        #if os(Linux)
        munmap(p, bytes)
        #else
        free(p)
        #endif
    }

    /// Copies the bytes in use to `destination`, except the ranges given back (zero there already).
    private func copyInUse(to destination: UnsafeMutableRawPointer) {
        var at = 0
        for gap in released.sorted(by: { $0.lowerBound < $1.lowerBound }) + [used..<used] where gap.lowerBound >= at {
            let end = min(gap.lowerBound, used)
            if end > at { (destination + at).copyMemory(from: base + at, byteCount: end - at) }
            at = max(at, gap.upperBound)
        }
    }

    /// Whether the region is a mapped temporary file (false: ordinary memory).
    var usesFile: Bool { fd >= 0 }

    /// A zeroed region of `bytes`, by offset: page-aligned from a page up, else 64-byte aligned.
    func allocate(_ bytes: Int) -> Int {
        let align = bytes >= SpillArena.pageSize ? SpillArena.pageSize : 64
        let start = (used + align - 1) & ~(align - 1)
        let end = start + bytes
        if end > capacity { grow(to: end) }
        // Fresh bytes are zero already: regions are never reused (until a reset, which zeroes them).
        prefault(start, bytes)
        used = end
        return start
    }

    /// Copies `count` bytes at `offset` to `destination`. From a file, this reads it (`pread`) instead of
    /// mapping its page, so reading at random does not add to the resident pages.
    func read(_ offset: Int, _ count: Int, into destination: UnsafeMutableRawPointer) {
        // Short only if the file failed under us: then the rest through the mapping, as a last resort.
        let done = fd >= 0 ? PositionalRead.fully(fd, into: destination, count: count, at: Int64(offset)) : 0
        if done < count { (destination + done).copyMemory(from: base + offset + done, byteCount: count - done) }
    }

    /// Gives back the whole pages inside a region that will not be used again.
    func release(_ offset: Int, _ bytes: Int) {
        #if os(Linux)
        guard let pages = SpillArena.pages(offset, bytes, inside: true) else { return }
        // In the file this also frees the disk blocks (a hole); in memory, the pages.
        _ = madvise(base + pages.lowerBound, pages.count, fd >= 0 ? MADV_REMOVE : MADV_DONTNEED)
        released.append(pages)
        #else
        memset(base + offset, 0, bytes)  // malloc'd memory is kept; it must read as zero after a reset
        #endif
    }

    /// In a file: when more than `limit` bytes of its pages are resident, lets all of them go.
    /// Cheap enough to call every few hundred updates (one read of `/proc/self/statm`).
    func trimIfNeeded(above limit: Int) {
        #if os(Linux)
        guard fd >= 0, statm >= 0 else { return }
        guard SpillArena.residentFileBytes(statm) - residentAtStart > limit else { return }
        letGo(0, used)
        trims += 1
        #endif
    }

    /// Lets this process's copies of the pages inside a region go (in the file, the contents stay).
    func letGo(_ offset: Int, _ bytes: Int) {
        #if os(Linux)
        guard fd >= 0 else { return }
        if let pages = SpillArena.pages(offset, bytes, inside: false) { _ = madvise(base + pages.lowerBound, pages.count, MADV_DONTNEED) }
        #endif
    }

    /// Maps a region's pages, writable, in one call before they are used: a file's pages faulted one
    /// at a time each cost a trap, and a merge touches every page of a table. In memory, a hash
    /// table's empty slots are read before they are written: each page would first map the shared
    /// zero page, then fault again on the write, and that second fault stops the other cores to
    /// flush their TLBs (`perf`: 2% of a 300 MB `run`, in `BandIndex` growing).
    func prefault(_ offset: Int, _ bytes: Int) {
        #if os(Linux)
        if let pages = SpillArena.pages(offset, bytes, inside: false) { _ = madvise(base + pages.lowerBound, pages.count, SpillArena.populateWrite) }
        #endif
    }

    /// The page-aligned byte range of a region: the whole pages inside it, or every page it touches; nil if none.
    private static func pages(_ offset: Int, _ bytes: Int, inside: Bool) -> Range<Int>? {
        let mask = pageSize - 1
        let start = inside ? (offset + mask) & ~mask : offset & ~mask
        let end = inside ? (offset + bytes) & ~mask : (offset + bytes + mask) & ~mask
        return end > start ? start..<end : nil
    }

    /// `MADV_HUGEPAGE`: the tables are probed at random on every record, and with 4 KB pages nearly
    /// every probe of a large index also missed the TLB (1 GB `run`, three pairs: 2–5 CPU-s less with it).
    private static let hugePages: Int32 = 14

    /// `MADV_POPULATE_WRITE` (Linux 5.14), which Glibc's headers may not name yet; older kernels refuse it (harmless).
    private static let populateWrite: Int32 = 23

    /// Forgets every region: what was allocated may no longer be used, and the memory is given back.
    func reset() {
        release(0, (used + SpillArena.pageSize - 1) & ~(SpillArena.pageSize - 1))  // the last page too: it will be reused
        released.removeAll()
        used = 0
    }

    /// An arena with the same bytes (in a file if this one asked for one), sharing nothing with this one.
    func copy() -> SpillArena {
        let other = SpillArena(directory: directory)
        let offset = other.allocate(used)
        precondition(offset == 0)
        copyInUse(to: other.base)
        other.released = released
        if usesFile { other.moveToFile() }
        return other
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity
        while newCapacity < needed { newCapacity *= 2 }
        #if os(Linux)
        if fd >= 0 {
            if posix_fallocate(fd, off_t(capacity), off_t(newCapacity - capacity)) == 0,
               let p = mmap(nil, newCapacity, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), p != MAP_FAILED {
                munmap(base, capacity)
                base = p
                capacity = newCapacity
                mapped = newCapacity
                SpillArena.noFaultAround(base, capacity)
                return
            }
            moveToMemory(newCapacity)
            return
        }
        #endif
        if newCapacity <= mapped {
            capacity = newCapacity
            return
        }
        let (p, size) = SpillArena.allocateMemory(newCapacity)
        copyInUse(to: p)
        SpillArena.freeMemory(base, mapped)
        (base, mapped) = (p, size)
        capacity = newCapacity
    }

    /// Moves the region into a new, already unlinked temporary file (Linux), from where its pages can
    /// be let go; it stays in memory if that fails, and then the file is not tried again.
    func moveToFile() {
        #if os(Linux)
        guard fd < 0, !fileFailed else { return }
        fileFailed = true  // until it has worked
        var dir = directory ?? getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        if dir.isEmpty { dir = "/tmp" }
        var template = Array((dir.hasSuffix("/") ? dir : dir + "/").utf8CString.dropLast()) + Array("sftprep-index-XXXXXX".utf8CString)
        let file = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard file >= 0 else { return }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        guard posix_fallocate(file, 0, off_t(capacity)) == 0,
              let p = mmap(nil, capacity, PROT_READ | PROT_WRITE, MAP_SHARED, file, 0), p != MAP_FAILED else {
            close(file)
            return
        }
        // The other file-backed pages of the process (its code), before this region's join them.
        if statm < 0 { statm = open("/proc/self/statm", O_RDONLY | O_CLOEXEC) }
        if statm >= 0 { residentAtStart = SpillArena.residentFileBytes(statm) }
        copyInUse(to: p)
        SpillArena.freeMemory(base, mapped)
        base = p
        mapped = capacity
        fd = file
        fileFailed = false
        SpillArena.noFaultAround(base, capacity)
        #endif
    }

    #if os(Linux)

    /// Maps one page per fault: by default a read fault also maps up to 15 cached neighbours, and
    /// random reads then made the resident pages run far past the limit between two checks
    /// (up to 314 MB against a 32 MB limit, at 1 GB of input).
    private static func noFaultAround(_ p: UnsafeMutableRawPointer, _ bytes: Int) {
        _ = madvise(p, bytes, MADV_RANDOM)
    }

    /// No more file (the disk is full, or the mapping failed): the region continues in ordinary memory.
    private func moveToMemory(_ newCapacity: Int) {
        fileFailed = true
        let (p, size) = SpillArena.allocateMemory(newCapacity)
        copyInUse(to: p)
        munmap(base, capacity)
        close(fd)
        fd = -1
        (base, mapped) = (p, size)
        capacity = newCapacity
    }

    /// Resident file-backed and shared memory of this process (the third field of `/proc/self/statm`, in pages).
    private static func residentFileBytes(_ statm: Int32) -> Int {
        var buffer = [UInt8](repeating: 0, count: 128)
        let n = buffer.withUnsafeMutableBytes { pread(statm, $0.baseAddress!, $0.count, 0) }
        guard n > 0 else { return 0 }
        var field = 0
        var value = 0
        for i in 0..<n {
            let b = buffer[i]
            if b == UInt8(ascii: " ") {
                if field == 2 { break }
                field += 1
                value = 0
            } else if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                value = value * 10 + Int(b - UInt8(ascii: "0"))
            }
        }
        return field == 2 ? value * pageSize : 0
    }
    #endif
}
