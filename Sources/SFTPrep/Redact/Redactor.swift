/// Replaces the spans ``PIIScanner`` finds, in one conversation at a time, so
/// numbered placeholders stay consistent inside a conversation.
public struct Redactor: Sendable {
    public let scanner: PIIScanner
    public let mode: RedactionMode

    public init(scanner: PIIScanner = PIIScanner(), mode: RedactionMode = .placeholder) {
        self.scanner = scanner
        self.mode = mode
    }

    /// Per-conversation state for numbered placeholders.
    public struct Numbering: Sendable {
        var numbers: [PIIType: [String: Int]] = [:]
        mutating func number(_ type: PIIType, _ value: String) -> Int {
            if let n = numbers[type]?[value] { return n }
            let n = (numbers[type]?.count ?? 0) + 1
            numbers[type, default: [:]][value] = n
            return n
        }
    }

    /// The text with every span replaced, and the spans found (offsets into the original).
    public func redact(_ text: String, numbering: inout Numbering) -> (String, [PIISpan]) {
        let spans = scanner.scan(text)
        guard !spans.isEmpty else { return (text, []) }
        let b = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var at = 0
        for s in spans {
            out.append(contentsOf: b[at..<s.start])
            let value = String(decoding: b[s.start..<s.end], as: UTF8.self)
            out.append(contentsOf: replacement(for: s.type, value: value, bytes: b[s.start..<s.end], numbering: &numbering).utf8)
            at = s.end
        }
        out.append(contentsOf: b[at...])
        return (String(decoding: out, as: UTF8.self), spans)
    }

    func replacement(for type: PIIType, value: String, bytes: ArraySlice<UInt8>, numbering: inout Numbering) -> String {
        switch mode {
        case .placeholder:
            return "[\(type.rawValue)]"
        case .numbered:
            return "[\(type.rawValue)_\(numbering.number(type, value))]"
        case .hash(let salt):
            let h = XXHash64.hash(Array((salt + "\u{1F}" + type.rawValue + "\u{1F}" + value).utf8))
            let hex = String(h, radix: 16)
            return "[\(type.rawValue)_\(String(repeating: "0", count: 16 - hex.count) + hex)".prefix(type.rawValue.count + 10) + "]"
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
