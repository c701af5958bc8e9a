/// What training on a target costs, in the target's own published accounting:
/// OpenAI's billing tokens (see ``DatasetStatistics/cost(_:rule:epochs:)``),
/// Together's processed tokens priced by model-size bracket, Mistral's
/// training-time estimate from mistral-finetune, token totals elsewhere.
///
/// Token counts come from o200k_base or cl100k_base; for targets whose models
/// use other tokenizers they are estimates and say so.
public struct TargetCost: Sendable {
    /// Settings `stats --target` passes on.
    public struct Inputs: Sendable {
        public var trainTokens: Int
        public var validationTokens = 0
        public var epochs: Int?
        /// Together: evaluations over the validation set (default 0).
        public var evaluations = 0
        /// USD per 1M tokens, instead of the table's.
        public var price: Double?
        /// Together: model size in billions of parameters, which picks the price bracket.
        public var modelSizeB = 8.0
        /// Together: full fine-tuning instead of LoRA.
        public var fullFineTuning = false
        public init(trainTokens: Int) { self.trainTokens = trainTokens }
    }

    /// One line of the estimate: a JSON key, its value, and how it reads.
    public struct Line: Sendable {
        public var key: String
        public var value: JSONValue
        public var text: String
    }

    /// Together's supervised fine-tuning prices per 1M processed tokens, by model size.
    struct TogetherBracket: Sendable {
        var label: String
        var upToB: Double
        var lora: Double
        var full: Double
    }

    static let togetherBrackets = [
        TogetherBracket(label: "up to 16B", upToB: 16, lora: 0.48, full: 0.54),
        TogetherBracket(label: "16.1B–69B", upToB: 69, lora: 1.50, full: 1.65),
        TogetherBracket(label: "69.1B–100B", upToB: 100, lora: 2.90, full: 3.20),
    ]
    /// Together's documentation confirms the formula and the brackets (up to 16B, 16.1–69B, …), not these
    /// rates: they are remembered figures of its 2025 pricing page, so every output says so.
    static let togetherSeen = "unverified rates, as remembered from together.ai/pricing in 2025: check them, or pass --price"

    /// mistral-finetune's expected words per second per H100 (batch 32,768 tokens per GPU), and its assumptions.
    static let mistralWPS: [(model: String, wps: Int)] = [("open-mistral-7b", 5720), ("open-mixtral-8x7b", 2966), ("open-mixtral-8x22b", 1007)]
    static let mistralGPUs = 8
    static let mistralSeqLen = 32_768
    static let mistralOverheadSeconds = 300

    /// The estimate for `profile`, or nil when OpenAI's billing (shown by `stats` itself) applies.
    public static func estimate(_ profile: TargetProfile, _ x: Inputs) -> [Line]? {
        let g = NumberFormatting.grouped
        let estimated = "estimated with o200k_base; \(profile.name)'s models count with their own tokenizers"
        switch profile.name {
        case "openai", "azure-openai":
            return nil
        case "together":
            let epochs = x.epochs ?? 1
            let processed = epochs * x.trainTokens + x.evaluations * x.validationTokens
            let bracket = togetherBrackets.first { x.modelSizeB <= $0.upToB } ?? togetherBrackets[togetherBrackets.count - 1]
            let price = x.price ?? (x.fullFineTuning ? bracket.full : bracket.lora)
            let usd = Double(processed) / 1_000_000 * price
            let priceSource = x.price != nil ? "given with --price" : "\(bracket.label), \(x.fullFineTuning ? "full" : "LoRA"); \(togetherSeen)"
            return [
                Line(key: "tokens_processed", value: .number(String(processed)),
                     text: "tokens processed  \(g(processed)) = \(epochs) epoch\(epochs == 1 ? "" : "s") × \(g(x.trainTokens)) + \(x.evaluations) evaluation\(x.evaluations == 1 ? "" : "s") × \(g(x.validationTokens)) (\(estimated))"),
                Line(key: "price_usd_per_1m", value: .number(String(price)), text: "price             \(NumberFormatting.usd(price)) per 1M tokens (\(priceSource))"),
                Line(key: "estimated_cost_usd", value: .number(String((usd * 100).rounded() / 100)), text: "estimated cost    \(NumberFormatting.usd(usd))"),
            ]
        case "mistral":
            let epochs = x.epochs ?? 3
            let batch = mistralSeqLen * mistralGPUs
            let steps = Int(Double(x.trainTokens) / Double(batch) * Double(epochs))
            let trained = steps * batch
            var lines = [
                Line(key: "tokens", value: .number(String(x.trainTokens)), text: "tokens            \(g(x.trainTokens)) (\(estimated))"),
                Line(key: "max_steps", value: .number(String(steps)),
                     text: "max_steps         \(g(steps)) = \(g(x.trainTokens)) / (\(g(mistralSeqLen)) × \(mistralGPUs) GPUs) × \(epochs) epochs (\(x.epochs == nil ? "mistral-finetune's recommended 3" : "--epochs"))"),
            ]
            for (model, wps) in mistralWPS {
                let seconds = Double(trained) / Double(mistralGPUs) / Double(wps) + Double(mistralOverheadSeconds)
                lines.append(Line(key: "eta_seconds_\(model)", value: .number(String(Int(seconds))),
                                  text: "training time     \(hms(seconds)) on \(mistralGPUs) H100s for \(model) (\(g(wps)) tokens/s per GPU, +5 min start-up)"))
            }
            if let price = x.price {
                let usd = Double(x.trainTokens * epochs) / 1_000_000 * price
                lines.append(Line(key: "estimated_cost_usd", value: .number(String((usd * 100).rounded() / 100)),
                                  text: "estimated cost    \(NumberFormatting.usd(usd)) = \(epochs) epochs × tokens × \(NumberFormatting.usd(price)) per 1M (--price)"))
            }
            return lines
        default:
            let epochs = x.epochs ?? 1
            var lines = [Line(key: "tokens", value: .number(String(x.trainTokens)), text: "tokens            \(g(x.trainTokens)) per epoch (\(estimated))")]
            if let price = x.price {
                let usd = Double(x.trainTokens * epochs) / 1_000_000 * price
                lines.append(Line(key: "estimated_cost_usd", value: .number(String((usd * 100).rounded() / 100)),
                                  text: "estimated cost    \(NumberFormatting.usd(usd)) = \(epochs) epoch\(epochs == 1 ? "" : "s") × tokens × \(NumberFormatting.usd(price)) per 1M (--price)"))
            } else {
                lines.append(Line(key: "price", value: .null, text: "price             not published per token for \(profile.name); pass --price USD (per 1M tokens) and --epochs N"))
            }
            return lines
        }
    }

    static func hms(_ seconds: Double) -> String {
        let s = Int(seconds)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(s / 3600)):\(two(s % 3600 / 60)):\(two(s % 60))"
    }
}
