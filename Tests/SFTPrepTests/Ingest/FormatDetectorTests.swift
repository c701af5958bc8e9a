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
        guard case .unrecognized = decide("notes.txt", "Meeting notes\nnothing here\n") else {
            Issue.record("prose should not be read as a transcript"); return
        }
    }

    @Test func forcedFormatWins() {
        #expect(decide("a.txt", "Q: x\nA: y\n", IngestOptions(format: .csv)) == .csv(delimiter: UInt8(ascii: ",")))
        #expect(decide("a.csv", "{}", IngestOptions(format: .sharegpt)) == .json(.lines))
    }
}
