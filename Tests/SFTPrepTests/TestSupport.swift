import Foundation
@testable import SFTPrep

/// A fresh temporary directory per test, removed by the caller's `defer`.
struct TempDir {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "sftprep-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` (or raw bytes) to `name` inside the directory and returns the full path.
    @discardableResult
    func write(_ name: String, _ text: String) -> String { write(name, bytes: Array(text.utf8)) }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) -> String {
        let full = path + "/" + name
        let dir = (full as NSString).deletingLastPathComponent
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: full, contents: Data(bytes))
        return full
    }

    func read(_ name: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path + "/" + name) ?? Data(), as: UTF8.self)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Everything one ingest produced.
struct Ingested {
    var conversations: [Conversation] = []
    var rejects: [Reject] = []
    var report: InputReport

    var messages: [[Message]] { conversations.map(\.messages) }
}

/// Ingests one file with the library's ingestor and collects the results.
func ingest(_ path: String, options: IngestOptions = IngestOptions()) throws -> Ingested {
    var conversations: [Conversation] = []
    var rejects: [Reject] = []
    let report = try Ingestor(options: options).ingest(path: path) { item in
        switch item {
        case .conversation(let c): conversations.append(c)
        case .reject(let r): rejects.append(r)
        }
    }
    return Ingested(conversations: conversations, rejects: rejects, report: report)
}

/// Ingests `text` written to a temporary file called `name`.
func ingest(text: String, name: String, options: IngestOptions = IngestOptions()) throws -> Ingested {
    let dir = TempDir()
    defer { dir.remove() }
    return try ingest(dir.write(name, text), options: options)
}

/// Runs the command line in-process, capturing standard output and standard error.
struct CLIResult {
    var code: Int32
    var stdout: String
    var stderr: String
}

func runCLI(_ args: [String]) -> CLIResult {
    let dir = TempDir()
    defer { dir.remove() }
    let out = try! SFTPrep.OutputStream(creating: dir.path + "/stdout")
    let err = try! SFTPrep.OutputStream(creating: dir.path + "/stderr")
    let code = SFTPrepCommandLine.main(args, context: CommandContext(stdout: out, stderr: err))
    try! out.flush()
    try! err.flush()
    return CLIResult(code: code, stdout: dir.read("stdout"), stderr: dir.read("stderr"))
}

/// The package root, for reading SampleData and Schemas in tests.
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.path + "/Package.swift") { return url.path }
    }
    fatalError("Package.swift not found above \(#filePath)")
}()

/// Parses every line of a JSONL text.
func jsonLines(_ text: String) throws -> [JSONValue] {
    try text.split(separator: "\n").map { try JSONParser.parse(String($0)) }
}
