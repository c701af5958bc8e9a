/// What redaction finds; each has its own placeholder and counter.
public enum PIIType: String, CaseIterable, Sendable, Comparable {
    case email = "EMAIL"
    case phone = "PHONE"
    case creditCard = "CREDIT_CARD"
    case iban = "IBAN"
    case usSSN = "US_SSN"
    case ipAddress = "IP_ADDRESS"
    case urlCredentials = "URL_CREDENTIALS"
    case awsKey = "AWS_KEY"
    case githubToken = "GITHUB_TOKEN"
    case openAIKey = "OPENAI_KEY"
    case anthropicKey = "ANTHROPIC_KEY"
    case slackToken = "SLACK_TOKEN"
    case stripeKey = "STRIPE_KEY"
    case googleAPIKey = "GOOGLE_API_KEY"
    case huggingFaceToken = "HF_TOKEN"
    case jwt = "JWT"
    case privateKey = "PRIVATE_KEY"
    case secret = "SECRET"
    /// A participant's name from the conversation's metadata (chat exports, CSV author columns).
    case name = "NAME"
    /// A user-defined pattern (`--pattern LABEL=REGEX`) or word list (`--words FILE`); the span carries the label.
    case custom = "CUSTOM"

    /// Secrets win over PII when spans overlap (a key inside a URL is a key).
    var priority: Int {
        switch self {
        case .privateKey: return 100
        case .awsKey, .githubToken, .openAIKey, .anthropicKey, .slackToken, .stripeKey, .googleAPIKey, .huggingFaceToken, .jwt: return 90
        case .urlCredentials: return 80
        case .secret: return 70
        case .creditCard, .iban, .usSSN: return 60
        case .email: return 50
        case .ipAddress: return 40
        case .phone: return 30
        case .custom: return 25
        case .name: return 20
        }
    }

    public static func < (a: PIIType, b: PIIType) -> Bool { a.rawValue < b.rawValue }
}

/// A found span: UTF-8 byte offsets into the text, and its type.
public struct PIISpan: Equatable, Sendable {
    public var start: Int
    public var end: Int
    public var type: PIIType
    /// The user's label for a custom span (`ORDER_ID`); nil for built-in types.
    public var label: String? = nil

    /// What the placeholder and the counters call it.
    public var name: String { label ?? type.rawValue }
}
