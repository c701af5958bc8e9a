// sftprep-bench: writes realistic synthetic corpora for benchmarks.
//
//   swift run -c release sftprep-bench generate --size 100MB --format jsonl > corpus.jsonl
//   swift run -c release sftprep-bench generate --size 20MB --format csv > tickets.csv
//
// Output is deterministic for a --seed: support conversations in several
// languages, some with code blocks, e-mail addresses and phone numbers,
// with PII in 10% of conversations, 5% exact and 3% near duplicates, and a few
// junk records (JSON that is not a usable example, so jq reads the same file;
// none with --clean). `sftprep-bench run` generates a corpus and times sftprep
// on it, stage by stage, next to jq.
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

    /// A conversation of 1–3 exchanges: mostly composed support answers (distinct from one
    /// another), some multilingual or code-bearing template exchanges with PII filled in.
    mutating func conversation() -> Conversation {
        var messages: [Message] = [.system(pick(Generator.systems))]
        let turns = 1 + Int(next() % 3)
        var composer = DedupCorpus(gen: self)
        for _ in 0..<turns {
            if chance(0.7) {
                messages.append(.user(composer.question()))
                messages.append(.assistant(composer.answer()))
            } else {
                let k = Int(next() % UInt64(Generator.questions.count))
                messages.append(.user(fill(Generator.questions[k]) + " " + composer.question()))
                messages.append(.assistant(fill(Generator.answers[k]) + "\n\n" + composer.answer()))
            }
        }
        state = composer.gen.state
        if chance(0.10), let u = messages.lastIndex(where: { $0.role == .user }) {
            let pii = [
                "You can reach me at \(pick(Generator.names))\(next() % 1000)@example.org or +1 415 555 \(1000 + next() % 9000).",
                "My card is 4111 1111 1111 1111, expiry 09/27.",
                "Please refund to IBAN DE89 3704 0044 0532 0130 00.",
                "My server is at 203.0.113.\(next() % 250 + 1), key AKIA\(String(repeating: "QX7Z", count: 4)).",
            ]
            messages[u].content = (messages[u].content ?? "") + " " + pick(pii)
        }
        var m = Metadata()
        m["category"] = .string(pick(["shipping", "billing", "account", "technical", "returns"]))
        return Conversation(messages: messages, metadata: m)
    }
}


/// A labelled corpus for measuring deduplication: every record carries its
/// cluster and kind in metadata. Kinds: `original`, `exact` (identical copy),
/// `cosmetic` (case, spacing and punctuation changed), `near` (about 1% of the
/// answer's words replaced, at least one), and `distinct` (same system prompt
/// and question as an original, a different answer: must be kept).
struct DedupCorpus {
    var gen: Generator
    static let products = ["router", "kettle", "backpack", "headset", "smart watch", "desk lamp", "blender", "e-reader", "tent", "jacket",
                           "vacuum cleaner", "phone case", "coffee grinder", "monitor", "keyboard", "sleeping bag", "air fryer", "drone", "speaker", "printer"]
    static let problems = ["stopped charging", "arrived with a cracked lid", "keeps disconnecting", "makes a loud rattling noise", "shows error E4",
                           "was missing the manual", "is the wrong colour", "overheats after an hour", "will not pair with my phone", "smells of burnt plastic",
                           "has a stuck button", "was delivered to the wrong address", "lost its settings after the update", "drains the battery overnight"]
    static let actions = ["reset it by holding the power button for ten seconds", "update the firmware from the companion app", "send us a photo of the serial label",
                          "try a different cable and wall socket", "remove it from your Bluetooth list and pair it again", "pack it in the original box for the courier",
                          "check that the vents are not blocked", "clean the contacts with a dry cloth", "switch it off and leave it unplugged for a minute",
                          "register it on our warranty page", "book a repair slot at your nearest store", "print the prepaid return label from your account"]
    static let outcomes = ["we will ship a replacement the same day", "the refund reaches your card within five business days", "a technician will call you tomorrow morning",
                           "the courier collects it free of charge", "you will get a voucher for your next order", "the warranty covers the repair in full",
                           "we extend your warranty by six months", "you can keep the faulty one", "we will e-mail you the tracking link", "the exchange is free of charge"]
    static let closings = ["Let me know if anything else comes up.", "Thanks for your patience.", "Sorry again for the trouble.", "Have a great day!",
                           "We appreciate you choosing us.", "Feel free to reply to this message.", "I hope this helps.", "Happy to help any time."]
    static let fillers = ["quickly", "usually", "normally", "also", "then", "first", "please", "kindly", "simply", "carefully", "now", "today"]
    static let systems = [
        "You are Acme's customer support assistant. Answer politely, in two to five sentences, and never promise anything outside the warranty terms. Use the customer's language and keep a friendly, professional tone throughout the conversation.",
        "You are a help-desk agent for Acme Electronics. Be concise and concrete. Offer a fix first, then a replacement or refund if the fix does not work.",
    ]

    mutating func question() -> String {
        "Hi, my \(gen.pick(Self.products)) \(gen.pick(Self.problems)) since \(gen.pick(["yesterday", "last week", "Monday", "this morning", "the update"])). What should I do?"
    }

    mutating func answer() -> String {
        var parts: [String] = []
        parts.append("I'm sorry to hear that your \(gen.pick(Self.products)) \(gen.pick(Self.problems)).")
        parts.append("Could you \(gen.pick(Self.fillers)) \(gen.pick(Self.actions))?")
        parts.append("If that does not help, \(gen.pick(Self.fillers)) \(gen.pick(Self.actions)), and \(gen.pick(Self.outcomes)).")
        parts.append("In most cases \(gen.pick(Self.outcomes)), so \(gen.pick(Self.fillers)) \(gen.pick(Self.actions)).")
        if gen.chance(0.5) { parts.append("Otherwise \(gen.pick(Self.outcomes)) once you \(gen.pick(Self.actions)).") }
        parts.append(gen.pick(Self.closings))
        return parts.joined(separator: " ")
    }

