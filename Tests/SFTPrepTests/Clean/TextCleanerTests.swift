import Testing
@testable import SFTPrep

@Suite struct TextCleanerTests {
    private func clean(_ s: String, _ enabled: Set<TextRepair> = Set(TextRepair.allCases)) -> (String, [TextRepair]) {
        let r = TextCleaner(enabled: enabled).clean(s)
        return (r.text, r.changed)
    }

    @Test func cleanASCIITextIsUntouched() {
        let s = "Open Settings → Billing.\n\nThen click \"Cancel\"."
        #expect(clean(s) == (s, []))
    }

    @Test func lineEndingsAndTrim() {
        #expect(clean("  a\r\nb\rc\u{2028}d  \n") == ("a\nb\nc\nd", [.lineEndings, .trim]))
    }

    @Test func controlInvisibleAndOddSpaces() {
        let s = "A\u{0007}B\u{200B}C\u{00A0}D\u{202F}E\u{FEFF}F\u{202E}G\u{0085}H\tI"
        #expect(clean(s) == ("ABC D EFGH\tI", [.control, .invisible, .spaces]))
    }

    @Test func emojiJoinersAndPersianNonJoinersSurvive() {
        let family = "👨‍👩‍👧 family, می‌خواهم"
        #expect(clean(family).0 == family)
    }

    @Test(arguments: [
        ("Itâ€™s here", "It’s here"),
        ("cafÃ©", "café"),
        ("Ã¼ber â€œquotesâ€\u{9D} â€” dash", "über “quotes” — dash"),
        ("ðŸ˜€ emoji", "😀 emoji"),
        ("Â£20", "£20"),
        ("Ã©tÃ© Ã", "été Ã"),
        ("ðŸ˜€ðŸ˜", "😀ðŸ˜"),
    ])
    func repairsMojibake(broken: String, fixed: String) {
        let (text, changed) = clean(broken)
        #expect(text == fixed)
        #expect(changed.contains(.mojibake))
    }

    @Test(arguments: ["naïve café", "Ärger über São Paulo", "Ñandú", "Åsa Øre", "Â is a letter", "Ã alone", "cut â€", "Ã"])
    func leavesGenuineAccentsAlone(text: String) {
        #expect(clean(text, [.mojibake]) == (text, []))
    }

    @Test func nfcComposes() {
        #expect(clean("Cafe\u{0301}", [.nfc]) == ("Café", [.nfc]))
    }

    @Test func helpDeskHTMLBecomesText() {
        let html = "<p>Hi&nbsp;Sam,</p><p>Your order <b>#123</b> ships today &amp; arrives soon.</p><ul><li>Item one</li><li>Item two</li></ul><div>Thanks,<br>Kim</div><script>track()</script><!-- sig -->"
        #expect(clean(html).0 == "Hi Sam,\n\nYour order #123 ships today & arrives soon.\n\n- Item one\n- Item two\nThanks,\nKim")
    }

    @Test func textMentioningTagsIsNotHTML() {
        let s = "Wrap it in a `<div>` and close it with `</div>`."
        #expect(clean(s) == (s, []))
        let fenced = "Use this:\n```html\n<p>Hello</p>\n<br>\n```"
        #expect(clean(fenced) == (fenced, []))
        let prose = "If a < b and c > d, use the <b> tag."
        #expect(clean(prose) == (prose, []))
    }

    @Test func blankLinesCollapseButCodeBlocksSurviveByteForByte() {
        let code = "```python\ndef f():\n\n\n\n    return 1\n```"
        let s = "Intro\n\n\n\nTry:\n\n" + code + "\n\n\n\nDone"
        #expect(clean(s) == ("Intro\n\nTry:\n\n" + code + "\n\nDone", [.blankLines]))
    }

    @Test func eachRepairCanBeTurnedOff() {
        let s = " <p>x</p><p>y</p> "
        #expect(clean(s, Set(TextRepair.allCases).subtracting([.html, .trim])).0 == s)
    }
}

@Suite struct RepairPrefilterTests {
    /// The prefilters only skip work: on random text made of troublesome pieces,
    /// the cleaner gives exactly what it gives with every repair forced to run.
    @Test func prefilteredCleaningEqualsUnfilteredCleaning() {
        let pieces = ["a", "Z", " ", "  ", "\t", "\n", "\n\n", "\n  \n", "\r\n", "\r", "’", "—", "é", "e\u{0301}", "Ã©", "â€™", "Â", "\u{00A0}",
                      "\u{200B}", "\u{200D}", "\u{2028}", "\u{0007}", "\u{0085}", "\u{FEFF}", "\u{202E}", "<p>", "</p>", "<br>", "&amp;", "<",
                      "```", "日本", "👍🏽", "\u{212B}", "ü", "x\n", "\u{061C}", "\u{1680}", "\u{180E}", "\u{2060}", "\u{00AD}",
                      "\u{2003}", "\u{0600}", "Привет", "word ", " \t",
                      // Long printable ASCII runs, so the eight-byte skip runs into each piece above at every alignment.
                      "plain text, nothing to see", "x = y + 1; // ok", "abcdefg", "0123456789ABCDEFGHIJ"]
        var state: UInt64 = 12345
        var fast = TextCleaner()
        var reference = TextCleaner()
        reference.usePrefilter = false
        fast.usePrefilter = true
        for _ in 0..<3000 {
            var s = ""
            state = StableHash.mix(state)
            let length = Int(state % 16)
            for _ in 0..<length {
                state = StableHash.mix(state)
                s += pieces[Int(state % UInt64(pieces.count))]
            }
            let a = fast.clean(s), b = reference.clean(s)
            #expect(a.text == b.text, "input \(s.debugDescription)")
            #expect(Set(a.changed) == Set(b.changed), "input \(s.debugDescription)")
        }
    }
}
