/// Writes compact JSON into a byte buffer, keys in the order given.
///
/// Escapes exactly what JSON requires (`"`, `\`, and control characters below
/// U+0020) and copies every other byte, non-ASCII UTF-8 included, in runs.
/// Fixed key order is what makes output byte-identical from run to run.
public struct JSONWriter {
    /// The bytes written so far.
    public var bytes: [UInt8]

    public init(capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends raw ASCII text such as punctuation or a literal key.
    @inline(__always) public mutating func raw(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    @inline(__always) public mutating func byte(_ b: UInt8) { bytes.append(b) }

    /// Appends a quoted, escaped JSON string.
    public mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { appendEscaped($0) }
    }

    /// Appends `"key":` — the key is written escaped.
    public mutating func key(_ k: String) {
        string(k)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Appends an integer.
    public mutating func int(_ v: Int) {
        bytes.append(contentsOf: String(v).utf8)
    }

    /// Appends a finite double as JSON (non-finite values become null).
    public mutating func double(_ v: Double) {
        guard v.isFinite else { raw("null"); return }
        if v == v.rounded(), abs(v) < 1e15 { int(Int(v)); return }
        bytes.append(contentsOf: "\(v)".utf8)
    }

    public mutating func bool(_ v: Bool) {
        if v { raw("true") } else { raw("false") }
    }

    /// Appends any JSON value, objects in their stored key order.
    public mutating func value(_ v: JSONValue) {
        switch v {
        case .null: raw("null")
        case .bool(let b): bool(b)
        case .number(let n): bytes.append(contentsOf: n.utf8)
        case .string(let s): string(s)
        case .array(let items):
            byte(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { byte(UInt8(ascii: ",")) }
                value(item)
            }
            byte(UInt8(ascii: "]"))
        case .object(let o): object(o)
        }
    }

    public mutating func object(_ o: JSONObject) {
        byte(UInt8(ascii: "{"))
        for (i, m) in o.members.enumerated() {
            if i > 0 { byte(UInt8(ascii: ",")) }
            key(m.key)
            value(m.value)
        }
        byte(UInt8(ascii: "}"))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func appendEscaped(_ src: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        var i = 0
        let n = src.count
        guard let base = src.baseAddress else {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        while i < n {
            if i + 8 <= n, !ByteScan.hasQuoteBackslashOrControl(ByteScan.word(base, i)) {
                i += 8
                continue
            }
            let b = src[i]
            if b >= 0x20 && b != 0x22 && b != 0x5C { i += 1; continue }
            if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: src[runStart..<i])) }
            switch b {
            case 0x22: bytes.append(0x5C); bytes.append(0x22)
            case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
            case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
            case 0x08: bytes.append(0x5C); bytes.append(UInt8(ascii: "b"))
            case 0x0C: bytes.append(0x5C); bytes.append(UInt8(ascii: "f"))
            default:
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(JSONWriter.hexDigits[Int(b >> 4)])
                bytes.append(JSONWriter.hexDigits[Int(b & 0xF)])
            }
            i += 1
            runStart = i
        }
        if runStart < n { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: src[runStart..<n])) }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    /// Compact JSON text of this value.
    public var jsonText: String {
        var w = JSONWriter()
        w.value(self)
        return String(decoding: w.bytes, as: UTF8.self)
    }
}
