/// Counts per reason code, listed most frequent first (ties by name) so reports read the same every run.
public struct ReasonCounts: Equatable, Sendable {
    public private(set) var counts: [String: Int] = [:]
    /// Up to ``exampleCap`` short before/after excerpts per reason, for the report's reader
    /// (first ones in merge order: the run merges records in input order).
    public private(set) var examples: [String: [Example]] = [:]
    public static let exampleCap = 5

    /// One excerpt of what a change did: the text around it before and after (personal data masked or redacted).
    public struct Example: Equatable, Sendable {
        public var before: String
        public var after: String
        public init(before: String, after: String) {
            self.before = before
            self.after = after
        }
    }

    public init() {}

    /// Adds `n` to `reason`; adding nothing leaves no entry.
    public mutating func add(_ reason: String, _ n: Int = 1) {
        if n != 0 { counts[reason, default: 0] += n }
    }

    public mutating func merge(_ other: ReasonCounts) {
        for (k, v) in other.counts { add(k, v) }
        for (k, list) in other.examples {
            for e in list { addExample(k, e) }
        }
    }

    /// Keeps `e` as an example of `reason` unless there are ``exampleCap`` already (or the same one).
    public mutating func addExample(_ reason: String, _ e: Example) {
        var list = examples[reason] ?? []
        guard list.count < ReasonCounts.exampleCap, !list.contains(e) else { return }
        list.append(e)
        examples[reason] = list
    }

    /// The same counts with the examples of each reason rewritten by `transform` (to redact them).
    public func mapExamples(_ transform: (String, Example) -> Example) -> ReasonCounts {
        var out = self
        for (k, list) in examples { out.examples[k] = list.map { transform(k, $0) } }
        return out
    }

    public var total: Int { counts.values.reduce(0, +) }
    /// How many times `reason` was counted (0 if never).
    public subscript(reason: String) -> Int { counts[reason] ?? 0 }
    public var isEmpty: Bool { counts.isEmpty }

    public var sorted: [(reason: String, count: Int)] {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// As a JSON object in ``sorted`` order.
    public var json: JSONValue {
        .object(JSONObject(sorted.map { JSONMember($0.reason, .number(String($0.count))) }))
    }
}
