/// Why a record is not in the output: the stable code written in rejects.jsonl and counted in the
/// report. Readers (`RecordError`) and stages (`StageResult.drop`) name a reason by one of these
/// constants, so a code is spelled once, here, with what it means.
public struct RejectReason: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// Every assistant turn is shorter than --min-assistant-chars.
    public static let assistantTooShort = RejectReason(rawValue: "assistant_too_short")
    /// Left out by --balance to even the strata.
    public static let balanceLeftOut = RejectReason(rawValue: "balance_left_out")
    /// The model's chat template (or Mistral's encoding) refused the example.
    public static let chatTemplateError = RejectReason(rawValue: "chat_template_error")
    /// A message with no text.
    public static let emptyContent = RejectReason(rawValue: "empty_content")
    /// No messages left.
    public static let emptyConversation = RejectReason(rawValue: "empty_conversation")
    /// An exact copy of an earlier conversation.
    public static let exactDuplicate = RejectReason(rawValue: "exact_duplicate")
    /// A field has the wrong type or value.
    public static let invalidField = RejectReason(rawValue: "invalid_field")
    /// The record does not have the shape its format needs.
    public static let invalidFormat = RejectReason(rawValue: "invalid_format")
    /// The record is not valid JSON.
    public static let invalidJSON = RejectReason(rawValue: "invalid_json")
    /// Tool definitions that are not valid.
    public static let invalidTools = RejectReason(rawValue: "invalid_tools")
    /// The record is not valid UTF-8.
    public static let invalidUTF8 = RejectReason(rawValue: "invalid_utf8")
    /// A field the format needs is missing.
    public static let missingField = RejectReason(rawValue: "missing_field")
    /// A near copy of an earlier conversation.
    public static let nearDuplicate = RejectReason(rawValue: "near_duplicate")
    /// A chat whose assistant cannot be told.
    public static let noAssistant = RejectReason(rawValue: "no_assistant")
    /// No assistant message to learn from.
    public static let noAssistantMessage = RejectReason(rawValue: "no_assistant_message")
    /// A help-desk conversation with only private (internal) notes.
    public static let noPublicMessages = RejectReason(rawValue: "no_public_messages")
    /// A transcript block with no speaker lines.
    public static let noSpeakerLines = RejectReason(rawValue: "no_speaker_lines")
    /// No user message.
    public static let noUserMessage = RejectReason(rawValue: "no_user_message")
    /// The record is larger than sftprep reads into memory (64 MB).
    public static let recordTooLarge = RejectReason(rawValue: "record_too_large")
    /// A stage failed on this record.
    public static let stageFailed = RejectReason(rawValue: "stage_failed")
    /// A system message after the first turn.
    public static let systemNotFirst = RejectReason(rawValue: "system_not_first")
    /// Longer than the limit (--max-tokens or --max-chars).
    public static let tooLong = RejectReason(rawValue: "too_long")
    /// More messages than --max-messages.
    public static let tooManyMessages = RejectReason(rawValue: "too_many_messages")
    /// Tools where the format cannot carry them.
    public static let toolsUnsupported = RejectReason(rawValue: "tools_unsupported")
    /// Ends with a user message.
    public static let trailingUserMessage = RejectReason(rawValue: "trailing_user_message")
    /// A CSV quote that is never closed.
    public static let unclosedQuote = RejectReason(rawValue: "unclosed_quote")
    /// A role sftprep does not know.
    public static let unknownRole = RejectReason(rawValue: "unknown_role")
    /// A transcript speaker that maps to no role.
    public static let unknownSpeaker = RejectReason(rawValue: "unknown_speaker")
    /// A CSV header that names no known columns.
    public static let unrecognizedHeader = RejectReason(rawValue: "unrecognized_header")
    /// The record matches no known format.
    public static let unrecognizedRecord = RejectReason(rawValue: "unrecognized_record")
    /// Message content of a kind sftprep does not train on (images, audio).
    public static let unsupportedContent = RejectReason(rawValue: "unsupported_content")
}
