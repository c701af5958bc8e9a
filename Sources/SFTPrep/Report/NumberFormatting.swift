/// Number formats for text people read on the terminal.
public enum NumberFormatting {
    /// `1234567` → `1,234,567`.
    public static func grouped(_ v: Int) -> String {
        let digits = String(v.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return v < 0 ? "-" + out : out
    }

    /// US dollars with cents and thousands separators (`$1,234.50`).
    public static func usd(_ v: Double) -> String {
        let cents = Int((v * 100).rounded())
        return "$" + grouped(cents / 100) + "." + (cents % 100 < 10 ? "0" : "") + String(cents % 100)
    }

    /// A value with one decimal (`12.3`).
    public static func oneDecimal(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? "\(Int(r)).0" : "\(r)"
    }
}