    func record(_ system: String, _ q: String, _ a: String, cluster: Int, kind: String, id: Int) -> [UInt8] {
        var m = Metadata()
        m.id = "r\(id)"
        m["cluster"] = .number(String(cluster))
        m["kind"] = .string(kind)
        return ChatRecordWriter.pipe.line(Conversation(messages: [.system(system), .user(q), .assistant(a)], metadata: m))
    }

    mutating func cosmetic(_ s: String) -> String {
        var out = gen.chance(0.5) ? s.uppercased() : s.lowercased()
        out = out.replacingOccurrences(of: ", ", with: " ,  ").replacingOccurrences(of: ".", with: "!").replacingOccurrences(of: "'", with: "’")
        return "  " + out + " "
    }

    /// Replaces about 1% of the words (at least one) with other words.
    mutating func near(_ s: String) -> String {
        var words = s.split(separator: " ").map(String.init)
        let changes = max(1, words.count / 100)
        for _ in 0..<changes {
            let i = Int(gen.next() % UInt64(words.count))
            words[i] = gen.pick(["very", "really", "also", "gladly", "promptly", "surely"])
        }
        return words.joined(separator: " ")
    }

    mutating func write(originals: Int, to out: SFTPrep.OutputStream) throws {
        var id = 0
        var pending: [(Int, String, String, String, String)] = []   // (cluster, kind, system, q, a) emitted later, interleaved
        for cluster in 0..<originals {
            let system = gen.pick(Self.systems)
            let q = question()
            let a = answer()
            try out.write(record(system, q, a, cluster: cluster, kind: "original", id: id)); id += 1
            let roll = gen.next() % 100
            if roll < 10 { pending.append((cluster, "exact", system, q, a)) }
            else if roll < 20 { pending.append((cluster, "cosmetic", cosmetic(system), cosmetic(q), cosmetic(a))) }
            else if roll < 35 { pending.append((cluster, "near", system, q, near(a))) }
            else if roll < 45 { pending.append((-1, "distinct", system, q, answer())) }
            // Copies appear a little later in the file, as they do in real exports.
            if pending.count > 20 || cluster == originals - 1 {
                for p in pending {
                    let c = p.0 >= 0 ? p.0 : originals + id
                    try out.write(record(p.2, p.3, p.4, cluster: c, kind: p.1, id: id)); id += 1
                }
                pending.removeAll()
            }
        }
    }
}

let args = Array(CommandLine.arguments.dropFirst())
if args.first == "targets-table" {
    // The rule × target table of docs/guide/targets.md, from the profiles (a test checks the page holds exactly this).
    print(TargetRuleTable.markdown(), terminator: "")
    exit(0)
}
guard ["generate", "dedup-corpus", "run"].contains(args.first ?? "") else {
    print("usage: sftprep-bench generate --size 100MB [--format jsonl|csv] [--seed N] [--clean] > FILE")
    print("       sftprep-bench dedup-corpus [--originals N] [--seed N] > FILE")
    print("       sftprep-bench run --size 1GB [--seed N] [--dir /tmp/sftprep-bench] [--sftprep PATH]")
    print("       sftprep-bench targets-table > table.md")
    exit(2)
}
func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}
if args.first == "run" {
    let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    let sibling = me.deletingLastPathComponent().appendingPathComponent("sftprep").path
    benchRun(size: option("--size").flatMap(ByteSize.parse) ?? 100_000_000, seed: option("--seed") ?? "1",
             directory: option("--dir") ?? "/tmp/sftprep-bench", sftprep: option("--sftprep") ?? sibling, bench: me.path)
    exit(0)
}
let target = option("--size").flatMap(ByteSize.parse) ?? 100_000_000
let format = option("--format") ?? "jsonl"
let clean = args.contains("--clean")
var gen = Generator(state: UInt64(option("--seed") ?? "1") ?? 1)
OutputStream.ignoreSIGPIPE()
let out = OutputStream(fd: 1, path: "<stdout>")
var written = 0
var previous: [UInt8] = []
var previousConversation: Conversation?
var record = 0

do {
    if args.first == "dedup-corpus" {
        var corpus = DedupCorpus(gen: gen)
        try corpus.write(originals: Int(option("--originals") ?? "10000") ?? 10000, to: out)
    } else if format == "csv" {
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
            } else if var near = previousConversation, gen.chance(0.03) {
                // A near duplicate: one word of the last answer changed.
                let a = near.messages.count - 1
                var words = (near.messages[a].content ?? "").split(separator: " ").map(String.init)
                words[Int(gen.next() % UInt64(words.count))] = gen.pick(["really", "gladly", "promptly", "surely"])
                near.messages[a].content = words.joined(separator: " ")
                line = ChatRecordWriter.upload.line(near)
            } else if !clean && gen.chance(0.005) {
                line = Array(gen.pick([
                    #"{"messages":[{"role":"user","content":"Is anyone there?"}]}"#,
                    #"{"messages":[{"role":"moderator","content":"Thread locked."},{"role":"assistant","content":"OK"}]}"#,
                    #"{"messages":[]}"#,
                    #"{"prompt":"orphan prompt without an answer"}"#,
                    #"{"messages":[{"role":"user","content":""},{"role":"assistant","content":"   "}]}"#,
                ]).utf8) + [0x0A]
            } else {
                let c = gen.conversation()
                line = ChatRecordWriter.upload.line(c)
                previous = line
                previousConversation = c
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
