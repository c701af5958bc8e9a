/// The short, aligned summary a run prints on standard error when it ends.
public enum RunSummary {
    public static func text(_ r: RunReport) -> String {
        let g = NumberFormatting.grouped
        let width = [r.read, r.written, r.dropped.total, r.rejected.total].map { g($0).count }.max() ?? 1
        func row(_ label: String, _ value: Int, _ detail: String = "") -> String {
            let padded = String(repeating: " ", count: width - g(value).count) + g(value)
            return "  " + label.padding(toLength: 10, withPad: " ", startingAt: 0) + padded + (detail.isEmpty ? "" : "  " + detail) + "\n"
        }
        func reasons(_ c: ReasonCounts) -> String {
            c.sorted.prefix(6).map { "\($0.reason) \(g($0.count))" }.joined(separator: ", ") + (c.counts.count > 6 ? ", …" : "")
        }
        let readable = r.inputs.count - r.skipped.count
        var s = "sftprep \(r.command): \(g(readable)) input\(readable == 1 ? "" : "s") read, \(g(r.bytesRead)) bytes in \(NumberFormatting.oneDecimal(r.elapsedSeconds)) s\n"
        s += row("read", r.read)
        s += row("written", r.written, "train \(g(r.train)), validation \(g(r.validation))")
        s += row("dropped", r.dropped.total, reasons(r.dropped))
        s += row("rejected", r.rejected.total, reasons(r.rejected))
        for stage in r.stages {
            var detail = "\(g(stage.input)) → \(g(stage.output))"
            if stage.dropped.total > 0 { detail += "  dropped: " + reasons(stage.dropped) }
            if stage.changes.total > 0 { detail += "  changed: " + reasons(stage.changes) }
            s += "  " + stage.name.padding(toLength: 10, withPad: " ", startingAt: 0) + detail + "\n"
        }
        if let model = r.model, let registry = r.registry, !r.trainTokens.tokens.isEmpty {
            let t = r.trainTokens
            let c = t.cost(model, rule: registry.epochRule)
            s += "  tokens    \(g(t.total)) in train (p50 \(g(t.percentile(50))), p95 \(g(t.percentile(95))), max \(g(t.tokens.max() ?? 0))), \(g(r.validationTokens.total)) in validation" + (r.ownTokenizer.map { " (\($0))" } ?? "") + "\n"
            if r.ownTokenizer != nil {
                s += "  cost      at your price per 1M tokens: sftprep stats \(r.outputs["train"] ?? "train.jsonl") --tokenizer … --price USD --epochs N\n"
            } else {
                let over = c.overLimit > 0 ? ", \(g(c.overLimit)) over the \(g(model.maxExampleTokens))-token limit" : ""
                s += "  cost      \(model.id): \(c.epochs) epoch\(c.epochs == 1 ? "" : "s") × \(g(c.billingTokens / max(1, c.epochs))) tokens = \(g(c.billingTokens)) billing tokens ≈ \(NumberFormatting.usd(c.usd))\(over)\n"
            }
        }
        for skipped in r.skipped {
            s += "  skipped   \(skipped.path): \(skipped.skippedReason ?? "")\n"
        }
        if !r.isBalanced { s += "  warning: the counts do not add up; please report this as a bug\n" }
        return s
    }
}
