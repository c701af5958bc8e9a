#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Swaps two directories in one step, where the system can: Linux's
/// `renameat2(RENAME_EXCHANGE)` (3.15 and later; ext4, xfs, btrfs, tmpfs),
/// macOS's `renamex_np(RENAME_SWAP)`. Nil elsewhere, and the caller falls
/// back to two renames.
enum DirectoryExchange {
    /// Exchanges `a` and `b` (both exist); false when the system or the file system cannot.
    static func exchange(_ a: String, _ b: String) -> Bool {
        #if os(Linux)
        guard let call = renameat2 else { return false }
        return call(AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */) == 0
        #elseif canImport(Darwin)
        return renamex_np(a, b, UInt32(RENAME_SWAP)) == 0
        #else
        return false
        #endif
    }

    #if os(Linux)
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// glibc declares renameat2 only under _GNU_SOURCE, which Swift's Glibc module does not set, so the
    /// function is looked up by name. UNSAFE: the cast is to renameat2's C signature (glibc 2.28+,
    /// `int renameat2(int, const char *, int, const char *, unsigned int)`); nil where glibc lacks it.
    nonisolated(unsafe) private static let renameat2: RenameAt2? = {
        guard let symbol = dlsym(nil, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()
    #endif
}
