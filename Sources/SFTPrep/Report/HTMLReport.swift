/// `report.html`: one self-contained page (inline CSS and SVG, no scripts, no
/// network; readable printed and on a phone) that shows what a run did: the
/// command and settings, the funnel of records through the stages, why records
/// were dropped or rejected with a few samples of each, the token-length
/// histogram with the model's limit, train beside validation, the split per
/// stratum, cleaning and redaction with masked before/after excerpts, the cost
/// for every model, and each input's own funnel.
public enum HTMLReport {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    static let css = """
    body{font:14px/1.45 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2328;margin:0;background:#f6f8fa}
    main{max-width:980px;margin:0 auto;padding:24px}
    h1{font-size:22px;margin:0 0 4px} h2{font-size:16px;margin:28px 0 10px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
    .sub{color:#59636e;margin-bottom:16px}
    .cards{display:flex;gap:12px;flex-wrap:wrap}
    .card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:10px 14px;min-width:120px}
    .card b{display:block;font-size:20px} .card span{color:#59636e;font-size:12px}
    table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #d0d7de;border-radius:8px;overflow:hidden}
    th,td{padding:6px 10px;border-bottom:1px solid #eaeef2;text-align:left;vertical-align:top} th{background:#f6f8fa;font-weight:600}
    td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
    .note{color:#59636e;font-size:12px;margin-top:6px}
    svg{background:#fff;border:1px solid #d0d7de;border-radius:8px}
    .bad{color:#cf222e} .ok{color:#1a7f37}
    code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eff2f5;border-radius:4px;padding:1px 4px;overflow-wrap:anywhere}
    .cmd{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:8px 12px;margin:8px 0}
    .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:4px 16px;margin:8px 0}
    .grid div span{color:#59636e}
    td.ex{font-size:12px;color:#3d444d;overflow-wrap:anywhere} td.ex del{color:#cf222e;text-decoration:none} td.ex ins{color:#1a7f37;text-decoration:none}
    .wide{overflow-x:auto} td:first-child code{white-space:nowrap}
    @media (max-width:640px){main{padding:12px} th,td{padding:4px 6px} .card{min-width:90px}}
    @media print{body{background:#fff} main{max-width:none} h2{break-after:avoid} table,svg{break-inside:avoid}}
    """

    public static func render(_ r: RunReport) -> String {
        let g = NumberFormatting.grouped
        var h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>sftprep report</title>\n<style>\(css)</style></head><body><main>\n"
        h += "<h1>sftprep run</h1><div class=\"sub\">\(g(r.inputs.count)) inputs · \(g(r.bytesRead)) bytes · \(NumberFormatting.oneDecimal(r.elapsedSeconds)) s · sftprep \(SFTPrepVersion.current)"
        h += r.isBalanced ? " · <span class=\"ok\">every record accounted for</span>" : " · <span class=\"bad\">counts do not add up</span>"
        h += "</div>\n"
        h += header(r)
        h += "<div class=\"cards\">"
        for (label, value) in [("read", r.read), ("written", r.written), ("train", r.train), ("validation", r.validation), ("dropped", r.dropped.total), ("rejected", r.rejected.total)] {
            h += "<div class=\"card\"><b>\(g(value))</b><span>\(label)</span></div>"
        }
        h += "</div>\n"
        h += funnel(r)
        h += reasons(r)
        h += samples(r)
        h += histogram(r)
        h += trainAndValidation(r)
        h += strata(r)
        h += cleaning(r)
        h += redactions(r)
        h += cost(r)
        h += inputs(r)
        h += "</main></body></html>\n"
        return h
    }

