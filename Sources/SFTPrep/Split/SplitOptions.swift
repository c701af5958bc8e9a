/// How to split a dataset into train and validation.
public struct SplitOptions: Sendable, Equatable {
    public enum Size: Sendable, Equatable {
        /// A share of the examples (0.1): validation is within one record of F × total when groups allow.
        case fraction(Double)
        /// An exact number of validation examples.
        case count(Int)
    }

    public enum Balance: Sendable, Equatable {
        case none
        /// Downsample every stratum to the size of the smallest.
        case equal
        /// Keep at most N records per stratum.
        case cap(Int)
    }

    public var validation: Size = .fraction(0.1)
    /// Metadata key whose value is each record's stratum (nil: one stratum).
    public var stratifyBy: String?
    /// Metadata key whose records must all land on the same side.
    public var groupBy: String?
    public var balance: Balance = .none
    public var seed: UInt64 = 0
    /// Keep input order inside each output instead of shuffling it.
    public var keepOrder = false

    public init() {}

    /// Parses `0.1` (a fraction) or `500` (a count).
    public static func size(_ text: String) -> Size? {
        if let n = Int(text), n >= 0 { return .count(n) }
        if let f = Double(text), f >= 0, f < 1 { return .fraction(f) }
        return nil
    }

    /// Parses `none`, `equal` or `cap:N`.
    public static func balance(_ text: String) -> Balance? {
        switch text {
        case "none": return Balance.none
        case "equal": return .equal
        default:
            guard text.hasPrefix("cap:"), let n = Int(text.dropFirst(4)), n > 0 else { return nil }
            return .cap(n)
        }
    }
}
