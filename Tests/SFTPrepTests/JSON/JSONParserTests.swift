import Testing
@testable import SFTPrep

@Suite struct JSONParserTests {
    @Test func parsesAllValueKindsKeepingKeyOrderAndNumberText() throws {
        let v = try JSONParser.parse(#"{"z":1,"a":[true,false,null],"n":-0.50e+3,"s":"x","big":123456789012345678901234567890}"#)
        let o = try #require(v.objectValue)
        #expect(o.keys == ["z", "a", "n", "s", "big"])
        #expect(o["a"] == .array([.bool(true), .bool(false), .null]))
        #expect(o["n"] == .number("-0.50e+3"))
        #expect(o["big"] == .number("123456789012345678901234567890"))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let v = try JSONParser.parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00\u2028""#)
        #expect(v == .string("a\"b\\c/d\n\té😀\u{2028}"))
    }

    @Test func loneSurrogateBecomesReplacementCharacter() throws {
        #expect(try JSONParser.parse(#""x\ud800y""#) == .string("x\u{FFFD}y"))
        #expect(try JSONParser.parse(#""\udc00""#) == .string("\u{FFFD}"))
    }

    @Test func keepsNonASCIIText() throws {
        #expect(try JSONParser.parse("\"日本語 and émoji 👍🏽\"") == .string("日本語 and émoji 👍🏽"))
    }

    @Test func duplicateKeysReadTheLastValueLikePython() throws {
        let o = try #require(try JSONParser.parse(#"{"a":1,"a":2}"#).objectValue)
        #expect(o["a"] == .number("2"))
    }

    @Test(arguments: [
        (#"{"a":1,}"#, "expected a quoted key"),
        (#"[1,2"#, "unexpected end of input inside an array"),
        (#"{"a" 1}"#, "expected ':'"),
        (#"01"#, "leading zero"),
        (#"1."#, "no digits after '.'"),
        (#""abc"#, "unterminated string"),
        ("\"a\u{01}b\"", "unescaped control character U+0001"),
        (#""\x""#, "invalid escape"),
        (#"{"a":1} x"#, "after the JSON value"),
        (#"tru"#, "expected a value"),
        ("", "unexpected end of input"),
    ])
    func rejectsInvalidJSONWithAReason(input: String, fragment: String) {
        #expect {
            _ = try JSONParser.parse(input)
        } throws: { error in
            (error as? JSONParseError)?.message.contains(fragment) == true
        }
    }

    @Test func reportsTheOffsetOfTheError() {
        do {
            _ = try JSONParser.parse(#"{"a": [1, 2,, 3]}"#)
            Issue.record("expected an error")
        } catch {
            #expect(error.offset == 12)
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect {
            _ = try JSONParser.parse(deep)
        } throws: { error in
            (error as? JSONParseError)?.message.contains("nesting deeper than 512") == true
        }
        let ok = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect((try? JSONParser.parse(ok)) != nil)
    }

    @Test func tenThousandDigitNumberSurvives() throws {
        let digits = String(repeating: "9", count: 10_000)
        #expect(try JSONParser.parse(digits) == .number(digits))
    }
}
