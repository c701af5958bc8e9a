/// The input formats sftprep reads. Detected per file; `--format NAME` forces one.
public enum InputFormat: String, Sendable, CaseIterable, Equatable {
    /// OpenAI chat JSONL: `{"messages":[{"role":…,"content":…}]}` (also sftprep's own pipe format).
    case openai
    /// ShareGPT: `{"conversations":[{"from":"human","value":…}]}`, JSON array or JSONL.
    case sharegpt
    /// Alpaca: `instruction`, `input`, `output`, optional `system`.
    case alpaca
    /// Legacy OpenAI `prompt`/`completion` JSONL.
    case promptCompletion = "prompt-completion"
    /// Question/answer style pairs: `question`/`answer`, `input`/`output`, `query`/`response`.
    case pairs
    /// CSV or TSV, one row per example or one row per message.
    case csv
    /// Plain-text `Speaker: text` transcripts.
    case transcript
    /// ChatGPT data export (`conversations.json`).
    case chatgpt
    /// WhatsApp "Export chat" text (Android and iOS, any locale).
    case whatsapp
    /// Slack workspace export (a folder with `users.json` and `channels.json`).
    case slack
    /// DiscordChatExporter JSON or CSV.
    case discord
    /// Telegram Desktop `result.json` (one chat or a full export).
    case telegram
    /// Zendesk tickets with comments (JSON export, Ticket Comments API).
    case zendesk
    /// Freshdesk tickets with conversations.
    case freshdesk
    /// Intercom conversations with conversation parts.
    case intercom
    /// Help Scout conversations with threads.
    case helpscout
    /// Front conversation messages.
    case front
    /// HubSpot conversation thread messages.
    case hubspot
    /// Gorgias tickets and ticket messages.
    case gorgias
    /// Crisp conversation messages.
    case crisp
    /// LiveChat archived chats.
    case livechat

    /// Whether this is a help-desk tool's export (read by a ``HelpDeskFormat``).
    public var isHelpDesk: Bool { HelpDeskFormats.format(named: self) != nil }

    /// The formats whose records are JSON objects.
    public var isJSONRecordFormat: Bool {
        switch self {
        case .openai, .sharegpt, .alpaca, .promptCompletion, .pairs, .chatgpt: return true
        case .zendesk, .freshdesk, .intercom, .helpscout, .front, .hubspot, .gorgias, .crisp, .livechat: return true
        case .csv, .transcript, .whatsapp, .slack, .discord, .telegram: return false
        }
    }

    /// Accepts the canonical names plus a few obvious aliases (`chat`, `jsonl`, `tsv`, `qa`).
    public init?(name: String) {
        switch name.lowercased() {
        case "openai", "chat", "messages", "jsonl": self = .openai
        case "sharegpt": self = .sharegpt
        case "alpaca": self = .alpaca
        case "prompt-completion", "prompt_completion", "completion": self = .promptCompletion
        case "pairs", "qa": self = .pairs
        case "csv", "tsv": self = .csv
        case "transcript", "text", "txt": self = .transcript
        case "chatgpt", "chatgpt-export": self = .chatgpt
        case "whatsapp": self = .whatsapp
        case "slack": self = .slack
        case "discord": self = .discord
        case "telegram": self = .telegram
        case "zendesk": self = .zendesk
        case "freshdesk": self = .freshdesk
        case "intercom": self = .intercom
        case "helpscout", "help-scout", "help_scout": self = .helpscout
        case "front", "frontapp": self = .front
        case "hubspot": self = .hubspot
        case "gorgias": self = .gorgias
        case "crisp": self = .crisp
        case "livechat", "live-chat": self = .livechat
        default: return nil
        }
    }
}
