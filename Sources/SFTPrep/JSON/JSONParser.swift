/// A strict RFC 8259 JSON parser over UTF-8 bytes.
///
/// Written by hand because `JSONSerialization` tops out near 150 MB/s on chat
/// records and reorders keys. Strings without escapes are created straight from
/// their bytes; nesting is limited (``maxDepth``) so hostile input cannot exhaust
/// the stack. The caller validates UTF-8 first; invalid sequences that slip
/// through decode as U+FFFD rather than crash.
public struct JSONParser {
    /// Deepest nesting accepted. Chat records nest 5 or 6 levels; tool schemas a few more.
    public static let maxDepth = 512

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var pos = 0
    private var depth = 0
    private var scratch: [UInt8] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Parses exactly one JSON value filling `bytes` (surrounding whitespace allowed).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSONValue {
        var p = JSONParser(bytes)
        p.skipWhitespace()
        let v = try p.parseValue()
        p.skipWhitespace()
        if p.pos != bytes.count {
            throw JSONParseError(offset: p.pos, message: "unexpected \(p.describe(p.pos)) after the JSON value")
        }
        return v
    }

    /// Parses one JSON value from an array of bytes.
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        var result: Result<JSONValue, JSONParseError> = .success(.null)
        bytes.withUnsafeBufferPointer { buf in
            do throws(JSONParseError) { result = .success(try parse(buf)) } catch { result = .failure(error) }
        }
        return try result.get()
    }

    /// Parses one JSON value from a string.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    // MARK: - Grammar

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard pos < bytes.count else { throw JSONParseError(offset: pos, message: "unexpected end of input, expected a value") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return .object(try parseObject())
        case UInt8(ascii: "["): return .array(try parseArray())
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw JSONParseError(offset: pos, message: "unexpected \(describe(pos)), expected a value")
        }
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > JSONParser.maxDepth {
            throw JSONParseError(offset: pos, message: "nesting deeper than \(JSONParser.maxDepth) levels")
        }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONObject {
        try enter()
        pos += 1
        var members: [JSONMember] = []
        members.reserveCapacity(4)  // most objects are small: one allocation instead of two or three
        skipWhitespace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") {
            pos += 1; depth -= 1
            return JSONObject(members)
        }
        while true {
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else {
                throw JSONParseError(offset: pos, message: "expected a quoted key, found \(describe(pos))")
            }
            let key = try parseString()
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else {
                throw JSONParseError(offset: pos, message: "expected ':' after key \"\(key)\", found \(describe(pos))")
            }
            pos += 1
            skipWhitespace()
            let value = try parseValue()
            members.append(JSONMember(key, value))
            skipWhitespace()
            guard pos < bytes.count else { throw JSONParseError(offset: pos, message: "unexpected end of input inside an object") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; break }
            throw JSONParseError(offset: pos, message: "expected ',' or '}' in an object, found \(describe(pos))")
        }
        depth -= 1
        return JSONObject(members)
    }

    private mutating func parseArray() throws(JSONParseError) -> [JSONValue] {
        try enter()
        pos += 1
        var items: [JSONValue] = []
        items.reserveCapacity(8)
        skipWhitespace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") {
            pos += 1; depth -= 1
            return items
        }
        while true {
            skipWhitespace()
            items.append(try parseValue())
            skipWhitespace()
            guard pos < bytes.count else { throw JSONParseError(offset: pos, message: "unexpected end of input inside an array") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; break }
            throw JSONParseError(offset: pos, message: "expected ',' or ']' in an array, found \(describe(pos))")
        }
        depth -= 1
        return items
    }

    /// Reads the string that starts at the current `"` (escapes decoded).
    mutating func parseString() throws(JSONParseError) -> String {
        let start = pos
        pos += 1
        let runStart = pos
        // Fast path: no escapes — build the String straight from the bytes.
        let base = bytes.baseAddress!
        while pos < bytes.count {
            if pos + 8 <= bytes.count, !ByteScan.hasQuoteBackslashOrControl(ByteScan.word(base, pos)) {
                pos += 8
                continue
            }
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart..<pos]), as: UTF8.self)
                pos += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw JSONParseError(offset: pos, message: "unescaped control character U+\(hex4(UInt32(b))) in a string") }
            pos += 1
        }
        guard pos < bytes.count else { throw JSONParseError(offset: start, message: "unterminated string") }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<pos]))
        while pos < bytes.count {
            // The bytes up to the next quote, backslash or control byte, in one append.
            var end = pos
            while end + 8 <= bytes.count, !ByteScan.hasQuoteBackslashOrControl(ByteScan.word(base, end)) { end += 8 }
            while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 { end += 1 }
            if end > pos {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[pos..<end]))
                pos = end
                guard pos < bytes.count else { break }
            }
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if b < 0x20 { throw JSONParseError(offset: pos, message: "unescaped control character U+\(hex4(UInt32(b))) in a string") }
            pos += 1
            guard pos < bytes.count else { break }
            let e = bytes[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""): scratch.append(0x22)
            case UInt8(ascii: "\\"): scratch.append(0x5C)
            case UInt8(ascii: "/"): scratch.append(0x2F)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try readHex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    // A high surrogate must be followed by an escaped low surrogate.
                    if pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") {
                        let save = pos
                        pos += 2
                        let low = try readHex4()
                        if (0xDC00...0xDFFF).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            pos = save
                            scalar = 0xFFFD
                        }
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    scalar = 0xFFFD
                }
                appendUTF8(scalar)
            default:
                throw JSONParseError(offset: pos - 2, message: "invalid escape '\\\(Character(Unicode.Scalar(e)))' in a string")
            }
        }
        throw JSONParseError(offset: start, message: "unterminated string")
    }

    private mutating func readHex4() throws(JSONParseError) -> UInt32 {
        guard pos + 4 <= bytes.count else { throw JSONParseError(offset: pos, message: "truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[pos]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw JSONParseError(offset: pos, message: "invalid hex digit in \\u escape")
            }
            v = v << 4 | d
            pos += 1
        }
        return v
    }

    private mutating func appendUTF8(_ s: UInt32) {
        if s < 0x80 {
            scratch.append(UInt8(s))
        } else if s < 0x800 {
            scratch.append(UInt8(0xC0 | (s >> 6)))
            scratch.append(UInt8(0x80 | (s & 0x3F)))
        } else if s < 0x10000 {
            scratch.append(UInt8(0xE0 | (s >> 12)))
            scratch.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (s & 0x3F)))
        } else {
            scratch.append(UInt8(0xF0 | (s >> 18)))
            scratch.append(UInt8(0x80 | ((s >> 12) & 0x3F)))
            scratch.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (s & 0x3F)))
        }
    }

    private mutating func parseNumber() throws(JSONParseError) -> String {
        let start = pos
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < bytes.count, isDigit(bytes[pos]) else { throw JSONParseError(offset: start, message: "invalid number") }
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < bytes.count, isDigit(bytes[pos]) { throw JSONParseError(offset: start, message: "invalid number: leading zero") }
        } else {
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            guard pos < bytes.count, isDigit(bytes[pos]) else { throw JSONParseError(offset: start, message: "invalid number: no digits after '.'") }
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            pos += 1
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            guard pos < bytes.count, isDigit(bytes[pos]) else { throw JSONParseError(offset: start, message: "invalid number: no digits in exponent") }
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
    }

    private mutating func expectLiteral(_ word: StaticString) throws(JSONParseError) {
        let n = word.utf8CodeUnitCount
        let w = UnsafeBufferPointer(start: word.utf8Start, count: n)
        guard pos + n <= bytes.count, UnsafeBufferPointer(rebasing: bytes[pos..<pos + n]).elementsEqual(w) else {
            throw JSONParseError(offset: pos, message: "unexpected \(describe(pos)), expected a value")
        }
        pos += n
    }

    @inline(__always) private func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }

    /// Skips whitespace, then takes `byte` if it is next.
    @inline(__always) mutating func take(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard pos < bytes.count, bytes[pos] == byte else { return false }
        pos += 1
        return true
    }

    /// Skips whitespace, then reads a string if one is next.
    @inline(__always) mutating func takeString() -> String? {
        skipWhitespace()
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { return nil }
        return try? parseString()
    }

    @inline(__always) mutating func skipWhitespace() {
        while pos < bytes.count {
            let b = bytes[pos]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { pos += 1 } else { return }
        }
    }

    private func describe(_ at: Int) -> String {
        guard at < bytes.count else { return "end of input" }
        let b = bytes[at]
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x\(String(b, radix: 16, uppercase: true))"
    }

    private func hex4(_ v: UInt32) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }
}
