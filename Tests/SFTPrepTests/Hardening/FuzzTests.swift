import Foundation
import Testing
@testable import SFTPrep

/// Hostile input for every reader, `validate`, `export` and `run`: random bytes,
/// mutated real files of every supported kind, and hand-made extremes. Nothing
/// may crash (a crash would end this test process), every outcome is an exit
/// code of 0, 1 or 2, every record read is accounted for, and every reject names
/// its file.
@Suite struct FuzzTests {
    struct Input {
        var name: String
        var bytes: [UInt8]
    }

    static let samples = [
        "openai/support_chat.jsonl", "openai/helpdesk_messy.jsonl", "sharegpt/support_conversations.json", "alpaca/faq_alpaca.json",
        "pairs/faq_pairs.jsonl", "csv/faq_examples.csv", "csv/helpdesk_tickets.csv", "csv/chatbot_sessions.tsv",
        "transcripts/live_chat_transcripts.txt", "chatgpt/conversations.json", "chat-apps/whatsapp/_chat.txt", "chat-apps/telegram/result.json",
        "chat-apps/discord/Acme Community - Support - help [9921].json",
    ]

    /// Random bytes, mutated samples and the extremes the issue lists.
    static func corpus() throws -> [Input] {
        var rng = SplitMix(seed: 7)
        var inputs: [Input] = []
        let extensions = ["jsonl", "json", "csv", "tsv", "txt", "dat"]
        for k in 0..<120 {
            let n = Int(rng.next() % (k % 10 == 0 ? 20_000 : 600))
            inputs.append(Input(name: "random\(k).\(extensions[k % extensions.count])", bytes: (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }))
        }
        for (s, sample) in samples.enumerated() {
            let original = Array(try Data(contentsOf: URL(fileURLWithPath: packageRoot + "/SampleData/" + sample)))
            let ext = (sample as NSString).pathExtension
            for k in 0..<30 {
                var b = original
                for _ in 0..<(1 + Int(rng.next() % 6)) where !b.isEmpty {
                    let at = Int(rng.next() % UInt64(b.count))
                    switch rng.next() % 7 {
                    case 0: b[at] ^= UInt8(truncatingIfNeeded: 1 << (rng.next() % 8))              // flip a bit
                    case 1: b.insert(0, at: at)                                                      // NUL
                    case 2: b.insert(contentsOf: [0xFF, 0xC3], at: at)                               // invalid UTF-8
                    case 3: b.removeSubrange(at..<min(b.count, at + Int(rng.next() % 64)))           // delete
                    case 4: b.removeSubrange(at...)                                                  // truncate
                    case 5: b.insert(contentsOf: Array("\"[{,:\n".utf8).shuffled(using: &rng), at: at) // structure
                    default: b.insert(contentsOf: b[at..<min(b.count, at + 200)], at: at)            // duplicate a run
                    }
                }
                inputs.append(Input(name: "mutated\(s)-\(k).\(ext)", bytes: b))
            }
        }
        let deepArray = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        let deepObject = Array(String(repeating: #"{"a":"#, count: 100_000).utf8)
        let digits = String(repeating: "7", count: 10_000)
        let longText = String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 200_000)  // 9 MB on one line
        let special: [(String, [UInt8])] = [
            ("empty.jsonl", []), ("empty.csv", []), ("bom-only.jsonl", [0xEF, 0xBB, 0xBF]), ("newlines.jsonl", Array(repeating: 0x0A, count: 1000)),
            ("nul.jsonl", Array(repeating: 0, count: 4096)), ("deep-array.jsonl", deepArray), ("deep-array.json", deepArray),
            ("deep-object.jsonl", deepObject), ("deep-in-record.jsonl", Array((#"{"messages":"# + String(repeating: "[", count: 100_000)).utf8)),
            ("digits.jsonl", Array(#"{"messages":[{"role":"user","content":\#(digits)},{"role":"assistant","content":"ok","weight":\#(digits)}]}"#.utf8)),
            ("digits-top.json", Array(digits.utf8)),
            ("long-line.jsonl", Array(#"{"messages":[{"role":"user","content":"Summarise."},{"role":"assistant","content":"\#(longText)"}]}"#.utf8)),
            ("long-broken-line.jsonl", Array(#"{"messages":[{"role":"user","content":"\#(longText)"#.utf8)),
            ("unclosed-quote.csv", Array("\"question,answer\nWhat is it?,A kettle\nWhere?,Here\n".utf8)),
            ("unclosed-quote-late.csv", Array("question,answer\nWhat is it?,A kettle\n\"Where?,Here\nWhen?,Now\n".utf8)),
            ("elf.jsonl", [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + Array(repeating: 0, count: 200)),
            ("archive.json", [0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0x11, count: 200)),
            ("gzip.csv", [0x1F, 0x8B, 0x08, 0x00] + Array(repeating: 0x22, count: 200)),
            ("png.txt", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0x33, count: 200)),
            ("truncated-array.json", Array(#"[{"conversations":[{"from":"human","value":"Hi"},{"from":"gpt","value":"Hello"}]},{"conversations":[{"from":"hu"#.utf8)),
            ("invalid-utf8-everywhere.jsonl", Array(#"{"messages":[{"role":"us"#.utf8) + [0xFF] + Array(#"er","content":"hi"#.utf8) + [0xC3]
                + Array(#"","name":"n"#.utf8) + [0xFE] + Array(#""},{"role":"assistant","content":"ok"}],"k"#.utf8) + [0x80] + Array(#"":1}"#.utf8)
                + [0x0A] + Array(#"{"messages":[{"role":"user","content":"fine"},{"role":"assistant","content":"still read"}]}"#.utf8)),
        ]
        inputs += special.map { Input(name: $0.0, bytes: $0.1) }
        return inputs
    }

    @Test func nothingCrashesEverythingIsAccountedFor() throws {
        let dir = TempDir()
        defer { dir.remove() }
        var tried = 0
        var outcomes: [String: Int] = [:]
        for (k, input) in try Self.corpus().enumerated() {
            let path = dir.write(input.name, bytes: input.bytes)
            tried += 1
            // The readers, in process: every record becomes a conversation or a reject that names the file.
            do {
                let r = try ingest(path)
                #expect(r.report.records == r.conversations.count + r.rejects.count, "\(input.name)")
                for reject in r.rejects {
                    #expect(reject.source == path && !reject.reason.isEmpty && !reject.message.isEmpty, "\(input.name): \(reject)")
                }
                outcomes["read", default: 0] += 1
            } catch let error as SFTPrepError {
                #expect(!error.description.isEmpty)
                outcomes["io_error", default: 0] += 1
            }
            // validate and export: exit codes only, never a signal.
            let v = runCLI(["validate", path])
            #expect([0, 1, 2].contains(v.code), "\(input.name)")
            let e = runCLI(["export", path, "--target", "together", "--fix", "-o", dir.path + "/export.jsonl", "--force"])
            #expect([0, 1, 2].contains(e.code), "\(input.name)")
            // The whole pipeline on a share of them: report.json balances.
            if k % 4 == 0 || input.name.hasPrefix("unclosed") || input.name.hasPrefix("long") || input.name.hasPrefix("invalid") {
                let out = dir.path + "/out"
                let run = runCLI(["run", path, "--out", out, "--force", "-q"])
                #expect([0, 1, 2].contains(run.code), "\(input.name): \(run.stderr)")
                if run.code != 2 {
                    let report = try #require(try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: out + "/report.json")))).objectValue?["totals"]?.objectValue)
                    #expect(report["balanced"] == .bool(true), "\(input.name)")
                    let n = { (key: String) in Int(report[key]?.scalarText ?? "") ?? -1 }
                    #expect(n("read") == n("written") + n("dropped") + n("rejected"), "\(input.name)")
                    outcomes["run", default: 0] += 1
                }
            }
        }
        #expect(tried == 120 + Self.samples.count * 30 + 21)
        #expect(outcomes["run", default: 0] > 100)
    }

    @Test func extremesGiveClearMessagesAndTheRecordsAroundThemSurvive() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let good = #"{"messages":[{"role":"user","content":"Where is my order?"},{"role":"assistant","content":"It ships today."}]}"#
        let deep = #"{"messages":"# + String(repeating: "[", count: 100_000)
        let path = dir.write("mixed.jsonl", [good, deep, "\u{0}\u{0}", good.replacingOccurrences(of: "today", with: "tomorrow")].joined(separator: "\n") + "\n")
        let r = try ingest(path)
        #expect(r.conversations.count == 2)
        #expect(r.rejects.map(\.line) == [2, 3])
        #expect(r.rejects[0].message.contains("nest"))
        let v = runCLI(["validate", path, "--min-examples", "1"])
        #expect(v.code == 1)
        #expect(v.stdout.contains("mixed.jsonl:2: error: invalid_json"))
        #expect(v.stdout.contains("mixed.jsonl:3: error: invalid_json"))
        let huge = dir.write("digits.jsonl", #"{"messages":[{"role":"user","content":"n"},{"role":"assistant","content":"ok","weight":\#(String(repeating: "1", count: 10_000))}]}"# + "\n")
        let h = try ingest(huge)
        #expect(h.rejects.first?.field == "messages[1].weight")
        let zip = dir.write("data.jsonl", bytes: [0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0])
        let z = runCLI(["ingest", zip])
        #expect(z.code == 1)
        #expect(z.stderr.contains("skipped \(zip): ") && z.stderr.contains("ZIP"))
    }
}
