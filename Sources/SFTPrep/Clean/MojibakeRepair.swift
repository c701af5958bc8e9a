/// Repairs text that was UTF-8 but got decoded as Windows-1252 (or Latin-1):
/// `â€™` → `’`, `Ã©` → `é`, `ðŸ˜€` → `😀`.
///
/// Each candidate is a lead character (Â…ô, standing for UTF-8 lead bytes
/// 0xC2–0xF4) followed by the right number of characters standing for
/// continuation bytes (0x80–0xBF). It is replaced only when those bytes form
/// one valid UTF-8 character that is not a control character, so genuine
/// text such as "naïve", "Ärger" or "São" is never touched.
enum MojibakeRepair {
    /// Windows-1252 characters in 0x80–0x9F, by the byte they encode.
    static let cp1252High: [UInt32: UInt8] = {
        let table: [UInt32] = [0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
                               0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178]
        var map: [UInt32: UInt8] = [:]
        for (i, v) in table.enumerated() where v != 0 { map[v] = UInt8(0x80 + i) }
        return map
    }()

    /// The byte a character stands for in Windows-1252 (with Latin-1 for the undefined slots), or nil.
    static func byte(_ v: UInt32) -> UInt8? {
        if v < 0x80 { return UInt8(v) }
        if (0x80...0xFF).contains(v) { return UInt8(v) }
        return cp1252High[v]
    }

    /// The repaired text, or nil when nothing needed repair (most texts: then nothing is allocated).
    ///
    /// Works on UTF-8: a lead character U+00C2–U+00F4 is the bytes C3 82–C3 B4, and
    /// the characters after it are decoded one by one only at such a lead.
    static func repair(_ s: String) -> String? {
        var s = s
        return s.withUTF8 { p -> String? in
            var out: [UInt8] = []
            var copied = 0
            var i = 0
            while i + 1 < p.count {
                guard p[i] == 0xC3, p[i + 1] >= 0x82, p[i + 1] <= 0xB4 else { i += 1; continue }
                let lead = 0xC0 + (p[i + 1] - 0x80)  // the lead character's value is the byte it stands for
                let need = lead < 0xE0 ? 1 : (lead < 0xF0 ? 2 : 3)
                var bytes: (UInt8, UInt8, UInt8, UInt8) = (lead, 0, 0, 0)
                var j = i + 2
                var got = 0
                while got < need, j < p.count {
                    guard let b = byte(DedupText.nextScalar(p, &j)), b >= 0x80, b <= 0xBF else { break }
                    got += 1
                    switch got {
                    case 1: bytes.1 = b
                    case 2: bytes.2 = b
                    default: bytes.3 = b
                    }
                }
                if got == need, let decoded = MojibakeRepair.decode(bytes, count: need + 1), decoded >= 0xA0, !CharacterFilter.isControl(decoded) {
                    if out.isEmpty { out.reserveCapacity(p.count) }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied..<i]))
                    withUnsafeBytes(of: bytes) { out.append(contentsOf: $0.prefix(need + 1)) }
                    copied = j
                    i = j
                    continue
                }
                i += 2
            }
            guard copied > 0 else { return nil }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied...]))
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The scalar that `count` bytes encode, when they are exactly one valid UTF-8 character.
    private static func decode(_ bytes: (UInt8, UInt8, UInt8, UInt8), count: Int) -> UInt32? {
        withUnsafeBytes(of: bytes) { raw in
            let b = UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self).prefix(count))
            guard UTF8Validator.isValid(b) else { return nil }
            var i = 0
            let v = DedupText.nextScalar(b, &i)
            return i == count ? v : nil
        }
    }
}
