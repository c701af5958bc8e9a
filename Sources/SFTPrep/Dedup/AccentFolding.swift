import Foundation

/// What NFD-then-drop-combining-marks leaves of each character, precomputed
/// once for U+00C0–U+2FFF (where accented letters live), so dedup's
/// normaliser folds `é` to `e` with a table lookup instead of normalising
/// every string through Foundation.
enum AccentFolding {
    static let low: UInt32 = 0x00C0
    static let high: UInt32 = 0x2FFF

    /// For each scalar in range: the folded scalars, or nil when the scalar folds to itself.
    static let table: [[UInt32]?] = {
        var t: [[UInt32]?] = []
        t.reserveCapacity(Int(high - low + 1))
        for v in low...high {
            guard let scalar = Unicode.Scalar(v) else { t.append(nil); continue }
            let decomposed = String(Character(scalar)).decomposedStringWithCanonicalMapping.unicodeScalars
            let kept = decomposed.filter { $0.properties.generalCategory != .nonspacingMark && $0.properties.generalCategory != .enclosingMark }
            let values = kept.map(\.value)
            t.append(values == [v] ? nil : values)
        }
        return t
    }()

    /// The folded form of `v`, or nil when it folds to itself.
    @inline(__always)
    static func fold(_ v: UInt32) -> [UInt32]? {
        guard v >= low && v <= high else { return nil }
        return table[Int(v - low)]
    }
}