    /// Horizontal bars: records after each step, from read to written.
    static func funnel(_ r: RunReport) -> String {
        let g = NumberFormatting.grouped
        var steps: [(String, Int)] = [("read", r.read), ("readable", r.read - r.rejected.total)]
        for s in r.stages { steps.append(("after \(s.name)", s.output)) }
        steps.append(("written", r.written))
        let maxValue = max(1, steps.map(\.1).max() ?? 1)
        let rowHeight = 26, labelWidth = 130, barWidth = 700
        var svg = "<svg width=\"100%\" viewBox=\"0 0 \(labelWidth + barWidth + 90) \(steps.count * rowHeight + 10)\" role=\"img\" aria-label=\"records through the stages\">"
        for (i, step) in steps.enumerated() {
            let y = 6 + i * rowHeight
            let w = Int(Double(barWidth) * Double(step.1) / Double(maxValue))
            svg += "<text x=\"8\" y=\"\(y + 16)\" font-size=\"13\">\(escape(step.0))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(max(1, w))\" height=\"18\" rx=\"3\" fill=\"#4f8fe0\"/>"
            svg += "<text x=\"\(labelWidth + max(1, w) + 6)\" y=\"\(y + 16)\" font-size=\"12\" fill=\"#444\">\(g(step.1))</text>"
        }
        return "<h2>Records through the stages</h2>\(svg)</svg>\n"
    }

    static func reasons(_ r: RunReport) -> String {
        let g = NumberFormatting.grouped
        var h = "<h2>Why records were dropped or rejected</h2>"
        let rows = r.dropped.sorted.map { ("dropped", $0.reason, $0.count) } + r.rejected.sorted.map { ("rejected", $0.reason, $0.count) }
        guard !rows.isEmpty else { return h + "<p class=\"note\">Nothing was dropped or rejected.</p>\n" }
        let maxValue = max(1, rows.map(\.2).max() ?? 1)
        h += "<table><tr><th>kind</th><th>reason</th><th class=\"n\">records</th><th></th></tr>"
        for (kind, reason, count) in rows {
            let w = max(2, 240 * count / maxValue)
            h += "<tr><td>\(kind)</td><td><code>\(escape(reason))</code></td><td class=\"n\">\(g(count))</td><td><svg width=\"250\" height=\"14\" style=\"border:0\"><rect width=\"\(w)\" height=\"12\" rx=\"2\" fill=\"\(kind == "dropped" ? "#d4a72c" : "#cf222e")\"/></svg></td></tr>"
        }
        return h + "</table><p class=\"note\">Every dropped and rejected record is in rejects.jsonl with its source, line and reason.</p>\n"
    }

