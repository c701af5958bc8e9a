/// Token statistics and the training-cost estimate of a dataset for one model.
///
/// Percentiles are nearest-rank (the value at position ⌈p·n⌉ of the sorted
/// counts). Billing follows OpenAI's rule from models.json: every example
/// counts min(tokens, the model's limit), times the epochs.
public struct DatasetStatistics: Sendable {
    public var examples: Int
    public var messages: Int
    public var tokens: [Int]
    public var trainedTokens: Int
    /// Line (or record location) of each example, parallel to `tokens`.
    public var locations: [String]

    public init(examples: Int = 0, messages: Int = 0, tokens: [Int] = [], trainedTokens: Int = 0, locations: [String] = []) {
        self.examples = examples
        self.messages = messages
        self.tokens = tokens
        self.trainedTokens = trainedTokens
        self.locations = locations
    }

    public var total: Int { tokens.reduce(0, +) }
    public var sorted: [Int] { tokens.sorted() }

    public func percentile(_ p: Double) -> Int {
        let s = sorted
        guard !s.isEmpty else { return 0 }
        let rank = Int((p / 100 * Double(s.count)).rounded(.up))
        return s[max(0, min(s.count - 1, rank - 1))]
    }

    public var mean: Double { tokens.isEmpty ? 0 : Double(total) / Double(tokens.count) }

    /// Examples longer than `limit`, with where they are.
    public func overLimit(_ limit: Int) -> [(location: String, tokens: Int)] {
        zip(locations, tokens).filter { $0.1 > limit }.map { ($0.0, $0.1) }
    }

    /// The estimate for one model.
    public struct Cost: Sendable {
        public var model: FineTuneModel
        public var epochs: Int
        public var billingTokens: Int
        public var usd: Double
        public var overLimit: Int
    }

    public func cost(_ model: FineTuneModel, rule: EpochRule, epochs fixed: Int? = nil) -> Cost {
        let epochs = fixed ?? rule.epochs(examples: tokens.count)
        let perEpoch = tokens.reduce(0) { $0 + min($1, model.maxExampleTokens) }
        let billing = perEpoch * epochs
        return Cost(model: model, epochs: epochs, billingTokens: billing, usd: Double(billing) / 1_000_000 * model.trainingUSDPer1M,
                    overLimit: tokens.filter { $0 > model.maxExampleTokens }.count)
    }

    /// Bucket upper bounds in powers of two from 16 tokens, with counts.
    public func histogram() -> [(upTo: Int, count: Int)] {
        guard let maxValue = tokens.max() else { return [] }
        var bounds: [Int] = [16]
        while bounds.last! < maxValue { bounds.append(bounds.last! * 2) }
        var counts = [Int](repeating: 0, count: bounds.count)
        for t in tokens { counts[bounds.firstIndex { t <= $0 }!] += 1 }
        return zip(bounds, counts).map { ($0, $1) }
    }

    /// The histogram as terminal bars, with the model's limit marked.
    public func histogramText(limit: Int?, width: Int = 40) -> String {
        let h = histogram()
        let peak = h.map(\.count).max() ?? 1
        var s = ""
        var lower = 0
        for (upTo, count) in h {
            let label = "\(NumberFormatting.grouped(lower + 1))–\(NumberFormatting.grouped(upTo))"
            let bar = String(repeating: "█", count: count == 0 ? 0 : max(1, count * width / max(1, peak)))
            let mark = limit.map { $0 > lower && $0 <= upTo ? "  ◀ limit \(NumberFormatting.grouped($0))" : "" } ?? ""
            s += "  " + label.padding(toLength: 16, withPad: " ", startingAt: 0) + " " + bar + " " + NumberFormatting.grouped(count) + mark + "\n"
            lower = upTo
        }
        return s
    }

    public func json(model: FineTuneModel?, rule: EpochRule, epochs: Int?) -> JSONValue {
        func n(_ v: Int) -> JSONValue { .number(String(v)) }
        var o = JSONObject()
        o["examples"] = n(examples)
        o["messages"] = n(messages)
        o["tokens"] = .object(JSONObject([
            JSONMember("total", n(total)), JSONMember("min", n(tokens.min() ?? 0)), JSONMember("mean", .number(String((mean * 10).rounded() / 10))),
            JSONMember("p50", n(percentile(50))), JSONMember("p90", n(percentile(90))), JSONMember("p95", n(percentile(95))),
            JSONMember("max", n(tokens.max() ?? 0)), JSONMember("trained", n(trainedTokens)),
        ]))
        o["histogram"] = .array(histogram().map { .object(JSONObject([JSONMember("up_to", n($0.upTo)), JSONMember("count", n($0.count))])) })
        if let model {
            let c = cost(model, rule: rule, epochs: epochs)
            o["model"] = .string(model.id)
            o["max_example_tokens"] = n(model.maxExampleTokens)
            o["over_limit"] = .array(overLimit(model.maxExampleTokens).map { .object(JSONObject([JSONMember("location", .string($0.location)), JSONMember("tokens", n($0.tokens))])) })
            o["epochs"] = n(c.epochs)
            o["billing_tokens"] = n(c.billingTokens)
            o["price_usd_per_1m"] = .number(String(model.trainingUSDPer1M))
            o["estimated_cost_usd"] = .number(String((c.usd * 100).rounded() / 100))
            o["price_seen"] = .string(model.seen)
        }
        return .object(o)
    }
}
