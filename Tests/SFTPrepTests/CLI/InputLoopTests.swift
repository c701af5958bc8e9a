import Foundation
import Testing
@testable import SFTPrep

/// Every command reads its inputs through one loop: the same warnings for unreadable records (the first 20,
/// then a count), for files that are not a known format, and the same "nothing could be read".
@Suite struct InputLoopTests {
    static let good = #"{"messages":[{"role":"user","content":"Where is my order?"},{"role":"assistant","content":"It ships tomorrow."}]}"#

    @Test(arguments: [["clean"], ["stats"], ["tokens"], ["redact", "--dry-run"], ["dedup"]])
    func unreadableRecordsAreShownTheSameWay(command: [String]) {
        let dir = TempDir()
        defer { dir.remove() }
        let lines = [Self.good] + (1...25).map { #"{"messages": "not a list \#($0)"}"# }
        let path = dir.write("mixed.jsonl", lines.joined(separator: "\n") + "\n")
        let r = runCLI(command + [path])
        let shown = r.stderr.split(separator: "\n").filter { $0.contains("rejected: ") }
        #expect(shown.count == 20, "\(command): \(r.stderr)")
        #expect(shown.first?.contains("mixed.jsonl:2") == true)
        #expect(r.stderr.contains("… and 5 more unreadable records (25 in all)"), "\(command): \(r.stderr)")
    }

    @Test func skippedFilesAndNothingRead() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let notes = dir.write("notes.bin", "\u{0}\u{1}\u{2} not a chat export")
        let good = dir.write("good.jsonl", Self.good + "\n")
        let err = try SFTPrep.OutputStream(creating: dir.path + "/stderr")
        var loop = try InputLoop(Ingestor(), paths: [notes, good], context: CommandContext(stdout: err, stderr: err), quiet: true)
        var seen = 0
        var done: [String] = []
        try loop.run(conversation: { _ in seen += 1 }, fileDone: { done.append(($0 as NSString).lastPathComponent) })
        #expect(seen == 1 && loop.skipped == 1 && !loop.nothingRead && done == ["notes.bin", "good.jsonl"])
        let stats = runCLI(["stats", notes])
        #expect(stats.code == 1 && stats.stderr.contains("skipped \(notes): ") && stats.stderr.contains("no input could be read"))
    }
}
