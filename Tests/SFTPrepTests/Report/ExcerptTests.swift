import Testing
@testable import SFTPrep

@Suite struct ExcerptTests {
    @Test func valuesAreMaskedKeepingTheirEndsAndSeparators() {
        #expect(Excerpt.masked("+44 7700 900123") == "+44 •••• •••123")
        #expect(Excerpt.masked("tom.becker@example.org") == "tom.••••••@•••••••.org")
        #expect(Excerpt.masked("Maria") == "•••••")
        #expect(Excerpt.masked("Jordan") == "J••••n")
    }

    @Test func aRedactionShowsTheSpanMaskedBeforeAndAsItsPlaceholderAfter() {
        let text = "Hi, call me on +44 7700 900123 or mail tom@example.org please"
        let phone = PIISpan(start: 15, end: 30, type: .phone)
        let email = PIISpan(start: 39, end: 54, type: .email)
        let e = Excerpt.redaction(text, [phone, email], first: phone)
        #expect(e.before == "Hi, call me on +44 •••• •••123 or mail tom@•••••••.org please")
        #expect(e.after == "Hi, call me on [PHONE] or mail [EMAIL] please")
        // A span the window would cut is left out whole, never shown in part.
        let long = String(repeating: "word ", count: 20) + "call +44 7700 900123 now and " + String(repeating: "x", count: 40) + " a@b.example.org"
        let p = PIISpan(start: 105, end: 120, type: .phone)
        let m = PIISpan(start: 170, end: 185, type: .email)
        let cut = Excerpt.redaction(long, [p, m], first: p)
        #expect(!cut.before.contains("@"))
        #expect(cut.before.hasPrefix("…") && cut.before.contains("+44 •••• •••123"))
    }

    @Test func aChangeShowsWhereTheTextDiffersWithInvisibleCharactersNamed() {
        let e = Excerpt.change("\u{200B}Can I get a refund? ", "Can I get a refund?")
        #expect(e.before == "⟨U+200B⟩Can I get a refund?␣")
        #expect(e.after == "Can I get a refund?")
        let html = Excerpt.change("<p>Hi team,</p><p>Thanks</p>", "Hi team,\n\nThanks")
        #expect(html.before == "<p>Hi team,</p><p>Thanks</p>" && html.after == "Hi team,⏎⏎Thanks")
    }
}
