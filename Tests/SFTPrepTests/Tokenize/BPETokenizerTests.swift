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

    /// Token ids from OpenAI's tiktoken (`shared/tools/tiktoken-oracle`, encode_ordinary) for
    /// 3,196 strings: many scripts, emoji sequences, combining marks, whitespace and digit runs,
    /// code, contractions, special-token strings and random Unicode.
    @Test(arguments: BPETokenizer.Encoding.allCases)
    func idsEqualTiktokenOnGoldenVectors(encoding: BPETokenizer.Encoding) throws {
        let tokenizer = BPETokenizer.shared(encoding)
        var mismatches = 0
        for g in try Self.golden(encoding) {
            let ids = tokenizer.encode(g.text)
            if ids != g.ids {
                mismatches += 1
                if mismatches <= 10 { Issue.record("\(encoding.rawValue): \(g.text.debugDescription): got \(ids), tiktoken \(g.ids)") }
            }
        }
        #expect(mismatches == 0)
    }

    @Test(arguments: BPETokenizer.Encoding.allCases)
    func decodeInvertsEncode(encoding: BPETokenizer.Encoding) throws {
        let tokenizer = BPETokenizer.shared(encoding)
        for g in try Self.golden(encoding) {
            #expect(tokenizer.decode(tokenizer.encode(g.text)) == Array(g.text.utf8))
        }
    }

    @Test func embeddedVocabulariesMatchTheirChecksums() throws {
        let sums = try String(contentsOfFile: packageRoot + "/../shared/vocab/SHA256SUMS", encoding: .utf8)
        func expected(_ name: String) -> String? {
            sums.split(separator: "\n").first { $0.hasSuffix(name) }.map { String($0.prefix(64)) }
        }
        #expect(SHA256.hex(EmbeddedVocabulary.text(EmbeddedVocabulary.o200kBase), appending: [0x0A]) == expected("o200k_base.tiktoken"))
        #expect(SHA256.hex(EmbeddedVocabulary.text(EmbeddedVocabulary.cl100kBase), appending: [0x0A]) == expected("cl100k_base.tiktoken"))
        #expect(BPETokenizer.shared(.o200kBase).table.count == 199_998)
        #expect(BPETokenizer.shared(.cl100kBase).table.count == 100_256)
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
