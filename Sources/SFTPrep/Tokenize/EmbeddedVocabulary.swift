/// The BPE vocabularies compiled into the binary (see `Vocabularies/generate.sh`).
///
/// Each is the `.tiktoken` text: one `base64(token bytes) rank` pair per line.
enum EmbeddedVocabulary {
    /// The text of a vocabulary, without the newline the raw string literal adds at its end.
    static func text(_ s: StaticString) -> UnsafeBufferPointer<UInt8> {
        var n = s.utf8CodeUnitCount
        if n > 0, s.utf8Start[n - 1] == 0x0A { n -= 1 }
        return UnsafeBufferPointer(start: s.utf8Start, count: n)
    }
}
