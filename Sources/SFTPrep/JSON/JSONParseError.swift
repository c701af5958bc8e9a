/// Why a byte sequence is not the JSON we expected, and where (byte offset in the parsed text).
public struct JSONParseError: Error, Equatable, Sendable {
    public var offset: Int
    public var message: String
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }
}
