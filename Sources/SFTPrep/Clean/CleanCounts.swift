/// The clean stage's per-record counters, in a fixed-size value (no hashing or
/// allocation per record); turned into named ``ReasonCounts`` for the report.
struct CleanCounts: Sendable, Equatable {
    enum Counter: Int, CaseIterable {
        // The first lanes follow TextRepair.allCases (14 of them).
        case systemReplaced = 14, systemAdded, emptyMessagesRemoved, mergedTurns, trailingTurnsTrimmed

        var name: String {
            switch self {
            case .systemReplaced: return "system_replaced"
            case .systemAdded: return "system_added"
            case .emptyMessagesRemoved: return "empty_messages_removed"
            case .mergedTurns: return "merged_turns"
            case .trailingTurnsTrimmed: return "trailing_turns_trimmed"
            }
        }
    }

    private static let repairLane: [TextRepair: Int] = {
        precondition(TextRepair.allCases.count <= Counter.systemReplaced.rawValue, "a new TextRepair needs the counters moved up")
        return Dictionary(uniqueKeysWithValues: TextRepair.allCases.enumerated().map { ($1, $0) })
    }()

    private(set) var lanes = SIMD32<Int32>()

    mutating func add(_ c: Counter, _ n: Int = 1) { lanes[c.rawValue] &+= Int32(n) }
    mutating func add(_ r: TextRepair) { lanes[CleanCounts.repairLane[r]!] &+= 1 }
    mutating func merge(_ other: CleanCounts) { lanes &+= other.lanes }

    var reasonCounts: ReasonCounts {
        var out = ReasonCounts()
        for (i, r) in TextRepair.allCases.enumerated() where lanes[i] > 0 { out.add(r.rawValue, Int(lanes[i])) }
        for c in Counter.allCases where lanes[c.rawValue] > 0 { out.add(c.name, Int(lanes[c.rawValue])) }
        return out
    }
}
