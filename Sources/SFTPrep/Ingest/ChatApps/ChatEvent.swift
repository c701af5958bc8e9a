/// What a chat export carries besides conversation. Each is left out of the
/// training text and counted per export in the report (`system_dropped`,
/// `media_dropped`, …); edit markers are stripped from the message they end.
enum ChatEvent: String, CaseIterable, Sendable {
    /// Encryption notices, joins, leaves, group changes, pins, number changes, service messages.
    case system
    /// Media placeholders and attachments with no text ("image omitted", "<attached: …>").
    case media
    /// "This message was deleted" and its kin.
    case deleted
    /// Voice and video calls, answered or missed.
    case call
    /// Polls and their options.
    case poll
    /// Shared locations.
    case location
    /// "<This message was edited>" at the end of a message: the marker goes, the message stays.
    case editedMarker

    /// The report note that counts this kind.
    var note: String {
        switch self {
        case .system: return "system_dropped"
        case .media: return "media_dropped"
        case .deleted: return "deleted_dropped"
        case .call: return "calls_dropped"
        case .poll: return "polls_dropped"
        case .location: return "locations_dropped"
        case .editedMarker: return "edited_markers_stripped"
        }
    }
}

/// Counts of ``ChatEvent``s for one export.
struct ChatEventCounts: Sendable, Equatable {
    private(set) var counts: [ChatEvent: Int] = [:]

    mutating func add(_ event: ChatEvent, _ n: Int = 1) { counts[event, default: 0] += n }

    subscript(_ event: ChatEvent) -> Int { counts[event] ?? 0 }

    /// As report notes, without zeros.
    var reportNotes: [String: Int] {
        var out: [String: Int] = [:]
        for (event, n) in counts where n > 0 { out[event.note] = n }
        return out
    }
}
