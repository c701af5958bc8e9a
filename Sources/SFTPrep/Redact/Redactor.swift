/// Replaces the spans ``PIIScanner`` finds, in one conversation at a time, so
/// numbered placeholders stay consistent inside a conversation.
public struct Redactor: Sendable {
    public let scanner: PIIScanner
    public let mode: RedactionMode
    public var terms: CustomTerms

    public init(scanner: PIIScanner = PIIScanner(), mode: RedactionMode = .placeholder, terms: CustomTerms = CustomTerms()) {
        self.scanner = scanner
        self.mode = mode
        self.terms = terms
    }

    /// Built-in findings plus people's names and custom terms, overlaps resolved. `names` are the
    /// conversation's people (participants, and names found in its other messages); with `findNames`,
    /// names this text introduces itself are added (off when the caller has already looked).
    public func find(_ text: String, names: [String] = [], findNames: Bool = true) -> [PIISpan] {
        let people = scanner.mask & PIIScanner.bitOf(.person) != 0
        var names = names
        if people && findNames { names += Redactor.people(in: text) }
        let useNames = people && !names.isEmpty
        let builtIn = scanner.scan(text)
        guard useNames || !terms.words.isEmpty || !terms.patterns.isEmpty else { return builtIn }
        let extra = terms.spans(in: text, names: useNames ? names : [])
        return extra.isEmpty ? builtIn : PIIScanner.resolve(builtIn + extra)
    }

    /// The names of people that `text` itself shows by their context (see ``PersonScanner``).
    public static func people(in text: String) -> [String] {
        var t = text
        // As written (with its particles: "Dean van Drenthe"), so the whole name is found again where it stands.
        return t.withUTF8 { b in PersonScanner.scan(b).map { String(decoding: b[$0.range], as: UTF8.self) } }
    }

    /// Per-conversation state for numbered placeholders.
    public struct Numbering: Sendable {
        var numbers: [String: [String: Int]] = [:]
        /// Person numbers by the words of each name numbered so far.
        var people: [(words: Set<String>, number: Int)] = []

        mutating func number(_ kind: String, _ value: String) -> Int {
            if let n = numbers[kind]?[value] { return n }
            // A person is one number however much of the name is written: "Maria Gonzalez", then "Maria", then "gonzalez".
            if kind == PIIType.person.rawValue {
                let words = Set(value.lowercased().split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
                if let same = people.first(where: { $0.words.isSubset(of: words) || words.isSubset(of: $0.words) }) {
                    numbers[kind, default: [:]][value] = same.number
                    return same.number
                }
                let n = people.count + 1
                people.append((words, n))
                numbers[kind, default: [:]][value] = n
                return n
            }
            let n = (numbers[kind]?.count ?? 0) + 1
            numbers[kind, default: [:]][value] = n
            return n
        }
    }

    /// The text with every span replaced, and the spans found (offsets into the original).
    public func redact(_ text: String, names: [String] = [], findNames: Bool = true, numbering: inout Numbering) -> (String, [PIISpan]) {
        let spans = find(text, names: names, findNames: findNames)
        guard !spans.isEmpty else { return (text, []) }
        let b = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var at = 0
        for s in spans {
            out.append(contentsOf: b[at..<s.start])
            let value = String(decoding: b[s.start..<s.end], as: UTF8.self)
            out.append(contentsOf: replacement(for: s, value: value, bytes: b[s.start..<s.end], numbering: &numbering).utf8)
            at = s.end
        }
        out.append(contentsOf: b[at...])
        return (String(decoding: out, as: UTF8.self), spans)
    }

    func replacement(for span: PIISpan, value: String, bytes: ArraySlice<UInt8>, numbering: inout Numbering) -> String {
        let type = span.type
        let kind = span.name
        switch mode {
        case .placeholder:
            return "[\(kind)]"
        case .numbered:
            return "[\(kind)_\(numbering.number(kind, value))]"
        case .hash(let salt):
            let h = XXHash64.hash(Array((salt + "\u{1F}" + kind + "\u{1F}" + value).utf8))
            let hex = String(h, radix: 16)
            return "[\(kind)_\(String(repeating: "0", count: 16 - hex.count) + hex)".prefix(kind.count + 10) + "]"
        case .mask:
            var keep = 0
            if type == .creditCard { keep = 4 }
            var digitsFromEnd = 0
            var masked: [UInt8] = []
            for c in bytes.reversed() {
                if PIIScanner.isAlnum(c) {
                    if PIIScanner.isDigit(c) && digitsFromEnd < keep { masked.append(c); digitsFromEnd += 1 } else { masked.append(UInt8(ascii: "*")) }
                } else {
                    masked.append(c)
                }
            }
            return String(decoding: masked.reversed(), as: UTF8.self)
        }
    }
}
