/// Anything that turns text into token ids: OpenAI's encodings (``BPETokenizer``)
/// and a model's own tokenizer file (``HFTokenizer``).
public protocol TextTokenizer: Sendable {
    /// What the output calls it (`o200k_base`, `qwen2.5`, a file's path).
    var tokenizerName: String { get }
    func encode(_ text: String) -> [UInt32]
    func count(_ text: String) -> Int
}

extension BPETokenizer: TextTokenizer {
    public var tokenizerName: String { encoding.rawValue }
}
