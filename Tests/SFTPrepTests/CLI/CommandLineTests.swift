import Foundation
import Testing
@testable import SFTPrep

@Suite struct CommandLineTests {
    private func fixture(_ name: String) throws -> String {
        try String(contentsOfFile: packageRoot + "/Tests/SFTPrepTests/Fixtures/" + name, encoding: .utf8)
    }

    @Test func helpScreensMatchTheirGoldenFiles() throws {
        #expect(runCLI(["--help"]).stdout == (try fixture("help-main.txt")))
        #expect(runCLI(["run", "--help"]).stdout == (try fixture("help-run.txt")))
        #expect(runCLI(["help", "ingest"]).stdout == (try fixture("help-ingest.txt")))
        #expect(runCLI(["clean", "--help"]).stdout == (try fixture("help-clean.txt")))
        #expect(runCLI(["dedup", "-h"]).stdout == (try fixture("help-dedup.txt")))
        #expect(runCLI(["export", "--help"]).stdout == (try fixture("help-export.txt")))
        for line in (try fixture("help-run.txt")).split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
    }

    /// Help is generated from the registries: every input format is listed, and --assistant names the chat apps.
    @Test func helpListsEveryFormatAndSaysWhereAssistantApplies() {
        let help = runCLI(["ingest", "--help"]).stdout.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        for format in InputFormat.allCases { #expect(help.contains(format.rawValue), "\(format.rawValue)") }
        #expect(help.contains("chat-app exports (WhatsApp, Slack, Discord, Telegram)"))
    }

    /// `tokens --field` warns about the first 20 lines without the field, then says how many more there were.
    @Test func tokensFieldWarnsTwentyTimesThenCountsTheRest() {
        let dir = TempDir()
        defer { dir.remove() }
        let input = dir.write("x.jsonl", (0..<25).map { #"{"other":"\#($0)"}"# }.joined(separator: "\n") + "\n")
        let r = runCLI(["tokens", input, "--field", "text"])
        #expect(r.code == 1)
        #expect(r.stderr.components(separatedBy: "no string at").count - 1 == 21)
        #expect(r.stderr.contains("… and 5 more lines with no string at \"text\" (25 in all)"))
        #expect(r.stdout == String(repeating: "null\n", count: 25))
    }

    /// Sizes and exit codes that used to hide failure.
    @Test func sizesAndExitCodesDoNotHideFailure() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let good = dir.write("good.jsonl", (0..<20).map { #"{"prompt":"question \#($0)","completion":"answer \#($0)"}"# }.joined(separator: "\n") + "\n")
        // A validation size that leaves no training example is refused with the numbers, and nothing is written.
        let big = runCLI(["run", good, "--out", dir.path + "/out", "--validation", "999999", "-q"])
        #expect(big.code == 2)
        #expect(big.stderr.contains("--validation 999999 leaves no training example: all 20 kept examples would go to validation"), "\(big.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/out"))
        let split = runCLI(["split", good, "--out", dir.path + "/split", "--validation", "20"])
        #expect(split.code == 2 && split.stderr.contains("leaves no training example"))
        #expect(runCLI(["run", good, "--out", dir.path + "/ok", "--validation", "19", "-q"]).code == 0)
        // Nothing written at all: exit 1.
        let bad = dir.write("bad.jsonl", "{\"x\":1}\nnot json\n{\"y\":\"z\"}\n")
        let ingest = runCLI(["ingest", bad])
        #expect(ingest.code == 1)
        #expect(ingest.stderr.contains("error: nothing was written: 3 records read, none kept"))
        let stats = runCLI(["stats", bad])
        #expect(stats.code == 1)
        #expect(stats.stderr.contains("error: no conversation could be read (3 unreadable records"))
        #expect(!stats.stdout.contains("$0.00"))
        // A stratify or group key no record has: said on standard error.
        let strat = runCLI(["run", good, "--out", dir.path + "/strat", "--stratify-by", "nosuchkey", "--group-by", "nokey"])
        #expect(strat.code == 0)
        #expect(strat.stderr.contains("no record has a value for the metadata key 'nosuchkey' (--stratify-by)"))
        #expect(strat.stderr.contains("no record has a value for the metadata key 'nokey' (--group-by)"))
    }

    @Test func unknownCommandsAndOptionsSuggestTheNearestAndExitWith2() {
        let a = runCLI(["injest", "x"])
        #expect(a.code == 2)
        #expect(a.stderr.hasPrefix("sftprep: error: unknown command 'injest'. Did you mean 'ingest'?"))
        let b = runCLI(["run", "x", "--outt", "o"])
        #expect(b.code == 2)
        #expect(b.stderr.contains("unknown option '--outt' for 'run'. Did you mean '--out'?"))
        let c = runCLI(["run", "x"])
        #expect(c.code == 2)
        #expect(c.stderr.contains("missing --out DIR"))
        let d = runCLI(["run", "/nonexistent-dir", "--out", "/tmp/x"])
        #expect(d.code == 2)
        #expect(d.stderr == "sftprep: error: /nonexistent-dir: no such file or directory\n")
        #expect(runCLI(["ingest", "--format", "yaml", "x"]).stderr.contains("unknown format 'yaml'"))
        #expect(runCLI(["run", "x", "--out", "o", "--validation", "0.9"]).code == 2)
    }

    @Test func indexMemoryTakesASizeAndRefusesAnythingElse() {
        #expect(ByteSize.parse("128MB") == 128_000_000 && ByteSize.parse("2gb") == 2_000_000_000 && ByteSize.parse("4096") == 4096)
        #expect([" 1MB", "0.5GB", "MB", "-1MB", "99999999999GB", ""].allSatisfy { ByteSize.parse($0) == nil })
        let r = runCLI(["dedup", "--index-memory", "10", "/nonexistent"])
        #expect(r.code == 2)
        #expect(r.stderr == "sftprep: error: --index-memory takes a size of at least 1MB (256MB, 2GB), got '10'\n")
    }

    @Test func versionGoesToStandardOutput() {
        let r = runCLI(["--version"])
        #expect(r.code == 0 && r.stdout == "sftprep \(SFTPrepVersion.current)\n")
    }

    @Test func ingestWritesPipeRecordsAndReportsRejectsOnStandardError() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let path = dir.write("a.jsonl", "{\"prompt\":\"p\",\"completion\":\"c\",\"tag\":\"t\"}\nnot json\n")
        let r = runCLI(["ingest", path])
        #expect(r.code == 0)
        #expect(r.stdout == "{\"messages\":[{\"role\":\"user\",\"content\":\"p\"},{\"role\":\"assistant\",\"content\":\"c\"}],\"metadata\":{\"source\":\"\(path)\",\"line\":1,\"format\":\"prompt-completion\",\"tag\":\"t\"}}\n")
        #expect(r.stderr == "sftprep: rejected: \(path):2: invalid JSON at column 1: unexpected 'n', expected a value\nsftprep: ingest: 2 read, 1 written, 1 unreadable (invalid_json 1)\n")
        #expect(runCLI(["ingest", "--strict", path]).code == 1)
        let rejects = dir.path + "/rejects.jsonl"
        _ = runCLI(["ingest", "--quiet", "--rejects", rejects, path])
        #expect(dir.read("rejects.jsonl").hasPrefix("{\"kind\":\"rejected\",\"stage\":\"ingest\",\"reason\":\"invalid_json\""))
    }

    @Test func ingestOfNothingReadableExitsOneAndNamesTheFile() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let zip = dir.write("export.zip", bytes: [0x50, 0x4B, 0x03, 0x04, 0, 0, 0])
        let r = runCLI(["ingest", zip])
        #expect(r.code == 1)
        #expect(r.stderr == "sftprep: skipped \(zip): a ZIP archive: unzip it and point sftprep at the folder\nsftprep: error: no input could be read (see the reasons above)\n")
        #expect(r.stdout.isEmpty)
    }

    @Test func runPrintsAnAlignedSummaryAndExitsZero() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let r = runCLI(["run", packageRoot + "/SampleData", "--out", dir.path + "/out", "--assistant", "Acme Support"])
        #expect(r.code == 0)
        #expect(r.stderr.contains("sftprep run: 28 inputs read"))
        #expect(!r.stderr.contains("skipped"))
        #expect(r.stderr.contains("\n  written   "))
        #expect(r.stdout.isEmpty)
    }

    @Test func runWithNothingWrittenExitsOne() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let path = dir.write("a.jsonl", "{\"messages\":[{\"role\":\"user\",\"content\":\"no answer\"}]}\n")
        let r = runCLI(["run", path, "--out", dir.path + "/out"])
        #expect(r.code == 1)
        #expect(r.stderr.contains("no training examples were written"))
    }

    @Test func aClosedOutputPipeEndsQuietlyWithSuccess() throws {
        OutputStream.ignoreSIGPIPE()
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        close(fds[0])
        let dir = TempDir()
        defer { dir.remove(); close(fds[1]) }
        let lines = (0..<5000).map { _ in #"{"question":"q","answer":"a"}"# }.joined(separator: "\n")
        let path = dir.write("big.jsonl", lines)
        let err = try SFTPrep.OutputStream(creating: dir.path + "/stderr")
        let code = SFTPrepCommandLine.main(["ingest", path], context: CommandContext(stdout: SFTPrep.OutputStream(fd: fds[1], path: "<pipe>"), stderr: err))
        try err.flush()
        #expect(code == 0)
        #expect(dir.read("stderr").isEmpty)
    }
}
