/// Reads a whole JSON document (a chat-app export), with errors that say where.
enum JSONDocument {
    /// Parses all of `input` (a leading byte-order mark is allowed).
    static func read(_ input: InputFile) throws -> JSONValue {
        var bytes = try input.readAll()
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        return try parse(bytes)
    }

    /// Parses `bytes`; a syntax error becomes a ``RecordError`` naming line and column.
    static func parse(_ bytes: [UInt8]) throws(RecordError) -> JSONValue {
        do { return try JSONParser.parse(bytes) } catch {
            let pos = bytes.withUnsafeBufferPointer { TextPosition.locate(error.offset, in: $0) }
            throw RecordError(.invalidJSON, "invalid JSON at line \(pos.line), column \(pos.column): \(error.message)")
        }
    }
}
