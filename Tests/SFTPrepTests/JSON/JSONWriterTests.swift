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
