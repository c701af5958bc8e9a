import Testing
@testable import SFTPrep

@Suite struct LineReaderTests {
    private func lines(_ bytes: [UInt8], bufferSize: Int = LineReader.defaultBufferSize) throws -> [(Int, String)] {
        let dir = TempDir()
        defer { dir.remove() }
        let input = try InputFile(path: dir.write("f", bytes: bytes))
        var out: [(Int, String)] = []
        try LineReader(input, bufferSize: bufferSize).forEachLine { n, b in out.append((n, String(decoding: b, as: UTF8.self))) }
        return out
    }

    @Test func stripsBOMAndCRLFAndReadsAMissingFinalNewline() throws {
        let got = try lines([0xEF, 0xBB, 0xBF] + Array("a\r\nb\n\nc".utf8))
        #expect(got.map(\.0) == [1, 2, 3, 4])
        #expect(got.map(\.1) == ["a", "b", "", "c"])
    }

    @Test func aLineLongerThanTheBufferArrivesWhole() throws {
        let long = String(repeating: "x", count: 10_000)
        let got = try lines(Array("short\n\(long)\nend\n".utf8), bufferSize: 64)
        #expect(got.map(\.1) == ["short", long, "end"])
    }

    /// Lines over the limit are skipped without being buffered, reported with their number and length,
    /// and the lines around them still arrive — wherever the long line falls across buffer refills.
    @Test(arguments: [16, 64, 100, 4096])
    func oversizedLinesAreReportedAndSkipped(bufferSize: Int) throws {
        let dir = TempDir()
        defer { dir.remove() }
        let long = String(repeating: "y", count: 5_000)
        let text = "a\n\(long)\nb\nc\n\(long)x\n\(String(repeating: "z", count: 300))\nd\n\(long)"
        let input = try InputFile(path: dir.write("f", text))
        var got: [String] = []
        var skipped: [String] = []
        let total = try LineReader(input, bufferSize: bufferSize, maxLineBytes: 1_000).forEachLine({ n, b in
            got.append("\(n):\(String(decoding: b, as: UTF8.self).prefix(3))")
        }, oversized: { n, length in skipped.append("\(n):\(length)") })
        #expect(got == ["1:a", "3:b", "4:c", "6:zzz", "7:d"])
        #expect(skipped == ["2:5000", "5:5001", "8:5000"])
        #expect(total == text.utf8.count)
    }

    /// The limit holds when the buffer grows past it in one step (limit 1,024 = a buffer size, so a line of
    /// 1,100 bytes arrived whole in a 2,048-byte buffer; 70 and 100 MiB lines passed the 64 MiB limit so).
    @Test(arguments: [16, 64, 1024])
    func theLimitHoldsWhenTheBufferGrowsPastIt(bufferSize: Int) throws {
        let dir = TempDir()
        defer { dir.remove() }
        let text = "a\n\(String(repeating: "y", count: 1_100))\nb\n\(String(repeating: "z", count: 1_100))"
        let input = try InputFile(path: dir.write("f", text))
        var got: [String] = []
        var skipped: [String] = []
        try LineReader(input, bufferSize: bufferSize, maxLineBytes: 1_024).forEachLine({ n, b in
            got.append("\(n):\(String(decoding: b, as: UTF8.self).prefix(3))")
        }, oversized: { n, length in skipped.append("\(n):\(length)") })
        #expect(got == ["1:a", "3:b"])
        #expect(skipped == ["2:1100", "4:1100"])
    }

    @Test func manyLinesAcrossBufferRefillsKeepTheirNumbers() throws {
        let text = (1...1000).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let got = try lines(Array(text.utf8), bufferSize: 100)
        #expect(got.count == 1000)
        #expect(got[999].0 == 1000 && got[999].1 == "line 1000")
        #expect(got[500].1 == "line 501")
    }

    @Test func peekedBytesAreStillRead() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let input = try InputFile(path: dir.write("f", "one\ntwo\n"))
        #expect(try input.peek(3) == Array("one".utf8))
        var got: [String] = []
        try LineReader(input).forEachLine { _, b in got.append(String(decoding: b, as: UTF8.self)) }
        #expect(got == ["one", "two"])
    }

    @Test func missingFileIsAnIOErrorNamingThePath() {
        #expect(throws: SFTPrepError.io(path: "/nonexistent/x.jsonl", message: "cannot open: No such file or directory")) {
            _ = try InputFile(path: "/nonexistent/x.jsonl")
        }
    }
}
