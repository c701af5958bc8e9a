import Foundation
import Testing
@testable import SFTPrep

@Suite struct RunPipelineTests {
    private func run(_ inputs: [String], out: String, configure: (inout RunOptions) -> Void = { _ in }) throws -> RunReport {
        var options = RunOptions(inputs: inputs, outputDirectory: out)
        configure(&options)
        return try RunPipeline(options: options).run { _ in }
    }

    @Test func sampleDataRunAccountsForEveryRecordAndWritesValidExamples() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let report = try run([packageRoot + "/SampleData"], out: dir.path + "/out") { $0.ingest.assistantNames = ["Acme Support"] }
        #expect(report.isBalanced)
        #expect(report.read == report.written + report.dropped.total + report.rejected.total)
        #expect(report.written > 30)
        #expect(report.validation == Int((Double(report.written) * 0.1).rounded()))
        #expect(report.strata.count == report.inputs.filter { $0.written > 0 }.count)   // one stratum per source file
        #expect(report.skipped.isEmpty)
        let chat = try schema("chat-record.schema.json")
        for name in ["train.jsonl", "validation.jsonl"] {
            let lines = try jsonLines(dir.read("out/" + name))
            #expect(!lines.isEmpty)
            for (i, line) in lines.enumerated() {
                let problems = chat.validate(line)
                #expect(problems.isEmpty, "\(name):\(i + 1): \(problems)")
            }
        }
        let rejects = try jsonLines(dir.read("out/rejects.jsonl"))
        #expect(rejects.count == report.dropped.total + report.rejected.total)
        let rejectSchema = try schema("reject-record.schema.json")
        for r in rejects { #expect(rejectSchema.validate(r).isEmpty) }
        let reportJSON = try JSONParser.parse(dir.read("out/report.json"))
        #expect(try schema("report.schema.json").validate(reportJSON).isEmpty)
        // Every input of every format was recognised.
        let formats = Set(report.inputs.map(\.read.format))
        #expect(formats == Set(InputFormat.allCases.map(\.rawValue)))
    }

    @Test func sameInputAndSeedGiveByteIdenticalFilesAndOtherSeedsDiffer() throws {
        let dir = TempDir()
        defer { dir.remove() }
        _ = try run([packageRoot + "/SampleData"], out: dir.path + "/a") { $0.ingest.assistantNames = ["Acme Support"] }
        _ = try run([packageRoot + "/SampleData"], out: dir.path + "/b") { $0.ingest.assistantNames = ["Acme Support"]; ParallelMap.threads = 1 }
        ParallelMap.threads = ProcessInfoCores.active
        _ = try run([packageRoot + "/SampleData"], out: dir.path + "/c") { $0.ingest.assistantNames = ["Acme Support"]; $0.split.seed = 99 }
        for name in ["train.jsonl", "validation.jsonl", "rejects.jsonl"] {
            #expect(dir.read("a/" + name) == dir.read("b/" + name))
        }
        #expect(dir.read("a/validation.jsonl") != dir.read("c/validation.jsonl"))
    }

    static let vocabulary = ["reset", "update", "firmware", "replace", "refund", "courier", "label", "warranty", "cable", "socket", "photo",
                             "serial", "store", "voucher", "battery", "charger", "screen", "button", "noise", "smell", "colour", "manual",
                             "app", "pair", "signal", "light", "fan", "filter", "box", "receipt"]

