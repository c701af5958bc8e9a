/// Timestamps as exports write them, read as instants (seconds since 1970, UTC), so
/// messages are ordered by time and not by the text of their dates: `+02:00`
/// offsets, fractional seconds and millisecond epochs all compare right.
enum Timestamp {
    /// ISO 8601 with `T` or a space, with or without seconds, fractions and a zone (`Z`, `±hh:mm`,
    /// `±hhmm`; none is read as UTC); Unix seconds, or milliseconds when the number is too large for
    /// seconds (after the year 5138). Nil for anything else.
    static func instant(_ text: String) -> Double? {
        let t = text.trimmingASCIIWhitespace()
        guard let first = t.utf8.first else { return nil }
        if first >= 0x30 && first <= 0x39, let n = Double(t) { return epoch(n) }
        if let v = CivilTime.parseISO(t) { return v }
        // Minutes without seconds: `2024-03-01T09:30Z`, `2024-03-01 09:30`.
        let u = Array(t.utf8)
        if u.count >= 16, u[13] == UInt8(ascii: ":"), u.count == 16 || u[16] != UInt8(ascii: ":") {
            var withSeconds = u
            withSeconds.insert(contentsOf: Array(":00".utf8), at: 16)
            return CivilTime.parseISO(String(decoding: withSeconds, as: UTF8.self))
        }
        return nil
    }

    /// A JSON timestamp: a number (epoch seconds or milliseconds) or a string as ``instant(_:)`` reads it.
    static func instant(_ value: JSONValue?) -> Double? {
        switch value {
        case .number(let n): return Double(n).map(epoch)
        case .string(let s): return instant(s)
        default: return nil
        }
    }

    /// Epoch seconds, or milliseconds (and microseconds) told apart by size.
    private static func epoch(_ n: Double) -> Double {
        if n >= 1e14 { return n / 1e6 }
        if n >= 1e11 { return n / 1e3 }
        return n
    }
}
