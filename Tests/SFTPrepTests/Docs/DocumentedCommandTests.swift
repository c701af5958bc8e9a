import Foundation
import Testing
@testable import SFTPrep

/// The commands the README and the guide show, run as written.
///
/// A shell block preceded by `<!-- runs -->` is run line by line with the built
/// `sftprep` on `PATH`, in a fresh folder holding `SampleData/` and the files the
/// examples name (`data/`, `tickets.csv`, the WhatsApp export). Each line must
/// exit 0, or the code its comment gives (`# exit 1`).
@Suite struct DocumentedCommandTests {
    struct Command: CustomStringConvertible {
        var file: String
        var line: Int
        var text: String
        var exit: Int32
        var description: String { "\(file):\(line): \(text)" }
    }

    /// The runnable blocks of one Markdown file, one entry per block.
    static func blocks(in path: String) throws -> [[Command]] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        let name = String(path.dropFirst(packageRoot.count + 1))
        var out: [[Command]] = []
        var i = 0
        while i < lines.count {
            defer { i += 1 }
            guard lines[i].trimmingCharacters(in: .whitespaces) == "<!-- runs -->", i + 1 < lines.count, lines[i + 1].hasPrefix("```sh") else { continue }
            var block: [Command] = []
            i += 2
            while i < lines.count && !lines[i].hasPrefix("```") {
                var text = lines[i]
                var exit: Int32 = 0
                if let r = text.range(of: "# exit ") {
                    exit = Int32(text[r.upperBound...].prefix { $0.isNumber }) ?? 0
                }
                if let r = text.range(of: "  #") { text = String(text[..<r.lowerBound]) }
                text = text.trimmingCharacters(in: .whitespaces)
                if !text.isEmpty && !text.hasPrefix("#") { block.append(Command(file: name, line: i + 1, text: text, exit: exit)) }
                i += 1
            }
            out.append(block)
        }
        return out
    }

    static var documents: [String] {
        var files = [packageRoot + "/README.md"]
        let docs = packageRoot + "/docs"
        for case let f as String in FileManager.default.enumerator(atPath: docs)?.allObjects ?? [] where f.hasSuffix(".md") {
            files.append(docs + "/" + f)
        }
        return files.sorted()
    }

    @Test func everyDocumentedCommandExitsAsDocumented() throws {
        let binary = try #require(InterruptAndFailureTests.binary, "sftprep binary not built")
        let blocks = try Self.documents.flatMap { try Self.blocks(in: $0) }
        #expect(blocks.count >= 12)
        var failures: [String] = []
        for block in blocks {
            let dir = TempDir()
            defer { dir.remove() }
            let fm = FileManager.default
            try fm.createSymbolicLink(atPath: dir.path + "/SampleData", withDestinationPath: packageRoot + "/SampleData")
            try fm.createSymbolicLink(atPath: dir.path + "/data", withDestinationPath: packageRoot + "/SampleData")
            try fm.copyItem(atPath: packageRoot + "/SampleData/csv/helpdesk_tickets.csv", toPath: dir.path + "/tickets.csv")
            try fm.copyItem(atPath: packageRoot + "/SampleData/chat-apps/whatsapp/WhatsApp Chat with Jordan Lee.txt",
                            toPath: dir.path + "/WhatsApp Chat with Jordan Lee.txt")
            for command in block {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: "/bin/sh")
                p.arguments = ["-c", command.text]
                p.currentDirectoryURL = URL(fileURLWithPath: dir.path)
                var env = ProcessInfo.processInfo.environment
                env["PATH"] = URL(fileURLWithPath: binary).deletingLastPathComponent().path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
                p.environment = env
                p.standardOutput = FileHandle.nullDevice
                p.standardError = FileHandle.nullDevice
                try p.run()
                p.waitUntilExit()
                if p.terminationStatus != command.exit {
                    failures.append("\(command): exit \(p.terminationStatus), documented \(command.exit)")
                }
            }
        }
        #expect(failures == [])
    }

    @Test func blocksAreFoundAndExitCodesRead() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let path = dir.write("x.md", "text\n<!-- runs -->\n```sh\nsftprep validate a.jsonl   # exit 1\n# a comment\n\nsftprep run data --out out  # the pipeline\n```\n```sh\nnot run\n```\n")
        let blocks = try Self.blocks(in: path)
        #expect(blocks.count == 1)
        #expect(blocks[0].map(\.text) == ["sftprep validate a.jsonl", "sftprep run data --out out"])
        #expect(blocks[0].map(\.exit) == [1, 0])
    }
}
