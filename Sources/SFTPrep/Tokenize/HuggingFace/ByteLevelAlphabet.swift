/// GPT-2's byte-level alphabet, which Hugging Face's `ByteLevel` pre-tokenizer
/// and byte-level BPE vocabularies use: each byte is one printable character
/// (bytes 33–126, 161–172 and 174–255 stand for themselves; the other 68 are
/// U+0100 onwards, in byte order), so `Ġ` in a vocabulary is a space.
enum ByteLevelAlphabet {
    /// Character (Unicode scalar value) → byte.
    static let byteOf: [UInt32: UInt8] = {
        var table: [UInt32: UInt8] = [:]
        var next: UInt32 = 256
        for b in 0...255 {
            let printable = (33...126).contains(b) || (161...172).contains(b) || (174...255).contains(b)
            if printable {
                table[UInt32(b)] = UInt8(b)
            } else {
                table[next] = UInt8(b)
                next += 1
            }
        }
        return table
    }()

    /// The bytes a vocabulary entry stands for, or nil when a character is outside the alphabet.
    static func bytes(_ token: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(token.unicodeScalars.count)
        for u in token.unicodeScalars {
            guard let b = byteOf[u.value] else { return nil }
            out.append(b)
        }
        return out
    }
}
