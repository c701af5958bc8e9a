/// Why one input record cannot become a conversation: a reason code, the field, and a message for people.
public struct RecordError: Error, Equatable, Sendable {
    public var reason: String
    public var field: String?
    public var message: String

    public init(_ reason: RejectReason, field: String? = nil, _ message: String) {
        self.reason = reason.rawValue
        self.field = field
        self.message = message
    }
}
