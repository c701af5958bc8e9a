/// Counts per reason code, listed most frequent first (ties by name) so reports read the same every run.
public struct ReasonCounts: Equatable, Sendable {
    public private(set) var counts: [String: Int] = [:]

    public init() {}

    /// Adds `n` to `reason`; adding nothing leaves no entry.
    public mutating func add(_ reason: String, _ n: Int = 1) {
        if n != 0 { counts[reason, default: 0] += n }
    }

    public mutating func merge(_ other: ReasonCounts) {
        for (k, v) in other.counts { add(k, v) }
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
