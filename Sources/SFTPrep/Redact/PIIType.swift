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
    /// A person's name: found in the text by its context (introductions, greetings, titles, sign-offs,
    /// relations, form fields, a first name and a surname together), or a participant's name from the
    /// conversation's metadata (chat exports, author columns); every part of it, wherever it appears in
    /// the conversation.
    case person = "PERSON"
    /// A street address (house number, street and street word) or a postcode with its city.
    case address = "ADDRESS"
    /// A date near words about birth ("date of birth", "born on", "Geburtsdatum", "né le", …).
    case dateOfBirth = "DATE_OF_BIRTH"
    /// A national identity or tax number whose check digits hold (UK NINO, Spanish DNI/NIE, Italian
    /// codice fiscale, French NIR, Dutch BSN, German tax id, Austrian SV-Nr, Brazilian CPF, Indian Aadhaar).
    case nationalID = "NATIONAL_ID"
    /// A passport number next to a word for passport.
    case passport = "PASSPORT"
    /// A user-defined pattern (`--pattern LABEL=REGEX`) or word list (`--words FILE`); the span carries the label.
    case custom = "CUSTOM"

    /// Secrets win over PII when spans overlap (a key inside a URL is a key).
    var priority: Int {
        switch self {
        case .privateKey: return 100
        case .awsKey, .githubToken, .openAIKey, .anthropicKey, .slackToken, .stripeKey, .googleAPIKey, .huggingFaceToken, .jwt: return 90
        case .urlCredentials: return 80
        case .secret: return 70
        case .creditCard, .iban, .usSSN, .nationalID, .passport: return 60
        case .dateOfBirth: return 45
        case .email: return 50
        case .ipAddress: return 40
        case .phone: return 30
        case .custom: return 25
        case .address: return 22
        case .person: return 20
        }
    }

    public static func < (a: PIIType, b: PIIType) -> Bool { a.rawValue < b.rawValue }

    /// The type called `name` in `--types` (also `NAME`, the name of PERSON before 2026-12).
    public init?(named name: String) {
        let key = name.uppercased()
        if key == "NAME" { self = .person; return }
        self.init(rawValue: key)
    }
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
