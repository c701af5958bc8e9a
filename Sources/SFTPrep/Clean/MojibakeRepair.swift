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

    /// Quick test: only text containing a possible lead character can hold mojibake.
    static func mayContainMojibake(_ s: String) -> Bool {
        s.unicodeScalars.contains { (0xC2...0xF4).contains($0.value) }
    }

    static func repair(_ s: String) -> String? {
        guard mayContainMojibake(s) else { return nil }
        let scalars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var changed = false
        var i = 0
        while i < scalars.count {
            let v = scalars[i].value
            if (0xC2...0xF4).contains(v) {
                let need = v < 0xE0 ? 1 : (v < 0xF0 ? 2 : 3)
                if i + need < scalars.count {
                    var bytes = [UInt8(v)]
                    for k in 1...need {
                        if let b = byte(scalars[i + k].value), (0x80...0xBF).contains(b) { bytes.append(b) } else { break }
                    }
                    if bytes.count == need + 1,
                       bytes.withUnsafeBufferPointer({ UTF8Validator.isValid($0) }),
                       let decoded = String(decoding: bytes, as: UTF8.self).unicodeScalars.first,
                       decoded.value >= 0xA0, !CharacterFilter.isControl(decoded.value) {
                        out.append(decoded)
                        i += need + 1
                        changed = true
                        continue
                    }
                }
            }
            out.append(scalars[i])
            i += 1
        }
        return changed ? String(out) : nil
    }
}
