/// The order of day, month and year in a chat export's numeric dates
/// (`02/11/2020`), decided once per file from all the evidence it carries —
/// never line by line — or given with `--date-order`.
public enum DateOrder: String, CaseIterable, Sendable {
    case dmy, mdy, ymd

    /// As written in metadata: `day-month-year`.
    var label: String {
        switch self {
        case .dmy: return "day-month-year"
        case .mdy: return "month-day-year"
        case .ymd: return "year-month-day"
        }
    }

    /// Year, month and day of three numbers read in this order (two-digit years in 2000–2099).
    func ymd(_ p: (Int, Int, Int)) -> (year: Int, month: Int, day: Int) {
        var (y, m, d): (Int, Int, Int)
        switch self {
        case .ymd: (y, m, d) = (p.0, p.1, p.2)
        case .dmy: (y, m, d) = (p.2, p.1, p.0)
        case .mdy: (y, m, d) = (p.2, p.0, p.1)
        }
        if y < 100 { y += 2000 }
        return (y, m, d)
    }

    /// Whether every date is a real date in this order.
    func fits(_ dates: [(Int, Int, Int)]) -> Bool {
        dates.allSatisfy { p in let (_, m, d) = ymd(p); return (1...12).contains(m) && (1...31).contains(d) }
    }
}

/// An order and why it was chosen, for the report.
struct DateOrderDecision: Equatable {
    var order: DateOrder
    var reason: String
}

/// What a file says about its dates.
struct DateEvidence {
    /// Each message's date numbers as written, in file order.
    var dates: [(Int, Int, Int)] = []
    /// Seconds into the day of each message (same order).
    var timesOfDay: [Int] = []
    /// Whether the first number has four digits (then it is the year).
    var yearFirst = false
    /// Bracketed lines (iOS), dotted dates, four-digit years at the end, and the case of AM/PM when seen.
    var bracketed = false
    var dotted = false
    var fourDigitYear = false
    var meridiemLowerCase: Bool?
    /// Dates that the file's own attachment names carry (`00000012-PHOTO-2020-11-02-…`, `IMG-20201102-WA0011`),
    /// with the index of the message they belong to.
    var attachmentDates: [(index: Int, year: Int, month: Int, day: Int)] = []

    /// The order, by the strongest evidence present.
    func decide(forced: DateOrder?) -> DateOrderDecision {
        if let forced { return DateOrderDecision(order: forced, reason: "--date-order") }
        if yearFirst { return DateOrderDecision(order: .ymd, reason: "four-digit first number") }
        let dmyFits = DateOrder.dmy.fits(dates), mdyFits = DateOrder.mdy.fits(dates)
        if dmyFits && !mdyFits { return DateOrderDecision(order: .dmy, reason: "a first number above 12 (the day)") }
        if mdyFits && !dmyFits { return DateOrderDecision(order: .mdy, reason: "a second number above 12 (the day)") }
        // Attachment names carry the date the file was sent: they agree with one reading.
        var agree: [DateOrder: Int] = [:]
        for a in attachmentDates where a.index < dates.count {
            for order in [DateOrder.dmy, .mdy] {
                let (y, m, d) = order.ymd(dates[a.index])
                if y == a.year && m == a.month && d == a.day { agree[order, default: 0] += 1 }
            }
        }
        if agree[.dmy, default: 0] != agree[.mdy, default: 0] {
            let order: DateOrder = agree[.dmy, default: 0] > agree[.mdy, default: 0] ? .dmy : .mdy
            return DateOrderDecision(order: order, reason: "attachment names carry ISO dates")
        }
        // A chat runs forward: the wrong reading sends it back in time where a month turns.
        let back = [DateOrder.dmy, .mdy].map { order in backwardSteps(order) }
        if back[0] != back[1] {
            return DateOrderDecision(order: back[0] < back[1] ? .dmy : .mdy, reason: "times run forward in this order")
        }
        // Conventions of the exporting phone.
        if dotted { return DateOrderDecision(order: .dmy, reason: "dotted dates are day-first") }
        if bracketed && fourDigitYear && meridiemLowerCase == true {
            return DateOrderDecision(order: .dmy, reason: "iOS with a four-digit year and lower-case am/pm (en-GB style)")
        }
        if meridiemLowerCase == false && !fourDigitYear {
            return DateOrderDecision(order: .mdy, reason: "upper-case AM/PM with a two-digit year (US style)")
        }
        return DateOrderDecision(order: .dmy, reason: "undecidable from the file: day first, as most of the world writes")
    }

    /// How often the time goes backwards from one message to the next when dates are read in `order`.
    func backwardSteps(_ order: DateOrder) -> Int {
        var count = 0
        var previous: Double?
        for (k, p) in dates.enumerated() {
            let (y, m, d) = order.ymd(p)
            let t = CivilTime.seconds(year: y, month: max(1, min(12, m)), day: max(1, min(31, d))) + Double(k < timesOfDay.count ? timesOfDay[k] : 0)
            if let previous, t < previous { count += 1 }
            previous = t
        }
        return count
    }

    /// Dates in attachment names: iOS `00000012-PHOTO-2020-11-02-21-47-19.jpg`, Android `IMG-20201102-WA0011.jpg`.
    static func attachmentDate(_ text: Substring) -> (year: Int, month: Int, day: Int)? {
        let u = Array(text.utf8)
        func digits(_ i: Int, _ n: Int) -> Int? {
            guard i >= 0, i + n <= u.count else { return nil }
            var v = 0
            for b in u[i..<(i + n)] { guard b >= 0x30 && b <= 0x39 else { return nil }; v = v * 10 + Int(b - 0x30) }
            return v
        }
        var i = 0
        while i + 10 <= u.count {
            // YYYY-MM-DD after "-PHOTO-", "-VIDEO-", "-AUDIO-", …
            if let y = digits(i, 4), u[i + 4] == 0x2D, let m = digits(i + 5, 2), u[i + 7] == 0x2D, let d = digits(i + 8, 2),
               i > 0, u[i - 1] == 0x2D, (2009...2100).contains(y), (1...12).contains(m), (1...31).contains(d) {
                return (y, m, d)
            }
            // -YYYYMMDD-WA
            if i > 0, u[i - 1] == 0x2D, let y = digits(i, 4), let m = digits(i + 4, 2), let d = digits(i + 6, 2), i + 10 < u.count,
               u[i + 8] == 0x2D, u[i + 9] == UInt8(ascii: "W"), (2009...2100).contains(y), (1...12).contains(m), (1...31).contains(d) {
                return (y, m, d)
            }
            i += 1
        }
        return nil
    }
}
