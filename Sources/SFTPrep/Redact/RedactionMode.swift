/// How a found span is replaced.
public enum RedactionMode: Sendable, Equatable {
    /// `[EMAIL]`, `[PHONE]`, …
    case placeholder
    /// `[EMAIL_1]`, the same value getting the same number throughout a conversation.
    case numbered
    /// Same length and separators, letters and digits as `*`; a card keeps its last four digits.
    case mask
    /// `[EMAIL_3fa9c1d2]`: a salted, stable pseudonym (the same value, the same pseudonym, in every run).
    case hash(salt: String)
}
