import Dispatch

/// Maps over indices on all cores and returns results in index order, so
/// parallel work never changes output order or content.
public enum ParallelMap {
    /// Worker threads to use; 1 runs everything on the calling thread. Set once at start-up (`--threads`).
    nonisolated(unsafe) public static var threads = max(1, ProcessInfoCores.active)

    /// `[body(0), body(1), …, body(count - 1)]`, computed in parallel chunks.
    /// Fewer than `minimumCount` items run on the calling thread: for small
    /// per-item work, handing them out would cost more than it saves.
    public static func map<T>(_ count: Int, minimumCount: Int = 64, _ body: (Int) -> T) -> [T] {
        if threads <= 1 || count < max(2, minimumCount) {
            return (0..<count).map(body)
        }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let box = UnsafeSendable(buffer)
            let chunks = min(threads * 4, count)
            withoutActuallyEscaping(body) { body in
                let bodyBox = UnsafeSendable(body)
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    let start = count * chunk / chunks
                    let end = count * (chunk + 1) / chunks
                    for i in start..<end { (box.value.baseAddress! + i).initialize(to: bodyBox.value(i)) }
                }
            }
            initialized = count
        }
    }
}

/// Carries a value into concurrent code that only reads it or writes disjoint parts.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// The number of cores this process may use.
enum ProcessInfoCores {
    static var active: Int {
        #if canImport(Glibc)
        return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        return 1
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#endif
