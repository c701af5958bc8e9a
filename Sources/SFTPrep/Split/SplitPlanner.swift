/// Decides, from small per-record keys only, which records go to validation,
/// which to train, which are left out by balancing, and in what order each
/// file is written. Records themselves wait in a spool file.
///
/// - Balance first: `equal` or `cap:N` keep, per stratum, the records with the
///   smallest seeded hash — a deterministic sample, never just the first N.
/// - Validation size: exact for a count; round(F × kept) for a fraction.
/// - Stratification: each stratum's share by largest remainder, so the total
///   is exact; a stratum with at least 2 records gets at least 1 when possible.
/// - Groups: whole groups move together. Groups are taken in seeded order when
///   they keep every stratum within its quota (a group's records may sit in
///   several strata); any shortfall of the total is then filled from the rest.
/// - Output order: a seeded shuffle (or input order with `keepOrder`).
public struct SplitPlanner: Sendable {
    public enum Side: UInt8, Sendable { case train, validation, leftOut }

    public struct Record: Sendable {
        public var id: String
        public var stratum: String
        public var group: String?
        public init(id: String, stratum: String = "", group: String? = nil) {
            self.id = id
            self.stratum = stratum
            self.group = group
        }
    }

    public struct Plan: Sendable {
        public var sides: [Side]
        /// Record indices in the order each file is written.
        public var trainOrder: [Int]
        public var validationOrder: [Int]
        /// Per stratum: records, left out by balancing, train, validation (sorted by stratum name).
        public var strata: [(name: String, records: Int, leftOut: Int, train: Int, validation: Int)]
    }

    public let options: SplitOptions

    public init(options: SplitOptions) { self.options = options }

    func hash(_ s: String, _ salt: UInt64) -> UInt64 { StableHash.hash(s, seed: options.seed ^ salt) }

    public func plan(_ records: [Record]) -> Plan {
        let n = records.count
        var sides = [Side](repeating: .train, count: n)
        // Strata in name order.
        var strataIndex: [String: Int] = [:]
        var strataNames: [String] = []
        var stratumOf = [Int](repeating: 0, count: n)
        var last: (name: String, index: Int)?
        for (i, r) in records.enumerated() {
            // Neighbours mostly share a stratum (one source file after another): no lookup for them.
            if let last, last.name == r.stratum { stratumOf[i] = last.index; continue }
            if let s = strataIndex[r.stratum] { stratumOf[i] = s } else {
                strataIndex[r.stratum] = strataNames.count
                stratumOf[i] = strataNames.count
                strataNames.append(r.stratum)
            }
            last = (r.stratum, stratumOf[i])
        }
        let order = strataNames.indices.sorted { strataNames[$0] < strataNames[$1] }
        var members = [[Int]](repeating: [], count: strataNames.count)
        for i in 0..<n { members[stratumOf[i]].append(i) }
        // Each record's two seeded hashes (which records are taken; output order), on all cores.
        let hashes = ParallelMap.map(n) { (hash(records[$0].id, 0x5EED), options.keepOrder ? 0 : hash(records[$0].id, 0x0D0E)) }
        let recordHash = hashes.map(\.0)

        // 1. Balance.
        var cap: Int?
        switch options.balance {
        case .none: cap = nil
        case .equal: cap = members.map(\.count).min()
        case .cap(let c): cap = c
        }
        if let cap {
            for s in members.indices where members[s].count > cap {
                let ranked = SplitPlanner.sorted(members[s], by: recordHash)
                for i in ranked[cap...] { sides[i] = .leftOut }
                members[s] = members[s].filter { sides[$0] != .leftOut }
            }
        }
        let kept = members.reduce(0) { $0 + $1.count }

        // 2. Total and per-stratum quotas (largest remainder).
        var total: Int
        switch options.validation {
        case .count(let c): total = min(c, kept)
        case .fraction(let f): total = Int((Double(kept) * f).rounded())
        }
        total = max(0, total)
        var quota = [Int](repeating: 0, count: members.count)
        if kept > 0 && total > 0 {
            let exact = members.map { Double(total) * Double($0.count) / Double(kept) }
            for s in members.indices { quota[s] = Int(exact[s].rounded(.down)) }
            var remaining = total - quota.reduce(0, +)
            let byRemainder = order.sorted { (exact[$0] - Double(quota[$0])) > (exact[$1] - Double(quota[$1])) }
            for s in byRemainder where remaining > 0 && quota[s] < members[s].count { quota[s] += 1; remaining -= 1 }
            // At least one validation record for every stratum with two or more, taken from the largest surplus.
            for s in order where members[s].count >= 2 && quota[s] == 0 {
                var donor: Int?
                for t in order where quota[t] > 1 {
                    if let d = donor, Double(quota[d]) - exact[d] >= Double(quota[t]) - exact[t] { continue }
                    donor = t
                }
                if let donor {
                    quota[donor] -= 1
                    quota[s] += 1
                }
            }
        }

        // 3. Choose validation records: by record, or by whole groups.
        if options.groupBy == nil {
            for s in members.indices {
                let ranked = SplitPlanner.sorted(members[s], by: recordHash)
                for i in ranked.prefix(quota[s]) { sides[i] = .validation }
            }
        } else {
            var groupIndex: [String: Int] = [:]
            var groups: [[Int]] = []
            var groupKeys: [String] = []
            for s in order {
                for i in members[s] {
                    let key = records[i].group ?? "\u{0}record:\(records[i].id)"
                    if let g = groupIndex[key] { groups[g].append(i) } else {
                        groupIndex[key] = groups.count
                        groups.append([i])
                        groupKeys.append(key)
                    }
                }
            }
            // Groups in seeded order; a group goes to validation when it keeps every stratum within
            // its quota (its records may sit in several strata). Then any shortfall of the total is
            // filled from the remaining groups that still fit it.
            let groupHash = groupKeys.map { hash($0, 0x6209) }
            let ranked = SplitPlanner.sorted(Array(groups.indices), by: groupHash)
            var chosen = [Bool](repeating: false, count: groups.count)
            var have = [Int](repeating: 0, count: members.count)
            var filled = 0
            for g in ranked where filled < total {
                var fits = true
                var add: [Int: Int] = [:]
                for i in groups[g] { add[stratumOf[i], default: 0] += 1 }
                for (s, k) in add where have[s] + k > quota[s] { fits = false; break }
                guard fits else { continue }
                chosen[g] = true
                for (s, k) in add { have[s] += k }
                filled += groups[g].count
            }
            if filled < total {
                for g in ranked where !chosen[g] && filled + groups[g].count <= total {
                    chosen[g] = true
                    filled += groups[g].count
                }
            }
            for (g, list) in groups.enumerated() where chosen[g] { for i in list { sides[i] = .validation } }
        }

        // 4. Output order.
        let orderKey = options.keepOrder ? nil : hashes.map(\.1)
        func ordered(_ side: Side) -> [Int] {
            let list = (0..<n).filter { sides[$0] == side }
            guard let key = orderKey else { return list }
            return SplitPlanner.sorted(list, by: key)
        }
        var tally = [(train: Int, validation: Int, leftOut: Int)](repeating: (0, 0, 0), count: strataNames.count)
        for i in 0..<n {
            switch sides[i] {
            case .train: tally[stratumOf[i]].train += 1
            case .validation: tally[stratumOf[i]].validation += 1
            case .leftOut: tally[stratumOf[i]].leftOut += 1
            }
        }
        let strata = order.map { s in
            (name: strataNames[s], records: tally[s].train + tally[s].validation + tally[s].leftOut, leftOut: tally[s].leftOut,
             train: tally[s].train, validation: tally[s].validation)
        }
        return Plan(sides: sides, trainOrder: ordered(.train), validationOrder: ordered(.validation), strata: strata)
    }

