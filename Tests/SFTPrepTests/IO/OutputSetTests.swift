import Foundation
import Testing
@testable import SFTPrep

/// Outputs appear as a set: the old set or the new one, never a mix; one writer per folder.
@Suite(.serialized) struct OutputSetTests {
    static let names = ["train.jsonl", "validation.jsonl", "report.json"]

    private func entries(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    private func write(_ set: OutputSet, _ text: String) throws -> [AtomicFile] {
        try Self.names.map { name in
            let f = try set.file(name)
            try f.stream.write("\(text) \(name)\n")
            return f
        }
    }

    /// A folder holding only a set: the new set is staged beside it and swapped in whole. Until the swap the
    /// old set is untouched, and everything staged is what an interrupt removes.
    @Test func aFolderOfOutputsIsReplacedWholeOrNotAtAll() throws {
        let dir = TempDir()
        defer { dir.remove() }
        for name in Self.names { dir.write("out/" + name, "old \(name)\n") }
        let interrupted = try OutputSet(directory: dir.path + "/out", names: Self.names, force: true)
        let staging = interrupted.stagingDirectory
        #expect(staging.hasPrefix(dir.path + "/.out.sftprep-new-"))
        let staged = try write(interrupted, "new")
        for f in staged { try f.stream.flush() }
        // Written, not yet put in place: readers still see the old set; an interrupt would remove the rest.
        for name in Self.names { #expect(dir.read("out/" + name) == "old \(name)\n") }
        #expect(TemporaryFiles.shared.isRegistered(String(staging.dropLast())))
        for f in staged { #expect(TemporaryFiles.shared.isRegistered(f.temporaryPath)) }
        for f in staged { f.abort() }
        interrupted.abort()
        for name in Self.names { #expect(dir.read("out/" + name) == "old \(name)\n") }
        #expect(entries(dir.path) == ["out"])

        let set = try OutputSet(directory: dir.path + "/out", names: Self.names, force: true)
        try set.commit(try write(set, "new"))
        for name in Self.names { #expect(dir.read("out/" + name) == "new \(name)\n") }
        #expect(entries(dir.path) == ["out"])
        #expect(entries(dir.path + "/out") == Self.names.sorted())
    }

    /// A folder that holds other files too: the new files are renamed in beside them; the others stay.
    @Test func aSharedFolderKeepsItsOtherFiles() throws {
        let dir = TempDir()
        defer { dir.remove() }
        dir.write("data/tickets.csv", "ticket_id,author_type,body\n")
        for name in Self.names { dir.write("data/" + name, "old \(name)\n") }
        let set = try OutputSet(directory: dir.path + "/data", names: Self.names, force: true)
        #expect(set.stagingDirectory == dir.path + "/data/")
        try set.commit(try write(set, "new"))
        for name in Self.names { #expect(dir.read("data/" + name) == "new \(name)\n") }
        #expect(dir.read("data/tickets.csv") == "ticket_id,author_type,body\n")
        #expect(entries(dir.path + "/data") == (Self.names + ["tickets.csv"]).sorted())
    }

    /// A second writer into the same folder fails at once, naming the folder; after the first is done it may go.
    @Test func oneWriterPerFolder() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let first = try OutputSet(directory: dir.path + "/out", names: Self.names, force: false)
        #expect(throws: SFTPrepError.usage("\(dir.path)/out/ is being written by another sftprep run; wait for it to finish, or choose another --out")) {
            _ = try OutputSet(directory: dir.path + "/out", names: Self.names, force: true)
        }
        try first.commit(try write(first, "first"))
        #expect(throws: SFTPrepError.self) { _ = try OutputSet(directory: dir.path + "/out", names: Self.names, force: false) }
        let second = try OutputSet(directory: dir.path + "/out", names: Self.names, force: true)
        try second.commit(try write(second, "second"))
        #expect(dir.read("out/train.jsonl") == "second train.jsonl\n")
    }

    /// A failed run that created its folder removes it; the old set of an existing folder stays.
    @Test func abortLeavesWhatWasThere() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let fresh = try OutputSet(directory: dir.path + "/new", names: Self.names, force: false)
        _ = try write(fresh, "x")
        fresh.abort()
        #expect(entries(dir.path) == [])
    }
}
