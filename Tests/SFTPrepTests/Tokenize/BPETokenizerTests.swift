import Foundation
import Testing
@testable import SFTPrep

@Suite struct BPETokenizerTests {
    struct Golden { var text: String; var ids: [UInt32] }

    static func golden(_ encoding: BPETokenizer.Encoding) throws -> [Golden] {
        let text = try String(contentsOfFile: packageRoot + "/Tests/SFTPrepTests/Fixtures/tokenizer-\(encoding.rawValue).jsonl", encoding: .utf8)
        return try jsonLines(text).map { line in
            let o = line.objectValue!
            return Golden(text: o["text"]!.stringValue!, ids: o["ids"]!.arrayValue!.map { UInt32($0.scalarText!)! })
        }
    }

    /// Token ids from OpenAI's tiktoken (tiktoken's `encode_ordinary`, recorded once with a reference script outside the repository) for
    /// 3,196 strings: many scripts, emoji sequences, combining marks, whitespace and digit runs,
    /// code, contractions, special-token strings and random Unicode.
    @Test(arguments: BPETokenizer.Encoding.allCases)
    func idsEqualTiktokenOnGoldenVectors(encoding: BPETokenizer.Encoding) throws {
        let tokenizer = BPETokenizer.shared(encoding)
        var mismatches = 0
        for g in try Self.golden(encoding) {
            let ids = tokenizer.encode(g.text)
            if tokenizer.count(g.text) != g.ids.count { Issue.record("count of \(g.text.debugDescription) differs from tiktoken's") }
            if ids != g.ids {
                mismatches += 1
                if mismatches <= 10 { Issue.record("\(encoding.rawValue): \(g.text.debugDescription): got \(ids), tiktoken \(g.ids)") }
            }
        }
        #expect(mismatches == 0)
    }

    /// Property: for random text from many scripts (letters, marks, emoji, digits, spaces, punctuation,
    /// controls), encode never fails, decode(encode(x)) == x, and the cached count equals the ids' count,
    /// also the second time a piece is seen.
    @Test(arguments: BPETokenizer.Encoding.allCases)
    func randomTextRoundTripsAndCountsMatchIds(encoding: BPETokenizer.Encoding) {
        let tokenizer = BPETokenizer.shared(encoding)
        var rng = SplitMix(seed: 42)
        let ranges: [ClosedRange<UInt32>] = [0x20...0x7E, 0x20...0x7E, 0x09...0x0D, 0xC0...0x24F, 0x300...0x36F, 0x370...0x3FF, 0x400...0x4FF,
                                              0x590...0x6FF, 0x900...0x97F, 0xE00...0xE7F, 0x3040...0x30FF, 0x4E00...0x9FFF, 0xAC00...0xD7A3,
                                              0x1F300...0x1FAFF, 0x200B...0x200F, 0xFE00...0xFE0F, 0x30...0x39]
        for round in 0..<3_000 {
            let text = rng.text(length: Int(rng.next() % (round % 100 == 0 ? 2_000 : 60)), from: ranges)
            let ids = tokenizer.encode(text)
            #expect(tokenizer.decode(ids) == Array(text.utf8), "\(text.debugDescription)")
            #expect(tokenizer.count(text) == ids.count, "\(text.debugDescription)")
            #expect(tokenizer.count(text) == ids.count)
        }
    }

    @Test(arguments: BPETokenizer.Encoding.allCases)
    func decodeInvertsEncode(encoding: BPETokenizer.Encoding) throws {
        let tokenizer = BPETokenizer.shared(encoding)
        for g in try Self.golden(encoding) {
            #expect(tokenizer.decode(tokenizer.encode(g.text)) == Array(g.text.utf8))
        }
    }

    /// The checksums are tiktoken's published files' (kept beside the generated sources, where generate.sh checks them too).
    @Test func embeddedVocabulariesMatchTheirChecksums() throws {
        let sums = try String(contentsOfFile: packageRoot + "/Sources/SFTPrep/Tokenize/Vocabularies/SHA256SUMS", encoding: .utf8)
        func expected(_ name: String) -> String? {
            sums.split(separator: "\n").first { $0.hasSuffix(name) }.map { String($0.prefix(64)) }
        }
        #expect(SHA256.hex(EmbeddedVocabulary.text(EmbeddedVocabulary.o200kBase), appending: [0x0A]) == expected("o200k_base.tiktoken"))
        #expect(SHA256.hex(EmbeddedVocabulary.text(EmbeddedVocabulary.cl100kBase), appending: [0x0A]) == expected("cl100k_base.tiktoken"))
        #expect(BPETokenizer.shared(.o200kBase).table.count == 199_998)
        #expect(BPETokenizer.shared(.cl100kBase).table.count == 100_256)
    }

    /// A piece over a megabyte (a run of one letter) is merged in parts cut at character boundaries: ids
    /// still decode to the text, the count equals the ids', and each part is the merge of that part alone.
    @Test func piecesOverAMegabyteAreMergedInParts() {
        let tokenizer = BPETokenizer.shared(.o200kBase)
        let run = String(repeating: "é", count: 700_000)  // 1.4 MB of two-byte characters: one piece
        let ids = tokenizer.encode(run)
        #expect(tokenizer.decode(ids) == Array(run.utf8))
        #expect(tokenizer.count(run) == ids.count)
        let first = String(repeating: "é", count: BytePairMerger.maxWholePiece / 2)
        let rest = String(repeating: "é", count: 700_000 - BytePairMerger.maxWholePiece / 2)
        #expect(ids == tokenizer.encode(first) + tokenizer.encode(rest))
    }

    @Test func longRunsWithoutSpacesAreExactAndTheHeapMergesLikeTheScan() {
        let tokenizer = BPETokenizer.shared(.o200kBase)
        let long = String(repeating: "abcdefghij", count: 10_000)   // one 100 kB piece: the heap path
        #expect(tokenizer.decode(tokenizer.encode(long)) == Array(long.utf8))
        // On the same pieces, the heap path and tiktoken's scan give identical ids.
        let merger = BytePairMerger(table: tokenizer.table)
        var state: UInt64 = 7
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzéß日本😀".utf8)
        for length in [2, 3, 17, 64, 130, 300, 700] {
            for _ in 0..<20 {
                var piece: [UInt8] = []
                while piece.count < length {
                    state = StableHash.mix(state)
                    piece.append(alphabet[Int(state % UInt64(alphabet.count))])
                }
                var viaScan: [UInt32] = [], viaHeap: [UInt32] = []
                piece.withUnsafeBufferPointer { p in
                    merger.scan(p, into: &viaScan)
                    merger.heap(p, into: &viaHeap)
                }
                #expect(viaScan == viaHeap, "length \(length)")
                #expect(tokenizer.decode(viaHeap) == piece)
            }
        }
    }
}

/// A small deterministic generator for property tests.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return StableHash.mix(state)
    }

    /// `length` scalars, each from a range picked at random among `ranges` (so scripts mix mid-word).
    mutating func text(length: Int, from ranges: [ClosedRange<UInt32>]) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<length {
            let r = ranges[Int(next() % UInt64(ranges.count))]
            if let u = Unicode.Scalar(r.lowerBound + UInt32(next() % UInt64(r.upperBound - r.lowerBound + 1))) { scalars.append(u) }
        }
        return String(scalars)
    }
}
