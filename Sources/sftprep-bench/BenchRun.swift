// `sftprep-bench run`: generates a corpus (or reuses it) and times sftprep on
// it — each filter stage alone, then the whole `run` — next to jq, with wall
// time, MB/s, records/s and peak resident memory of every command.
import Foundation
import SFTPrep

#if canImport(Glibc)
import Glibc
#endif

struct Measurement {
    var seconds: Double
    var peakMB: Double
    var status: Int32
}

/// Runs `argv` with standard input and output redirected, and measures it (wall time; peak RSS from wait4).
func measure(_ argv: [String], stdin: String = "/dev/null", stdout: String = "/dev/null") -> Measurement {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var cArgs = argv.map { strdup($0) }
    cArgs.append(nil)
    defer { for p in cArgs { free(p) } }
    var pid: pid_t = 0
    let started = ContinuousClock.now
    guard posix_spawnp(&pid, argv[0], &actions, nil, cArgs, environ) == 0 else { return Measurement(seconds: 0, peakMB: 0, status: -1) }
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    let d = ContinuousClock.now - started
    let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    return Measurement(seconds: seconds, peakMB: Double(usage.ru_maxrss) / 1024, status: (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F))
}

func onPath(_ tool: String) -> Bool {
    (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }
}

func benchRun(size: Int, seed: String, directory: String, sftprep: String, bench: String) {
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let corpus = "\(directory)/chat-\(size / 1_000_000)MB-seed\(seed).jsonl"
    if (try? FileManager.default.attributesOfItem(atPath: corpus)[.size] as? Int) == nil {
        print("generating \(corpus) …")
        _ = measure([bench, "generate", "--size", String(size), "--seed", seed], stdout: corpus)
    }
    let bytes = (try? FileManager.default.attributesOfItem(atPath: corpus)[.size] as? Int) ?? 0
    // Count lines in chunks: a bench holding the corpus in memory would inflate every child's peak RSS
    // (Linux carries the parent's high-water mark into a spawned child until it execs).
    var records = 0
    let fd = open(corpus, O_RDONLY)
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while fd >= 0 {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
        if n <= 0 { break }
        for i in 0..<n where chunk[i] == 0x0A { records += 1 }
    }
    if fd >= 0 { close(fd) }
    let pipe = "\(directory)/pipe.jsonl"
    let out = "\(directory)/out"
    print("corpus: \(corpus), \(NumberFormatting.grouped(bytes)) bytes, \(NumberFormatting.grouped(records)) records, \(ParallelMap.threads) cores")
    _ = measure([sftprep, "ingest", corpus], stdout: pipe)
    var rows: [(String, Measurement)] = []
    rows.append(("sftprep ingest", measure([sftprep, "ingest", corpus])))
    rows.append(("sftprep clean (pipe form)", measure([sftprep, "clean", pipe])))
    rows.append(("sftprep dedup (pipe form)", measure([sftprep, "dedup", pipe])))
    rows.append(("sftprep redact (pipe form)", measure([sftprep, "redact", pipe])))
    rows.append(("sftprep tokens (pipe form)", measure([sftprep, "tokens", pipe])))
    // jq right before `run`, so the two the target compares run in the same minute of this shared machine.
    var reference: Measurement?
    if onPath("jq") {
        let jq = measure(["jq", "-c", ".", corpus])
        rows.insert(("jq -c . (reference)", jq), at: 0)
        reference = jq
    }
    let whole = measure([sftprep, "run", corpus, "--out", out, "--force", "-q"])
    rows.append(("sftprep run (every stage)", whole))
    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    func left(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
    print(pad("command", 30) + left("seconds", 9) + left("MB/s", 9) + left("records/s", 12) + left("peak MB", 10) + left("exit", 6))
    for (name, m) in rows {
        let mbps = m.seconds > 0 ? Double(bytes) / 1e6 / m.seconds : 0
        print(pad(name, 30) + left(String(format: "%.2f", m.seconds), 9) + left(String(format: "%.1f", mbps), 9)
              + left(NumberFormatting.grouped(m.seconds > 0 ? Int(Double(records) / m.seconds) : 0), 12) + left(String(format: "%.0f", m.peakMB), 10) + left(String(m.status), 6))
    }
    if let jq = reference, whole.seconds > 0 {
        print(String(format: "\nrun's throughput against jq's, measured one after the other: %.0f%%", 100 * jq.seconds / whole.seconds))
    }
    if let data = try? Data(contentsOf: URL(fileURLWithPath: out + "/report.json")),
       let report = try? JSONParser.parse(Array(data)).objectValue, let stages = report["stages"]?.arrayValue {
        print("\nstages of `run` (report.json; thread-seconds, summed over the cores that ran each stage):")
        for s in stages {
            guard let o = s.objectValue, let name = o["name"]?.stringValue, let secs = o["seconds"]?.doubleValue else { continue }
            let input = Int(o["in"]?.scalarText ?? "") ?? 0
            print("  " + pad(name, 10) + left(String(format: "%.2f s", secs), 9) + left(String(format: "%.1f MB/s", secs > 0 ? Double(bytes) / 1e6 / secs : 0), 13)
                  + left(NumberFormatting.grouped(secs > 0 ? Int(Double(input) / secs) : 0) + " records/s", 20))
        }
        if let totals = report["totals"]?.objectValue { print("  totals: \(JSONValue.object(totals).jsonText)") }
    }
}
