/// What a chat-app reader gives the ingestor: the chat logs of one file, and what the report says about it.
struct ChatAppRead {
    var logs: [ChatLog]
    /// Counters for the report (`system_lines`, `media_omitted`, …); zeros are left out.
    var notes: [String: Int] = [:]
    /// How the file was read, in words (`date_order` and why).
    var facts: [String: String] = [:]
    /// What the user should know although the file was read.
    var warnings: [String] = []
}

/// A reader of one chat app's export files. A new app is one file with a conforming type and one line in
/// ``ChatAppReaders/all`` (plus its detection rule in ``FormatDetector``).
protocol ChatAppReading: Sendable {
    /// The format the reader reads (what `--format` names and the report shows).
    var format: InputFormat { get }
    /// Reads a whole export file; `head` is its first bytes (already read for detection).
    func read(_ input: InputFile, head: [UInt8], options: IngestOptions) throws -> ChatAppRead
}

/// The chat-app readers, by format.
enum ChatAppReaders {
    static let all: [any ChatAppReading] = [
        WhatsAppReader.Reading(),
        TelegramReader.Reading(),
        DiscordReader.Reading(),
    ]

    static func reader(for format: InputFormat) -> (any ChatAppReading)? {
        all.first { $0.format == format }
    }
}

extension DateOrderDecision {
    /// The report's facts about the date order chosen.
    var facts: [String: String] { ["date_order": order.label, "date_order_reason": reason] }
}