    /// Many batches and read-ahead chunks, exact and near copies, junk: the same bytes with 1 thread and with all cores.
    @Test func largeInputsGiveTheSameOutputWhateverTheThreadCount() throws {
        let dir = TempDir()
        defer { dir.remove() }
        var rng = SplitMix(seed: 21)
        var lines: [String] = []
        let products = ["kettle", "router", "tent", "drone", "lamp", "printer", "blender"]
        for i in 0..<6_000 {
            switch rng.next() % 20 {
            case 0 where !lines.isEmpty: lines.append(lines[Int(rng.next() % UInt64(lines.count))])   // exact copy
            case 1: lines.append(#"{"messages":[{"role":"user","content":"junk \#(i)"}]}"#)             // no answer
            case 2: lines.append("{broken \(i)")                                                       // not JSON
            default:
                let p = products[Int(rng.next() % UInt64(products.count))]
                let n = rng.next() % 300
                let words = (0..<12).map { _ in Self.vocabulary[Int(rng.next() % UInt64(Self.vocabulary.count))] }.joined(separator: " ")
                lines.append(#"{"messages":[{"role":"user","content":"My \#(p) number \#(n) stopped working, what now?"},{"role":"assistant","content":"Sorry about the \#(p): \#(words). Mail me at jo\#(n)@example.com."}]}"#)
            }
        }
        let input = dir.write("big.jsonl", lines.joined(separator: "\n") + "\n")
        let one = try run([input], out: dir.path + "/one") { _ in ParallelMap.threads = 1 }
        ParallelMap.threads = ProcessInfoCores.active
        let all = try run([input], out: dir.path + "/all") { _ in ParallelMap.threads = max(2, ProcessInfoCores.active) }
        ParallelMap.threads = ProcessInfoCores.active
        #expect(one.isBalanced && all.isBalanced)
        #expect(one.written > 4_000 && one.written < 5_700 && one.dropped.total > 300 && one.dropped.counts["exact_duplicate"] != nil)
        for name in ["train.jsonl", "validation.jsonl", "rejects.jsonl"] {
            #expect(dir.read("one/" + name) == dir.read("all/" + name), "\(name)")
        }
    }

    @Test func keepMetadataKeepsThePipeForm() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let input = dir.write("in.jsonl", #"{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}],"category":"x"}"#)
        _ = try run([input], out: dir.path + "/out") { $0.keepMetadata = true; $0.split.validation = .fraction(0) }
        let line = try #require(try jsonLines(dir.read("out/train.jsonl")).first?.objectValue)
        #expect(line["metadata"]?.objectValue?["category"] == .string("x"))
        #expect(try schema("pipe-record.schema.json").validate(.object(line)).isEmpty)
    }

    @Test func refusesToOverwriteADatasetWithoutForce() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let input = dir.write("in/a.jsonl", #"{"prompt":"p","completion":"c"}"#)
        _ = try run([input], out: dir.path + "/out")
        #expect(throws: SFTPrepError.self) { _ = try run([input], out: dir.path + "/out") }
        _ = try run([input], out: dir.path + "/out") { $0.force = true }
    }

    @Test func outputDirectoryInsideTheInputIsNotReadBack() throws {
        let dir = TempDir()
        defer { dir.remove() }
        dir.write("a.jsonl", #"{"prompt":"p","completion":"c"}"#)
        let first = try run([dir.path], out: dir.path + "/out")
        let second = try run([dir.path], out: dir.path + "/out") { $0.force = true }
        #expect(first.read == 1 && second.read == 1)
    }

    /// A second run over a folder that holds the first run's output does not read that output back
    /// (19 redacted copies once reached the new train set); it says so, and naming the folder still reads it.
    @Test func aRunDoesNotReadBackAnEarlierRunsOutput() throws {
        let dir = TempDir()
        defer { dir.remove() }
        for i in 0..<12 { dir.write("sd/in\(i).jsonl", #"{"prompt":"question \#(i) about my order","completion":"answer \#(i): it ships on day \#(i)"}"#) }
        let first = runCLI(["run", dir.path + "/sd", "--out", dir.path + "/sd/out"])
        #expect(first.code == 0)
        let second = runCLI(["run", dir.path + "/sd", "--out", dir.path + "/sd/out2"])
        #expect(second.code == 0)
        #expect(second.stderr.contains("skipped \(dir.path)/sd/out: holds a dataset sftprep wrote"))
        let report = try #require(try JSONParser.parse(dir.read("sd/out2/report.json")).objectValue)
        #expect(report["totals"]?.objectValue?["read"] == .number("12"))
        #expect(report["skipped_folders"]?.arrayValue?.count == 1)
        #expect(try schema("report.schema.json").validate(.object(report)).isEmpty)
        // Named explicitly, an output folder is read (its train and validation files are chat records).
        let named = runCLI(["run", dir.path + "/sd/out", "--out", dir.path + "/again", "-q"])
        #expect(named.code == 0)
        #expect(try JSONParser.parse(dir.read("again/report.json")).objectValue?["totals"]?.objectValue?["read"] != .number("0"))
    }

    /// Writing into the input folder itself: its other files are read, its output files never are.
    @Test func aRunIntoItsOwnInputFolderReadsTheInputsOnly() throws {
        let dir = TempDir()
        defer { dir.remove() }
        for i in 0..<12 { dir.write("indir/in\(i).jsonl", #"{"prompt":"question \#(i) about my order","completion":"answer \#(i): it ships on day \#(i)"}"#) }
        let first = runCLI(["run", dir.path + "/indir", "--out", dir.path + "/indir", "-q"])
        #expect(first.code == 0, "\(first.stderr)")
        let again = runCLI(["run", dir.path + "/indir", "--out", dir.path + "/indir", "--force", "-q"])
        #expect(again.code == 0, "\(again.stderr)")
        #expect(try JSONParser.parse(dir.read("indir/report.json")).objectValue?["totals"]?.objectValue?["read"] == .number("12"))
        // A data file named explicitly inside the output folder is fine; an output file is not.
        #expect(runCLI(["run", dir.path + "/indir/in0.jsonl", "--out", dir.path + "/indir", "--force", "-q"]).code == 0)
        let own = runCLI(["run", dir.path + "/indir/train.jsonl", "--out", dir.path + "/indir", "--force", "-q"])
        #expect(own.code == 2 && own.stderr.contains("one of this run's own output files"))
    }

    @Test func noTemporaryFilesAreLeftBehind() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let input = dir.write("a.jsonl", #"{"prompt":"p","completion":"c"}"#)
        _ = try run([input], out: dir.path + "/out")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/out").sorted()
        #expect(names == ["rejects.jsonl", "report.html", "report.json", "train.jsonl", "validation.jsonl"])
    }

    @Test func unrecognizedFilesAreReportedAndTheRunGoesOn() throws {
        let dir = TempDir()
        defer { dir.remove() }
        dir.write("data/notes.md", "# Just notes\nNothing to train on.\n")
        dir.write("data/x.jsonl", #"{"question":"q","answer":"a"}"#)
        var messages: [String] = []
        let report = try RunPipeline(options: RunOptions(inputs: [dir.path + "/data"], outputDirectory: dir.path + "/out")).run { messages.append($0) }
        #expect(report.written == 1)
        #expect(report.skipped.map(\.path) == [dir.path + "/data/notes.md"])
        #expect(messages.contains { $0.hasPrefix("skipped \(dir.path)/data/notes.md: not a supported format") })
    }

}

@Suite struct DirectoryWalkTests {
    @Test func walksRecursivelyInSortedOrderSkippingHiddenEntries() throws {
        let dir = TempDir()
        defer { dir.remove() }
        for name in ["b.jsonl", "a/z.csv", "a/.secret.jsonl", ".git/config", "c/d/e.txt", "A.json"] { dir.write(name, "x") }
        let files = try Ingestor().expand([dir.path])
        #expect(files.map { String($0.dropFirst(dir.path.count + 1)) } == ["A.json", "a/z.csv", "b.jsonl", "c/d/e.txt"])
    }
}

@Suite struct PipeSchemaTests {
    /// Every conversation `ingest` reads from SampleData, in every format, has the promised pipe form.
    @Test func ingestOutputOfAllSampleDataMatchesThePipeSchema() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let r = runCLI(["ingest", "--quiet", "--assistant", "Acme Support", packageRoot + "/SampleData"])
        #expect(r.code == 0)
        let validator = try schema("pipe-record.schema.json")
        let lines = try jsonLines(r.stdout)
        #expect(lines.count > 70)
        var formats: Set<String> = []
        for (i, line) in lines.enumerated() {
            let problems = validator.validate(line)
            #expect(problems.isEmpty, "line \(i + 1): \(problems)")
            if let f = line.objectValue?["metadata"]?.objectValue?["format"]?.stringValue { formats.insert(f) }
        }
        #expect(formats == Set(InputFormat.allCases.map(\.rawValue)))
        // The next filter reads all of it back, whatever the name: records from a Discord or Telegram
        // export carry those exports' words ("guild", "channel", "from_id") in their metadata.
        for name in ["piped.jsonl", "piped"] {
            let file = dir.write(name, r.stdout)
            let clean = runCLI(["clean", file])
            #expect(clean.code == 0)
            #expect(clean.stderr.hasPrefix("sftprep: clean: \(lines.count) read"), "\(name): \(clean.stderr)")
        }
    }
}

@Suite struct RunSplitTests {
    @Test func balanceAndGroupsEndToEndKeepTheBooksBalanced() throws {
        let dir = TempDir()
        defer { dir.remove() }
        var lines: [String] = []
        for i in 0..<120 {
            let category = i < 80 ? "billing" : "shipping"
            lines.append(#"{"messages":[{"role":"user","content":"Question number \#(i) about my \#(category) problem"},{"role":"assistant","content":"Answer \#(i): here is how we fix your \#(category) problem step by step."}],"category":"\#(category)","customer":"c\#(i % 30)"}"#)
        }
        let input = dir.write("data.jsonl", lines.joined(separator: "\n"))
        var options = RunOptions(inputs: [input], outputDirectory: dir.path + "/out")
        options.dedup = nil
        options.split.stratifyBy = "category"
        options.split.groupBy = "customer"
        options.split.balance = .equal
        options.split.validation = .fraction(0.25)
        options.keepMetadata = true
        let report = try RunPipeline(options: options).run { _ in }
        #expect(report.isBalanced)
        #expect(report.dropped.counts["balance_left_out"] == 40)
        #expect(report.strata.map(\.name) == ["billing", "shipping"])
        #expect(report.strata.allSatisfy { $0.train + $0.validation == 40 })
        // No customer on both sides.
        func customers(_ name: String) throws -> Set<String> {
            Set(try jsonLines(dir.read("out/" + name)).compactMap { $0.objectValue?["metadata"]?.objectValue?["customer"]?.stringValue })
        }
        #expect(try customers("train.jsonl").isDisjoint(with: try customers("validation.jsonl")))
        #expect(report.train + report.validation + report.dropped.total == 120)
    }
}
