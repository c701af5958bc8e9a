/// Exact byte-pair encoding for OpenAI's `o200k_base` and `cl100k_base`:
/// token ids equal tiktoken's `encode_ordinary` for any valid UTF-8 text
/// (special-token strings such as `<|endoftext|>` are plain text).
///
/// The vocabularies are compiled into the binary and parsed on first use.
public final class BPETokenizer: @unchecked Sendable {
    public enum Encoding: String, CaseIterable, Sendable {
        case o200kBase = "o200k_base"
        case cl100kBase = "cl100k_base"
    }

    public let encoding: Encoding
    let table: BPERankTable
    private let pattern: PreTokenizer.Pattern
    private let pieceCache: ThreadLocalPieceCache

    private init(_ encoding: Encoding) {
        self.encoding = encoding
        switch encoding {
        case .o200kBase:
            table = BPERankTable(tiktoken: EmbeddedVocabulary.text(EmbeddedVocabulary.o200kBase))
            pattern = .o200k
            pieceCache = ThreadLocalPieceCache(pattern: .o200k)
        case .cl100kBase:
            table = BPERankTable(tiktoken: EmbeddedVocabulary.text(EmbeddedVocabulary.cl100kBase))
            pattern = .cl100k
            pieceCache = ThreadLocalPieceCache(pattern: .cl100k)
        }
    }

    private static let o200k = BPETokenizer(.o200kBase)
    private static let cl100k = BPETokenizer(.cl100kBase)

    /// The tokenizer of an encoding (built once, on first use; safe to share between threads).
    public static func shared(_ encoding: Encoding) -> BPETokenizer {
        switch encoding {
        case .o200kBase: return o200k
        case .cl100kBase: return cl100k
        }
    }

    /// Token ids of `text`.
    public func encode(_ text: String) -> [UInt32] {
        var out: [UInt32] = []
        var text = text
        let cache = pieceCache.current
        text.withUTF8 { utf8 in
            out.reserveCapacity(utf8.count / 3)
            let merger = BytePairMerger(table: table)
            cache.splitter.split(utf8) { range in
                merger.encode(UnsafeBufferPointer(rebasing: utf8[range]), into: &out)
            }
        }
        return out
    }

    /// Number of tokens of `text`; equal to `encode(text).count`, faster on
    /// real text because short pieces' counts are remembered per thread.
    public func count(_ text: String) -> Int {
        var text = text
        let cache = pieceCache.current
        let short = text.utf8.count <= PieceCountCache.maxCachedText
        var textHash: UInt64 = 0
        if short {
            textHash = text.withUTF8 { XXHash64.hash(UnsafeRawBufferPointer($0)) }
            if let known = cache.count(ofText: text, hash: textHash) { return known }
        }
        let total = text.withUTF8 { utf8 in
            let merger = BytePairMerger(table: table)
            var total = 0
            cache.splitter.split(utf8) { range in
                if range.count == 1 { total += 1; return }  // every single byte is a token
                let piece = UnsafeBufferPointer(rebasing: utf8[range])
                let key = range.count <= PieceCountCache.maxPieceBytes ? PieceCountCache.key(piece) : nil
                if let key, let c = cache.lookup(key) { total += c; return }
                cache.scratch.removeAll(keepingCapacity: true)
                merger.encode(piece, into: &cache.scratch)
                total += cache.scratch.count
                if let key { cache.store(key, cache.scratch.count) }
            }
            return total
        }
        if short { cache.remember(text: text, hash: textHash, count: total) }
        return total
    }

    /// The bytes of token ids, concatenated (UTF-8 when the ids came from ``encode(_:)``).
    public func decode(_ ids: [UInt32]) -> [UInt8] {
        var out: [UInt8] = []
        for id in ids { out.append(contentsOf: table.bytes(Int(id))) }
        return out
    }
}
