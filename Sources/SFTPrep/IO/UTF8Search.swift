#if canImport(Glibc)
import Glibc
#endif

extension String {
    /// Whether `needle` occurs in the string, compared as UTF-8 bytes (memchr for the first byte, memcmp for the rest):
    /// no Foundation bridging and no Unicode-aware matching, so it is linear and
    /// fast on strings of any length (`String.contains(String)` goes through
    /// CFStringFind on Linux and took seconds on a 200 MB message).
    func utf8Contains(_ needle: String) -> Bool {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard !n.isEmpty else { return true }
                guard h.count >= n.count else { return false }
                let first = Int32(n[0])
                var at = 0
                let last = h.count - n.count
                while at <= last {
                    guard let hit = memchr(h.baseAddress! + at, first, last - at + 1) else { return false }
                    let i = h.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(h.baseAddress! + i, n.baseAddress!, n.count) == 0 { return true }
                    at = i + 1
                }
                return false
            }
        }
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// Whether `needle` occurs in these bytes (memchr for its first byte, memcmp for the rest).
    func contains(bytes needle: [UInt8]) -> Bool {
        guard let h = baseAddress, !needle.isEmpty else { return needle.isEmpty }
        guard count >= needle.count else { return false }
        return needle.withUnsafeBufferPointer { n in
            let first = Int32(n[0])
            var at = 0
            let last = count - n.count
            while at <= last {
                guard let hit = memchr(h + at, first, last - at + 1) else { return false }
                let i = h.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(h + i, n.baseAddress!, n.count) == 0 { return true }
                at = i + 1
            }
            return false
        }
    }
}
