/// The text repairs `clean` applies to every message, each on by default and
/// each can be turned off (`--skip html,mojibake`). Each is counted in the
/// report by the number of messages it changed.
public enum TextRepair: String, CaseIterable, Sendable {
    /// `\r\n`, lone `\r`, U+2028 and U+2029 become `\n`.
    case lineEndings = "line-endings"
    /// Help-desk HTML becomes text: tags stripped, entities decoded (text that only mentions tags is left alone).
    case html
    /// UTF-8 read as Windows-1252 (`â€™` → `’`, `Ã©` → `é`) is repaired where the bytes decode unambiguously.
    case mojibake
    /// Unicode canonical composition (NFC).
    case nfc
    /// Control characters other than `\n` and `\t` are removed.
    case control
    /// Zero-width and bidirectional control characters are removed (ZWJ/ZWNJ stay: emoji and Indic/Persian scripts need them).
    case invisible
    /// No-break and other odd spaces become plain spaces.
    case spaces
    /// Runs of blank lines collapse to one blank line, outside fenced code blocks.
    case blankLines = "blank-lines"
    /// Leading and trailing whitespace of the message is removed.
    case trim
    /// E-mail quoted history goes: "On … wrote:" with its `>` lines, "-----Original Message-----" and
    /// "From: … Sent: …" blocks (en, de, fr, es, it, pt, nl).
    case quotedHistory = "quoted-history"
    /// "Sent from my iPhone" and the like (en, de, fr, es, it, pt, nl).
    case deviceFooter = "device-footer"
    /// Salesforce thread ids (`ref:_00D….:ref`).
    case threadID = "thread-id"
    /// Confidentiality notices at the end of an e-mail.
    case confidentialityFooter = "confidentiality-footer"
    /// Signature blocks: after "-- ", or the contact lines under a sign-off and a name.
    case signature

    /// `--skip email` turns off every e-mail repair at once.
    public static let email: [TextRepair] = [.quotedHistory, .deviceFooter, .threadID, .confidentialityFooter, .signature]
}
