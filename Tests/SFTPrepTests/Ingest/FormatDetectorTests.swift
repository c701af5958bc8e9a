import Testing
@testable import SFTPrep

@Suite struct FormatDetectorTests {
    private func decide(_ path: String, _ text: String, _ options: IngestOptions = IngestOptions()) -> FormatDetector.Decision {
        FormatDetector(options: options).decide(path: path, head: Array(text.utf8))
    }

    @Test func byExtensionAndContent() {
        #expect(decide("a.jsonl", "{\"messages\":[]}\n{}") == .json(.lines))
        #expect(decide("a.json", "[{\"a\":1}]") == .json(.array))
        #expect(decide("a.json", "{\n  \"a\": 1\n}") == .json(.document))
        #expect(decide("a.csv", "q;a\n") == .csv(delimiter: UInt8(ascii: ";")))
        #expect(decide("a.tsv", "q,a\tb\n") == .csv(delimiter: 0x09))
        #expect(decide("data", "{\"prompt\":\"p\",\"completion\":\"c\"}\n") == .json(.lines))
        #expect(decide("chat.log", "User: hi\nAssistant: hello\n") == .transcript)
        #expect(decide("export", "question,answer\nq,a\n") == .csv(delimiter: UInt8(ascii: ",")))
        #expect(decide("empty.jsonl", "  \n") == .empty)
    }

    @Test func binariesAndArchivesAreNamed() {
        #expect(FormatDetector(options: IngestOptions()).decide(path: "x.zip", head: [0x50, 0x4B, 0x03, 0x04, 0]) ==
                .unrecognized("a ZIP archive: unzip it and point sftprep at the folder"))
        #expect(FormatDetector(options: IngestOptions()).decide(path: "x.jsonl", head: [0x1F, 0x8B, 8]) ==
                .unrecognized("gzip-compressed: decompress it first (gunzip)"))
        #expect(FormatDetector(options: IngestOptions()).decide(path: "x.bin", head: [0x7F, 0x45, 0x4C, 0x46, 0, 0]) ==
                .unrecognized("a binary file (contains NUL bytes)"))
        // UTF-16 and UTF-32 (Excel's "Unicode text", PowerShell's `>`) are named with the fix, not called binary.
        let line = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}\n"
        let utf16LE = Array(line.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let utf16BE = Array(line.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        for (head, name) in [([0xFF, 0xFE] + utf16LE, "UTF-16LE"), (utf16LE, "UTF-16LE"), ([0xFE, 0xFF] + utf16BE, "UTF-16BE"), (utf16BE, "UTF-16BE"),
                             ([0xFF, 0xFE, 0, 0, 0x7B, 0, 0, 0], "UTF-32LE")] {
            #expect(FormatDetector.wideTextEncoding(head) == name)
            #expect(FormatDetector(options: IngestOptions()).decide(path: "x.jsonl", head: head) ==
                    .unrecognized("\(name) text (Excel and PowerShell write it): sftprep reads UTF-8; convert it first, e.g. iconv -f \(name) -t UTF-8 < FILE > FILE.utf8"))
        }
        #expect(FormatDetector.wideTextEncoding(Array(line.utf8)) == nil)
        #expect(FormatDetector.wideTextEncoding([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]) == nil)
        guard case .unrecognized = decide("notes.txt", "Meeting notes\nnothing here\n") else {
            Issue.record("prose should not be read as a transcript"); return
        }
    }

    @Test func forcedFormatWins() {
        #expect(decide("a.txt", "Q: x\nA: y\n", IngestOptions(format: .csv)) == .csv(delimiter: UInt8(ascii: ",")))
        #expect(decide("a.csv", "{}", IngestOptions(format: .sharegpt)) == .json(.lines))
    }
}
