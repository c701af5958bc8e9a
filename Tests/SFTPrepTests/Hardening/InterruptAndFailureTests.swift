import Foundation
import Testing
@testable import SFTPrep

/// The built `sftprep` binary under real signals and failing writes.
@Suite struct InterruptAndFailureTests {
    /// The executable SwiftPM built next to this test bundle.
    static var binary: String? {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("sftprep").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let fallback = packageRoot + "/.build/debug/sftprep"
        return FileManager.default.isExecutableFile(atPath: fallback) ? fallback : nil
    }

    static let record = #"{"messages":[{"role":"user","content":"Where is order A-1?"},{"role":"assistant","content":"It ships today."}]}"#

    /// Records that differ (so dedup keeps them), `n` of them.
    static func records(_ n: Int) -> String {
        (0..<n).map { record.replacingOccurrences(of: "A-1", with: "A-\($0)").replacingOccurrences(of: "today", with: "in \($0) days") }.joined(separator: "\n") + "\n"
    }

    private func files(in dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func anInterruptedRunLeavesNoOutputFiles(signal: Int32) throws {
        let binary = try #require(Self.binary, "sftprep binary not built")
        let dir = TempDir()
        defer { dir.remove() }
        let out = dir.path + "/out"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["run", "-", "--out", out, "-q"]
        let input = Pipe()
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Records arrive, standard input stays open: the run is mid-way, its temporary files exist.
        input.fileHandleForWriting.write(Self.records(3_000).data(using: .utf8)!)
        // The new set is written in a folder beside the output folder until it is complete.
        func staging() -> [String] { files(in: dir.path).filter { $0.hasPrefix(".out.sftprep-new-") }.flatMap { files(in: dir.path + "/" + $0) } }
        var waited = 0
        while staging().isEmpty && waited < 200 { usleep(50_000); waited += 1 }
        #expect(!staging().isEmpty, "the run never started writing")
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationStatus == 128 + signal)
        #expect(files(in: out) == [], "left behind: \(files(in: out))")
        #expect(files(in: dir.path) == [], "left beside the output: \(files(in: dir.path))")
    }

    /// Two runs into the same --out: the second fails at once (exit 2) while the first is writing; the first finishes.
    @Test func aSecondRunIntoTheSameFolderIsRefusedWhileTheFirstWrites() throws {
        let binary = try #require(Self.binary, "sftprep binary not built")
        let dir = TempDir()
        defer { dir.remove() }
        let out = dir.path + "/out"
        let first = Process()
        first.executableURL = URL(fileURLWithPath: binary)
        first.arguments = ["run", "-", "--out", out, "-q"]
        let input = Pipe()
        first.standardInput = input
        first.standardError = FileHandle.nullDevice
        try first.run()
        input.fileHandleForWriting.write(Self.records(500).data(using: .utf8)!)
        var waited = 0
        while !FileManager.default.fileExists(atPath: out) && waited < 200 { usleep(50_000); waited += 1 }
        let second = runCLI(["run", dir.write("more.jsonl", Self.records(50)), "--out", out, "--force", "-q"])
        #expect(second.code == 2)
        #expect(second.stderr.contains("is being written by another sftprep run"), "\(second.stderr)")
        try input.fileHandleForWriting.close()
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        #expect(try jsonLines(dir.read("out/train.jsonl")).count + (try jsonLines(dir.read("out/validation.jsonl")).count) == 500)
    }

    @Test func aFullDiskEndsWithExit2AndNoOutputs() throws {
        let binary = try #require(Self.binary, "sftprep binary not built")
        let dir = TempDir()
        defer { dir.remove() }
        let input = dir.write("chat.jsonl", Self.records(5_000))
        // A 64 KB file-size limit: the spool (≈ 600 KB) cannot be written, as on a full disk.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -f 64; exec \"$0\" run \"$1\" --out \"$2\" -q", binary, input, dir.path + "/out"]
        let err = Pipe()
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 2)
        #expect(message.hasPrefix("sftprep: error: ") && message.contains("File too large"), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/out"), "left behind: \(files(in: dir.path + "/out"))")
    }

    @Test func writesToAFullDeviceFailWithExit2() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let input = dir.write("chat.jsonl", Self.records(2_000))
        let full = try SFTPrep.OutputStream(creating: "/dev/full")
        let err = try SFTPrep.OutputStream(creating: dir.path + "/stderr")
        let code = SFTPrepCommandLine.main(["ingest", input], context: CommandContext(stdout: full, stderr: err))
        try err.flush()
        #expect(code == 2)
        #expect(dir.read("stderr").contains("sftprep: error: <stdout>: write failed: No space left on device") || dir.read("stderr").contains("/dev/full: write failed: No space left on device"))
        let e = runCLI(["export", input, "--target", "openai", "-o", "/dev/full"])
        #expect(e.code == 2)
        #expect(e.stderr.contains("No space left on device"))
    }

    @Test func outputsThatWouldDestroyInputsAreRefused() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let input = dir.write("chat.jsonl", Self.records(20))
        let a = runCLI(["run", input, "--out", input])
        #expect(a.code == 2)
        #expect(a.stderr.contains("exists and is not a directory"))
        #expect(dir.read("chat.jsonl") == Self.records(20))
        #expect(runCLI(["run", input, "--out", dir.path + "/out", "-q"]).code == 0)
        let again = runCLI(["run", input, "--out", dir.path + "/out", "-q"])
        #expect(again.code == 2)
        #expect(again.stderr.contains("already holds a dataset (train.jsonl); pass --force to replace it"))
        #expect(runCLI(["run", input, "--out", dir.path + "/out", "-q", "--force"]).code == 0)
        let e = runCLI(["export", input, "--target", "openai", "-o", input])
        #expect(e.code == 2 && e.stderr.contains("is the input file"))
        let s = runCLI(["split", input, "--out", dir.path + "/out"])
        #expect(s.code == 2 && s.stderr.contains("--force"))
        let readOnly = runCLI(["run", input, "--out", "/proc/sftprep-out", "-q"])
        #expect(readOnly.code == 2 && readOnly.stderr.contains("/proc/sftprep-out: cannot create the output directory"))
    }
}
