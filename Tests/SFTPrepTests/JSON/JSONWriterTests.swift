import Testing
@testable import SFTPrep

@Suite struct JSONWriterTests {
    private func text(_ v: JSONValue) -> String { v.jsonText }

    @Test func escapesExactlyWhatJSONRequires() {
        #expect(text(.string("q\"b\\n\nr\rt\tb\u{08}f\u{0C}c\u{01}\u{1F}")) == #""q\"b\\n\nr\rt\tb\bf\fc\u0001\u001f""#)
    }

    @Test func keepsNonASCIIAndSlashesAsIs() {
        #expect(text(.string("café / 日本 / 👍 / \u{2028} / \u{7F}")) == "\"café / 日本 / 👍 / \u{2028} / \u{7F}\"")
    }

    @Test func writesObjectsInStoredOrderCompactly() {
        let o = JSONObject([JSONMember("b", .number("1")), JSONMember("a", .array([.null, .bool(true), .string("x")]))])
        #expect(text(.object(o)) == #"{"b":1,"a":[null,true,"x"]}"#)
    }

    @Test func roundTripsThroughTheParser() throws {
        let source = #"{"messages":[{"role":"user","content":"Hi \"there\"\n\ttab é 😀"}],"n":1.50,"e":[],"o":{}}"#
        #expect(try JSONParser.parse(source).jsonText == source)
    }

    @Test func prettyPrintsWithTwoSpaceIndent() {
        var w = JSONWriter()
        w.pretty(.object(JSONObject([JSONMember("a", .array([.number("1")])), JSONMember("b", .object(JSONObject()))])))
        #expect(String(decoding: w.bytes, as: UTF8.self) == "{\n  \"a\": [\n    1\n  ],\n  \"b\": {}\n}")
    }
}

@Suite struct JSONStringScanTests {
    /// Escapes and quotes at every offset around the 8-byte steps of the fast paths.
    @Test func specialBytesAtEveryAlignmentRoundTrip() throws {
        for special in ["\"", "\\", "\n", "\u{01}", "\u{1F}", "é", "😀"] {
            for offset in 0..<20 {
                let text = String(repeating: "a", count: offset) + special + String(repeating: "b", count: 19 - offset)
                let encoded = JSONValue.string(text).jsonText
                #expect(try JSONParser.parse(encoded) == .string(text), "offset \(offset) special \(special.debugDescription)")
                // Only required escapes appear: the encoded form is the text plus quotes when nothing needs escaping.
                if special == "é" || special == "😀" { #expect(encoded == "\"\(text)\"") }
            }
        }
    }

    /// After a first escape the parser copies runs between escapes in bulk: a second special byte at
    /// every offset behind the first, and a raw control byte there is still refused at its offset.
    @Test func secondSpecialByteAfterAnEscapeAtEveryAlignment() throws {
        for special in ["\"", "\\", "\n", "\u{01}", "é", "😀"] {
            for gap in 0..<20 {
                let text = "x\n" + String(repeating: "a", count: gap) + special + String(repeating: "b", count: 19 - gap)
                #expect(try JSONParser.parse(JSONValue.string(text).jsonText) == .string(text), "gap \(gap) special \(special.debugDescription)")
            }
        }
        for gap in 0..<20 {
            let raw = "\"x\\n" + String(repeating: "a", count: gap) + "\u{02}b\""
            do {
                _ = try JSONParser.parse(raw)
                Issue.record("a raw control byte was accepted (gap \(gap))")
            } catch {
                #expect(error.offset == 4 + gap && error.message.contains("U+0002"), "gap \(gap): \(error)")
            }
        }
    }
}