    static func histogram(_ r: RunReport) -> String {
        let g = NumberFormatting.grouped
        guard let model = r.model, !r.trainTokens.tokens.isEmpty else { return "" }
        let buckets = r.trainTokens.histogram()
        let maxCount = max(1, buckets.map(\.count).max() ?? 1)
        let width = 860, height = 220, left = 40, bottom = 40
        let barWidth = (width - left - 20) / max(1, buckets.count)
        var svg = "<svg width=\"100%\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"token length histogram\">"
        for (i, b) in buckets.enumerated() {
            let barHeight = Int(Double(height - bottom - 20) * Double(b.count) / Double(maxCount))
            let x = left + i * barWidth
            svg += "<rect x=\"\(x + 2)\" y=\"\(height - bottom - barHeight)\" width=\"\(barWidth - 4)\" height=\"\(barHeight)\" fill=\"#4f8fe0\"/>"
            if b.count > 0 { svg += "<text x=\"\(x + barWidth / 2)\" y=\"\(height - bottom - barHeight - 4)\" font-size=\"11\" text-anchor=\"middle\">\(g(b.count))</text>" }
            // Compact labels (≤2k, ≤131k), every other one when there are many buckets: they never overlap.
            if buckets.count <= 12 || i % 2 == buckets.count % 2 {
                svg += "<text x=\"\(x + barWidth / 2)\" y=\"\(height - bottom + 16)\" font-size=\"11\" text-anchor=\"middle\">≤\(compact(b.upTo))</text>"
            }
        }
        var note = ""
        // With --tokenizer the limit is the trainer's maximum length (--max-tokens), in the open model's tokens.
        let limit: Int? = r.ownTokenizer != nil ? r.lengthLimit : model.maxExampleTokens
        if let limit, let i = buckets.firstIndex(where: { limit <= $0.upTo }) {
            let lower = i == 0 ? 0 : buckets[i - 1].upTo
            let fraction = Double(limit - lower) / Double(buckets[i].upTo - lower)
            let x = left + i * barWidth + Int(Double(barWidth) * fraction)
            svg += "<line x1=\"\(x)\" y1=\"10\" x2=\"\(x)\" y2=\"\(height - bottom)\" stroke=\"#cf222e\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>"
            svg += "<text x=\"\(x + 4)\" y=\"22\" font-size=\"12\" fill=\"#cf222e\">limit \(g(limit))</text>"
        } else if let limit {
            note = "The limit of \(g(limit)) tokens is beyond the longest example (\(g(r.trainTokens.tokens.max() ?? 0)))."
        }
        svg += "<text x=\"\(width / 2)\" y=\"\(height - 6)\" font-size=\"12\" text-anchor=\"middle\" fill=\"#59636e\">tokens per example (\(escape(r.ownTokenizer ?? model.encoding.rawValue)), train.jsonl)</text></svg>"
        let t = r.trainTokens
        var h = "<h2>Example length (tokens)</h2>\(svg)"
        h += "<p class=\"note\">min \(g(t.tokens.min() ?? 0)) · p50 \(g(t.percentile(50))) · p90 \(g(t.percentile(90))) · p95 \(g(t.percentile(95))) · max \(g(t.tokens.max() ?? 0)) · total \(g(t.total)) (trained on \(g(t.trainedTokens))). \(escape(note))</p>"
        let over = limit.map { t.overLimit($0) } ?? []
        if !over.isEmpty {
            h += "<p class=\"bad\">\(plural(over.count, "example exceeds", "examples exceed")) the limit and would be cut off: " + over.prefix(10).map { escape($0.location) }.joined(separator: ", ") + (over.count > 10 ? ", …" : "") + "</p>"
        }
        return h + "\n"
    }

    static func strata(_ r: RunReport) -> String {
        let g = NumberFormatting.grouped
        var h = "<h2>Split</h2><p class=\"note\">"
        switch r.split.validation {
        case .fraction(let f): h += "validation \(NumberFormatting.oneDecimal(f * 100))%"
        case .count(let c): h += "validation \(g(c)) examples"
        }
        h += r.split.stratifyBy.map { ", stratified by <code>\(escape($0))</code>" } ?? ""
        h += r.split.groupBy.map { ", grouped by <code>\(escape($0))</code>" } ?? ""
        h += ", seed \(r.split.seed)</p>"
        h += "<table><tr><th>stratum</th><th class=\"n\">records</th><th class=\"n\">left out</th><th class=\"n\">train</th><th class=\"n\">validation</th><th></th></tr>"
        let maxValue = max(1, r.strata.map(\.records).max() ?? 1)
        for s in r.strata.prefix(100) {
            let tw = 200 * s.train / maxValue, vw = 200 * s.validation / maxValue
            h += "<tr><td>\(escape(s.name.isEmpty ? "(all)" : s.name))</td><td class=\"n\">\(g(s.records))</td><td class=\"n\">\(g(s.leftOut))</td><td class=\"n\">\(g(s.train))</td><td class=\"n\">\(g(s.validation))</td>"
            h += "<td><svg width=\"210\" height=\"14\" style=\"border:0\"><rect width=\"\(tw)\" height=\"12\" fill=\"#4f8fe0\"/><rect x=\"\(tw)\" width=\"\(vw)\" height=\"12\" fill=\"#2da44e\"/></svg></td></tr>"
        }
        return h + "</table><p class=\"note\">Blue: train; green: validation.</p>\n"
    }

