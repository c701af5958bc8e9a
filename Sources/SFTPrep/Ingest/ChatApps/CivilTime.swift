/// Calendar arithmetic without Foundation's time zone machinery: chat exports
/// give wall-clock dates, and sessions only need differences and ISO text.
enum CivilTime {
    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func seconds(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Double = 0) -> Double {
        Double(days(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60) + second
    }

    /// `2023-12-31T21:41:05` (with `Z` when `utc`).
    static func iso(_ t: Double, utc: Bool) -> String {
        let total = Int(t.rounded(.down))
        var days = total / 86_400
        var secs = total % 86_400
        if secs < 0 { secs += 86_400; days -= 1 }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))T\(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60))" + (utc ? "Z" : "")
    }

    /// Parses ISO 8601 (`2023-12-31T21:41:05`, fractional seconds, `Z` or `±hh:mm`) to UTC seconds.
    static func parseISO(_ s: String) -> Double? {
        let u = Array(s.utf8)
        func num(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= u.count else { return nil }
            var v = 0
            for b in u[from..<from + len] {
                guard b >= 0x30 && b <= 0x39 else { return nil }
                v = v * 10 + Int(b - 0x30)
            }
            return v
        }
        guard u.count >= 19, let y = num(0, 4), u[4] == 0x2D, let mo = num(5, 2), u[7] == 0x2D, let d = num(8, 2),
              u[10] == UInt8(ascii: "T") || u[10] == 0x20, let h = num(11, 2), u[13] == 0x3A, let mi = num(14, 2),
              u[16] == 0x3A, let sec = num(17, 2), (1...12).contains(mo), (1...31).contains(d) else { return nil }
        var i = 19
        var fraction = 0.0
        if i < u.count, u[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            while i < u.count, u[i] >= 0x30 && u[i] <= 0x39 { fraction += Double(u[i] - 0x30) * scale; scale /= 10; i += 1 }
        }
        var offset = 0
        if i < u.count, u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") {
            guard let oh = num(i + 1, 2) else { return nil }
            let om = (i + 3 < u.count && u[i + 3] == 0x3A) ? (num(i + 4, 2) ?? 0) : (num(i + 3, 2) ?? 0)
            offset = (oh * 3600 + om * 60) * (u[i] == UInt8(ascii: "+") ? 1 : -1)
        }
        return seconds(year: y, month: mo, day: d, hour: h, minute: mi, second: Double(sec) + fraction) - Double(offset)
    }
}
