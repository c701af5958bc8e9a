import Foundation
import Testing
@testable import SFTPrep

@Suite struct SpoolFileTests {
    /// Record `i`: its number, then filler of a length that varies with it; record 7 is over 1 MB (the copy buffer).
    private func record(_ i: Int) -> [UInt8] {
        let filler = i == 7 ? (1 << 20) + 13 : (i * 37) % 300
        return Array("\(i):".utf8) + [UInt8](repeating: UInt8(ascii: "a") + UInt8(i % 26), count: filler) + [0x0A]
    }

    @Test func copyWritesRecordsInTheGivenOrderAfterWhatIsAlreadyThereAndBeforeWhatFollows() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let spool = try SpoolFile(directory: dir.path)
        let count = 30_000   // several parts (one per 4,096 records, up to four per thread)
        for i in 0..<count { try spool.append(record(i)) }
        // A seeded permutation of most records, as the split's output order.
        var rng = SplitMix(seed: 11)
        let order = (0..<count).filter { $0 % 10 != 3 }.shuffled(using: &rng)
        let out = try OutputStream(creating: dir.path + "/train.jsonl")
        try out.write(Array("PREFIX\n".utf8))
        try spool.copy(order, to: out)
        try out.write(Array("SUFFIX\n".utf8))
        try out.flush()
        var expected = Array("PREFIX\n".utf8)
        for i in order { expected += record(i) }
        expected += Array("SUFFIX\n".utf8)
        let written = [UInt8](FileManager.default.contents(atPath: dir.path + "/train.jsonl") ?? Data())
        #expect(written.count == expected.count)
        #expect(written == expected)
        #expect(try spool.record(7) == record(7))
        #expect(try spool.record(count - 1) == record(count - 1))
    }

    /// From the start of a file the copy goes past the page cache where the file system allows it
    /// (4 MB chunks, a record split between chunks, the last chunk's padding cut off); the bytes must
    /// be the same either way, and what is written after the copy follows it directly.
    @Test func copyFromTheStartOfTheFileWritesExactlyTheRecordsWhateverTheChunks() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let spool = try SpoolFile(directory: dir.path)
        let big = Array("big:".utf8) + [UInt8](repeating: UInt8(ascii: "z"), count: 9 << 20) + [0x0A]
        let count = 40_000
        for i in 0..<count { try spool.append(i == 5 ? big : record(i)) }
        var rng = SplitMix(seed: 5)
        let order = Array(0..<count).shuffled(using: &rng)
        let out = try OutputStream(creating: dir.path + "/train.jsonl")
        try spool.copy(order, to: out)
        try out.write(Array("END\n".utf8))
        try out.flushAndSync()
        var expected: [UInt8] = []
        for i in order { expected += i == 5 ? big : record(i) }
        expected += Array("END\n".utf8)
        let written = [UInt8](FileManager.default.contents(atPath: dir.path + "/train.jsonl") ?? Data())
        #expect(written.count == expected.count)
        #expect(written == expected)
    }

    @Test func directWritesNeedAnOffsetOnTheBlockGrid() throws {
        let dir = TempDir()
        defer { dir.remove() }
        _ = try OutputStream(creating: dir.path + "/f")
        #expect(DirectFileWriter(path: dir.path + "/f", offset: 3) == nil)
        #expect(DirectFileWriter(path: dir.path + "/missing", offset: 0) == nil)
    }

    @Test func copyOfAnEmptyOrderWritesNothing() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let spool = try SpoolFile(directory: dir.path)
        try spool.append(record(1))
        let out = try OutputStream(creating: dir.path + "/v.jsonl")
        try spool.copy([], to: out)
        try out.flush()
        #expect(FileManager.default.contents(atPath: dir.path + "/v.jsonl")?.isEmpty == true)
    }
}