    static func redactions(_ r: RunReport) -> String {
        guard r.stages.contains(where: { $0.name == "redact" }) else {
            return "<h2>Redaction</h2><p class=\"note\">The redact stage did not run (--no-redact): personal data and secrets are left as they are.</p>\n"
        }
        guard r.redactions.total > 0 else { return "<h2>Redaction</h2><p class=\"note\">Nothing was found to redact.</p>\n" }
        let g = NumberFormatting.grouped
        let examples = r.changes.examples
        var h = "<h2>Redaction</h2><div class=\"wide\"><table><tr><th>type</th><th class=\"n\">spans replaced</th><th>before (masked here)</th><th>after</th></tr>"
        for (type, count) in r.redactions.sorted {
            let list = examples[type] ?? []
            let rows = max(1, list.count)
            h += "<tr><td rowspan=\"\(rows)\"><code>\(escape(type))</code></td><td class=\"n\" rowspan=\"\(rows)\">\(g(count))</td>"
            if list.isEmpty { h += "<td></td><td></td></tr>" }
            for (k, e) in list.enumerated() {
                h += (k > 0 ? "<tr>" : "") + "<td class=\"ex\"><del>\(escape(e.before))</del></td><td class=\"ex\"><ins>\(escape(e.after))</ins></td></tr>"
            }
        }
        return h + "</table></div><p class=\"note\">Up to five excerpts per type, the first in input order; the personal data is masked in the “before” column too (• for hidden letters and digits). Excerpts show plain placeholders whatever --mode wrote.</p>\n"
    }

    static func cost(_ r: RunReport) -> String {
        if let own = r.ownTokenizer {
            return "<h2>Training cost (train.jsonl)</h2><p class=\"note\">Counted with \(escape(own)): price it with <code>sftprep stats train.jsonl --tokenizer … --price USD --epochs N</code> (\(NumberFormatting.grouped(r.trainTokens.total)) tokens in train.jsonl).</p>\n"
        }
        guard let model = r.model, let registry = r.registry else { return "" }
        let g = NumberFormatting.grouped
        var h = "<h2>Training cost (train.jsonl)</h2><table><tr><th>model</th><th class=\"n\">limit</th><th class=\"n\">over limit</th><th class=\"n\">epochs</th><th class=\"n\">billing tokens</th><th class=\"n\">price / 1M</th><th class=\"n\">estimate</th><th>price seen</th></tr>"
        var uncounted: [String] = []
        for m in registry.models {
            guard let stats = m.encoding == model.encoding ? r.trainTokens : r.otherEncodingTrainTokens[m.encoding] else {
                uncounted.append(m.id)
                continue
            }
            let c = stats.cost(m, rule: registry.epochRule)
            let bold = m.id == model.id ? " style=\"font-weight:600\"" : ""
            h += "<tr\(bold)><td>\(escape(m.id))</td><td class=\"n\">\(g(m.maxExampleTokens))</td><td class=\"n\">\(g(c.overLimit))</td><td class=\"n\">\(c.epochs)</td><td class=\"n\">\(g(c.billingTokens))</td><td class=\"n\">\(NumberFormatting.usd(m.trainingUSDPer1M))</td><td class=\"n\">\(NumberFormatting.usd(c.usd))</td><td>\(escape(m.seen))</td></tr>"
        }
        let missing = uncounted.isEmpty ? "" : " Not counted for \(uncounted.joined(separator: ", ")) (another tokenizer; train.jsonl over \(NumberFormatting.grouped(RunPipeline.otherEncodingLimit)) examples or \(RunPipeline.otherEncodingBytes >> 20) MB, or an example over 1 MB): <code>sftprep stats train.jsonl --model \(escape(uncounted[0]))</code> counts them."
        return h + "</table><p class=\"note\">\(escape(model.encoding.rawValue)) counts for \(escape(model.id)) and its kind; the others counted again with their own tokenizer.\(missing) Billing tokens = Σ min(tokens, limit) × epochs (3; more for small sets, fewer for large ones). Prices as published on the dates shown; OpenAI is winding down self-serve fine-tuning (2026-05-07).</p>\n"
    }

