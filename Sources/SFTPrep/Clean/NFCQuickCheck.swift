/// Tells, without normalising, that a text is certainly already in NFC, so
/// the (slow, Foundation-bridged) normalisation runs only where it can matter.
///
/// Conservative: a scalar with a non-zero combining class, or from a range
/// that holds characters NFC can change (composing vowel signs of Indic and
/// South-East Asian scripts, Hangul jamo, Greek with tonos, singletons such
/// as the Ohm and Ångström signs, CJK compatibility ideographs), sends the text
/// to full normalisation. Latin, Cyrillic, Arabic letters, CJK, kana and emoji
/// pass the check.
enum NFCQuickCheck {
    static func isCertainlyNFC(_ s: String) -> Bool {
        for scalar in s.unicodeScalars where scalar.value >= 0x0300 {
            let v = scalar.value
            switch v {
            case 0x0300...0x036F, 0x0374...0x037E, 0x0385...0x038F, 0x0900...0x0DFF, 0x0F00...0x0FFF, 0x1000...0x109F,
                 0x1100...0x11FF, 0x1B00...0x1B7F, 0x1F00...0x1FFF, 0x2000...0x2001, 0x2126, 0x212A...0x212B,
                 0x2329...0x232A, 0x2ADC, 0x3099...0x309A, 0xA960...0xA97F, 0xD7B0...0xD7FF, 0xF900...0xFAFF,
                 0xFB1D...0xFB4F, 0x11000...0x1133F, 0x1D15E...0x1D1C0, 0x2F800...0x2FA1F:
                return false
            default:
                if scalar.properties.canonicalCombiningClass != .notReordered { return false }
            }
        }
        return true
    }
}
