/// Sizes given on the command line: `1GB`, `256MB`, `64KB` (powers of ten, as disks count) or a plain number of bytes.
public enum ByteSize {
    /// The number of bytes `text` names, or nil when it is not a size.
    public static func parse(_ text: String) -> Int? {
        let u = text.uppercased()
        for (suffix, multiplier) in [("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000)] where u.hasSuffix(suffix) {
            guard let n = Int(u.dropLast(2)), n >= 0, n <= Int.max / multiplier else { return nil }
            return n * multiplier
        }
        guard let n = Int(u), n >= 0 else { return nil }
        return n
    }
}