    static func inputs(_ r: RunReport) -> String {
        let g = NumberFormatting.grouped
        var h = "<h2>Inputs: read → written, by file</h2><div class=\"wide\"><table><tr><th>file</th><th>format</th><th class=\"n\">read</th><th class=\"n\">rejected</th><th class=\"n\">dropped</th><th class=\"n\">train</th><th class=\"n\">validation</th><th></th></tr>"
        let most = max(1, r.inputs.map(\.read.records).max() ?? 1)
        for i in r.inputs {
            let w = { (n: Int) in 120 * n / most }
            let bar = "<svg width=\"125\" height=\"14\" style=\"border:0\"><rect width=\"\(w(i.train))\" height=\"12\" fill=\"#4f8fe0\"/><rect x=\"\(w(i.train))\" width=\"\(w(i.validation))\" height=\"12\" fill=\"#2da44e\"/><rect x=\"\(w(i.written))\" width=\"\(w(i.dropped.total))\" height=\"12\" fill=\"#d4a72c\"/><rect x=\"\(w(i.written + i.dropped.total))\" width=\"\(w(i.rejected.total))\" height=\"12\" fill=\"#cf222e\"/></svg>"
            h += "<tr><td>\(escape(i.read.path))</td><td>\(escape(i.read.format))</td><td class=\"n\">\(g(i.read.records))</td><td class=\"n\">\(g(i.rejected.total))</td><td class=\"n\">\(g(i.dropped.total))</td><td class=\"n\">\(g(i.train))</td><td class=\"n\">\(g(i.validation))</td><td>\(bar)</td></tr>"
            if let reason = i.read.skippedReason { h += "<tr><td colspan=\"8\" class=\"bad\">skipped: \(escape(reason))</td></tr>" }
        }
        return h + "</table></div><p class=\"note\">Bars: train (blue), validation (green), dropped (yellow), rejected (red).</p>\n"
    }

    /// `1,234` below ten thousand, then `12k`, `1.2M`.
    static func compact(_ n: Int) -> String {
        if n < 10_000 { return NumberFormatting.grouped(n) }
        if n < 1_000_000 { return "\(n / 1000)k" }
        return "\(NumberFormatting.oneDecimal(Double(n) / 1_000_000))M"
    }

    /// `1 example`, `2 examples`.
    static func plural(_ n: Int, _ one: String, _ many: String) -> String {
        "\(NumberFormatting.grouped(n)) \(n == 1 ? one : many)"
    }