    /// `indices` in ascending order of `key[index]`, ties in index order: the seeded orders above.
    /// Sorts (key, index) pairs, so comparisons read neighbouring memory rather than `key` at random.
    static func sorted(_ indices: [Int], by key: [UInt64]) -> [Int] {
        var pairs = indices.map { (key[$0], $0) }
        pairs.sort { $0 < $1 }
        return pairs.map(\.1)
    }
}

extension SplitPlanner {
    /// What to say about a plan before it is written: a validation size that leaves no training
    /// example is an error (thrown, with the numbers); a `--stratify-by` or `--group-by` key that no
    /// record has a value for comes back as a warning, since the split then ignores it.
    public func check(_ records: [Record], _ plan: Plan) throws(SFTPrepError) -> [String] {
        let g = NumberFormatting.grouped
        if plan.trainOrder.isEmpty && !plan.validationOrder.isEmpty {
            let asked: String
            switch options.validation {
            case .count(let c): asked = "--validation \(c)"
            case .fraction(let f): asked = "--validation \(f)"
            }
            let kept = plan.trainOrder.count + plan.validationOrder.count
            throw SFTPrepError.usage("\(asked) leaves no training example: all \(g(kept)) kept examples would go to validation; ask for fewer than \(g(kept)) (a count such as \(max(1, kept / 10)), or a fraction such as 0.1)")
        }
        var warnings: [String] = []
        if let key = options.stratifyBy, !records.isEmpty, records.allSatisfy({ $0.stratum.isEmpty }) {
            warnings.append("no record has a value for the metadata key '\(key)' (--stratify-by), so the split is not stratified")
        }
        if let key = options.groupBy, !records.isEmpty, records.allSatisfy({ $0.group == nil }) {
            warnings.append("no record has a value for the metadata key '\(key)' (--group-by), so every record is its own group")
        }
        return warnings
    }
}
