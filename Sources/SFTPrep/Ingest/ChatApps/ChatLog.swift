/// A chat-app export before roles are known: people, times and text.
///
/// Chat exports have no roles, only participants; ``SessionBuilder`` decides
/// who is the assistant, where one conversation ends and the next begins,
/// and turns a log into training conversations.
struct ChatLog {
    struct Entry {
        var author: String
        /// The export itself marks the author as a bot (Slack `bot_id`, Discord `isBot`).
        var isBot = false
        /// Seconds since 1970-01-01 (UTC, or local wall-clock time when the export has no zone).
        var time: Double
        /// Whether the export gave a time that could be read; if not, `time` is its neighbour's, to keep the order,
        /// and it is never written out.
        var timeKnown = true
        var text: String
        /// Line in the source file where the message starts, when the format has lines.
        var line: Int?
    }

    /// The chat, channel or thread name.
    var name: String
    var format: InputFormat
    /// Whether `time` values are UTC (written with `Z`) or local wall-clock time.
    var utc: Bool
    /// For local times: the zone's offset from UTC in seconds, when the export tells it (written as `+01:00`).
    var zoneOffset: Int?
    /// Whether a long silence starts a new conversation (`--session-gap`); a Slack thread is one conversation whatever its gaps.
    var splitsOnSilence = true
    var entries: [Entry] = []
    /// Extra metadata for every conversation of this log (`thread_ts`, `date_order`, …).
    var metadata = JSONObject()
}