    /// The command line, when it ran, and the settings that decide the output.
    static func header(_ r: RunReport) -> String {
        var h = ""
        if !r.commandLine.isEmpty {
            h += "<div class=\"cmd\"><code>\(escape(r.commandLine.map(shellQuoted).joined(separator: " ")))</code></div>"
        }
        var cells = r.startedAt.isEmpty ? [] : [("started", r.startedAt.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC"))]
        cells += r.settings.map { ($0.name, $0.value) }
        if !cells.isEmpty {
            h += "<div class=\"grid\">" + cells.map { "<div><span>\(escape($0.0)):</span> \(escape($0.1))</div>" }.joined() + "</div>"
        }
        return h + "\n"
    }

    static func shellQuoted(_ s: String) -> String {
        s.isEmpty || s.contains(where: { " \"'$`\\&|;<>()*?[]#~!{}".contains($0) }) ? "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" : s
    }

    /// Up to three records per drop and reject reason, and the filter that finds the rest.
    static func samples(_ r: RunReport) -> String {
        guard !r.samples.isEmpty else { return "" }
        var h = "<h2>Samples of dropped and rejected records</h2><div class=\"wide\"><table><tr><th>where</th><th>why</th><th>record (redacted)</th></tr>"
        // Grouped by reason, reasons in the order the report lists them, samples in input order.
        let order = r.dropped.sorted.map { ("dropped", $0.reason) } + r.rejected.sorted.map { ("rejected", $0.reason) }
        for (kind, reason) in order {
            let group = r.samples.filter { $0.kind == kind && $0.reason == reason }
            guard !group.isEmpty else { continue }
            let filter = "jq -c 'select(.reason == \"\(reason)\")' rejects.jsonl"
            h += "<tr><th colspan=\"3\"><code>\(escape(reason))</code> <span class=\"note\">\(kind) · the rest: <code>\(escape(filter))</code></span></th></tr>"
            for s in group {
                h += "<tr><td>\(escape(s.source))\(s.line.map { ":\($0)" } ?? "")</td><td class=\"ex\">\(escape(s.message))</td><td class=\"ex\">\(escape(s.excerpt))</td></tr>"
            }
        }
        return h + "</table></div>\n"
    }

    /// Train beside validation: the numbers a reader compares.
    static func trainAndValidation(_ r: RunReport) -> String {
        let g = NumberFormatting.grouped
        let t = r.trainTokens, v = r.validationTokens
        guard !t.tokens.isEmpty || !v.tokens.isEmpty else { return "" }
        func row(_ label: String, _ a: String, _ b: String) -> String { "<tr><td>\(label)</td><td class=\"n\">\(a)</td><td class=\"n\">\(b)</td></tr>" }
        func stat(_ d: DatasetStatistics, _ f: (DatasetStatistics) -> Int) -> String { d.tokens.isEmpty ? "—" : g(f(d)) }
        var h = "<h2>Train and validation</h2><table><tr><th></th><th class=\"n\">train</th><th class=\"n\">validation</th></tr>"
        h += row("examples", g(r.train), g(r.validation))
        h += row("tokens", g(t.total), g(v.total))
        h += row("trained on (assistant turns)", g(t.trainedTokens), g(v.trainedTokens))
        h += row("tokens per example: p50", stat(t) { $0.percentile(50) }, stat(v) { $0.percentile(50) })
        h += row("p95", stat(t) { $0.percentile(95) }, stat(v) { $0.percentile(95) })
        h += row("max", stat(t) { $0.tokens.max() ?? 0 }, stat(v) { $0.tokens.max() ?? 0 })
        var note = ""
        if let adjusted = r.splitNote { note = "<p class=\"note\">\(escape(adjusted))</p>" }
        return h + "</table>\(note)\n"
    }

    /// What cleaning changed, with one excerpt per repair (redacted as the dataset is).
    static func cleaning(_ r: RunReport) -> String {
        guard let clean = r.stages.first(where: { $0.name == "clean" }) else {
            return "<h2>Cleaning</h2><p class=\"note\">The clean stage did not run (--no-clean).</p>\n"
        }
        guard !clean.changes.isEmpty else { return "<h2>Cleaning</h2><p class=\"note\">Nothing needed repairing.</p>\n" }
        let examples = r.changes.examples
        let g = NumberFormatting.grouped
        var h = "<h2>Cleaning</h2><div class=\"wide\"><table><tr><th>repair</th><th class=\"n\">messages</th><th>before</th><th>after</th></tr>"
        for (reason, count) in clean.changes.sorted {
            let e = examples[reason]?.first
            h += "<tr><td><code>\(escape(reason))</code></td><td class=\"n\">\(g(count))</td><td class=\"ex\"><del>\(escape(e?.before ?? ""))</del></td><td class=\"ex\"><ins>\(escape(e?.after ?? ""))</ins></td></tr>"
        }
        return h + "</table></div><p class=\"note\">The first change of each kind in input order, around where the text changed (⏎ is a line break).</p>\n"
    }
}
