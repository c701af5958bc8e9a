/// Where a conversation came from and what labels travel with it.
///
/// Stored as an ordered JSON object so that extra input columns (`category`,
/// `customer_id`, …) pass through every stage in their original order. The
/// well-known keys have typed accessors.
public struct Metadata: Equatable, Sendable {
    public var fields: JSONObject

    public init(_ fields: JSONObject = JSONObject()) { self.fields = fields }

    public subscript(key: String) -> JSONValue? {
        get { fields[key] }
        set { fields[key] = newValue }
    }

    /// The input's own identifier for the conversation, if it had one.
    public var id: String? {
        get { fields["id"]?.scalarText }
        set { fields["id"] = newValue.map(JSONValue.string) }
    }

    /// The input file as the user named it (`-` for standard input).
    public var source: String? {
        get { fields["source"]?.stringValue }
        set { fields["source"] = newValue.map(JSONValue.string) }
    }

    /// The 1-based line where the record starts in its source file.
    public var line: Int? {
        get { fields["line"].flatMap { $0.scalarText }.flatMap { Int($0) } }
        set { fields["line"] = newValue.map { .number(String($0)) } }
    }

    /// The input format the record was read as (`openai`, `sharegpt`, `csv`, …).
    public var format: String? {
        get { fields["format"]?.stringValue }
        set { fields["format"] = newValue.map(JSONValue.string) }
    }

    /// The value of a label as text (`category`, `customer_id`), for stratifying and grouping.
    public func label(_ key: String) -> String? { fields[key]?.scalarText }

    /// `source:line`, the location error messages and ids use.
    public var location: String {
        let src = source ?? "-"
        if let line { return "\(src):\(line)" }
        return src
    }
}
