// sftprep-bench: writes realistic synthetic corpora for benchmarks.
//
//   swift run -c release sftprep-bench generate --size 100MB --format jsonl > corpus.jsonl
//   swift run -c release sftprep-bench generate --size 20MB --format csv > tickets.csv
//
// Output is deterministic for a --seed: support conversations in several
// languages, some with code blocks, e-mail addresses and phone numbers,
// with 5% exact duplicates and a few junk lines (JSONL only, unless --clean).
import Foundation
import SFTPrep

#if canImport(Glibc)
import Glibc
#endif

struct Generator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return StableHash.mix(state)
    }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) / 10_000 < p }

    static let questions = [
        "My order %ORDER% hasn't arrived yet, it's been %N% days. Can you check?",
        "How do I reset my password? I tried the link but it expired.",
        "I was charged twice for my subscription this month.",
        "Can I change the delivery address for order %ORDER%?",
        "The app crashes when I open the settings page on Android 14.",
        "Do you ship to Canada and how long does it take?",
        "Mi pedido %ORDER% llegó dañado, ¿qué hago?",
        "Ich möchte mein Abo kündigen. Wie geht das?",
        "Est-ce que je peux retourner un article soldé ?",
        "注文%ORDER%の配送状況を教えてください。",
        "我的账户被锁定了，怎么解锁？",
        "Please call me back on %PHONE%, it's about invoice %N%.",
        "Update my e-mail to %EMAIL% please.",
        "My script fails with this error, any idea?\n```python\nimport acme\nclient = acme.Client(timeout=%N%)\nclient.sync()\n```",
    ]
    static let answers = [
        "Sorry for the delay! Order %ORDER% left our warehouse %N% days ago; the carrier shows it out for delivery today.",
        "Open the sign-in page, choose 'Forgot password?' and use the new link within 30 minutes. If it expires again, tell me and I'll send one manually.",
        "I see two charges: one is a pending authorisation that disappears within 3–5 business days. I've flagged it so it won't be captured.",
        "Yes, as long as it hasn't shipped. I've updated order %ORDER% to the new address; you'll get a confirmation e-mail shortly.",
        "Thanks for the report. Version 5.2.1 fixes that crash on Android 14; please update from the Play Store and let me know if it persists.",
        "We ship to Canada in 5–8 business days. Duties are included at checkout, so there are no surprises on delivery.",
        "Lo siento mucho. Envíanos una foto del daño y te mandamos un reemplazo sin coste en 48 horas.",
        "Gehen Sie zu Konto → Abonnement → Kündigen. Sie behalten den Zugang bis zum Ende des Abrechnungszeitraums.",
        "Oui, les articles soldés peuvent être retournés sous 14 jours, mais le remboursement se fait en avoir.",
        "ご注文%ORDER%は本日発送済みです。追跡番号はメールでお送りしました。",
        "为了安全，我们已向您的邮箱发送解锁链接，请在24小时内点击。",
        "Of course. A specialist will call %PHONE% within one business day.",
        "Done: your account e-mail is now %EMAIL%. Please confirm via the link we just sent.",
        "`sync()` needs an API key since 3.0. Try:\n```python\nclient = acme.Client(api_key=os.environ[\"ACME_KEY\"], timeout=%N%)\nclient.sync()\n```\nThat should fix it.",
    ]
    static let systems = [
        "You are a friendly support assistant for Acme. Answer briefly.",
        "You are Acme's multilingual help-desk agent. Reply in the customer's language.",
    ]
    static let names = ["jane.doe", "m.rossi", "li.wei", "a.novak", "k.tanaka", "p.sharma"]

    mutating func fill(_ template: String) -> String {
        var s = template
        while let r = s.range(of: "%ORDER%") { s.replaceSubrange(r, with: "A-\(10000 + next() % 90000)") }
        while let r = s.range(of: "%N%") { s.replaceSubrange(r, with: String(2 + next() % 60)) }
        while let r = s.range(of: "%PHONE%") { s.replaceSubrange(r, with: "+44 20 7946 \(1000 + next() % 9000)") }
        while let r = s.range(of: "%EMAIL%") { s.replaceSubrange(r, with: "\(pick(Generator.names))\(next() % 100)@example.com") }
        return s
    }

    mutating func conversation() -> Conversation {
        var messages: [Message] = [.system(pick(Generator.systems))]
        let turns = 1 + Int(next() % 3)
        for _ in 0..<turns {
            let k = Int(next() % UInt64(Generator.questions.count))
            messages.append(.user(fill(Generator.questions[k])))
            messages.append(.assistant(fill(Generator.answers[k])))
        }
        var m = Metadata()
        m["category"] = .string(pick(["shipping", "billing", "account", "technical", "returns"]))
        return Conversation(messages: messages, metadata: m)
    }
}

func parseSize(_ s: String) -> Int? {
    let u = s.uppercased()
    for (suffix, mult) in [("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000)] where u.hasSuffix(suffix) {
        return Int(u.dropLast(2)).map { $0 * mult }
    }
    return Int(u)
}

let args = Array(CommandLine.arguments.dropFirst())
guard args.first == "generate" else {
    print("usage: sftprep-bench generate --size 100MB [--format jsonl|csv] [--seed N] [--clean] > FILE")
    exit(2)
}
func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}
let target = option("--size").flatMap(parseSize) ?? 100_000_000
let format = option("--format") ?? "jsonl"
let clean = args.contains("--clean")
var gen = Generator(state: UInt64(option("--seed") ?? "1") ?? 1)
OutputStream.ignoreSIGPIPE()
let out = OutputStream(fd: 1, path: "<stdout>")
var written = 0
var previous: [UInt8] = []
var record = 0

do {
    if format == "csv" {
        let header = "ticket_id,created_at,author_type,body,category\n"
        try out.write(header)
        written += header.utf8.count
        while written < target {
            record += 1
            let c = gen.conversation()
            var minute = 0
            for m in c.messages where m.role != .system {
                minute += 1 + Int(gen.next() % 5)
                let body = "\"" + (m.content ?? "").replacingOccurrences(of: "\"", with: "\"\"") + "\""
                let row = "T-\(record),2024-03-04T\(10 + minute / 60):\(String(format: "%02d", minute % 60)):00Z,\(m.role == .user ? "customer" : "agent"),\(body),\(c.metadata.label("category") ?? "")\n"
                try out.write(row)
                written += row.utf8.count
            }
        }
    } else {
        var w = JSONWriter(capacity: 1 << 20)
        while written < target {
            record += 1
            var line: [UInt8]
            if !previous.isEmpty && gen.chance(0.05) {
                line = previous
            } else if !clean && gen.chance(0.002) {
                line = Array("{\"messages\": [{\"role\": \"user\", \"content\": \"truncated record\n".utf8)
            } else {
                line = ChatRecordWriter.upload.line(gen.conversation())
                previous = line
            }
            w.bytes.append(contentsOf: line)
            written += line.count
            if w.bytes.count > 1 << 20 {
                try out.write(w.bytes)
                w.bytes.removeAll(keepingCapacity: true)
            }
        }
        try out.write(w.bytes)
    }
    try out.flush()
} catch {
    exit(0)
}
