import Testing
@testable import SFTPrep

@Suite struct SplitPlannerTests {
    private func plan(_ records: [SplitPlanner.Record], _ configure: (inout SplitOptions) -> Void = { _ in }) -> SplitPlanner.Plan {
        var o = SplitOptions()
        configure(&o)
        return SplitPlanner(options: o).plan(records)
    }

    private func records(_ strata: [(String, Int)], groups: Int? = nil) -> [SplitPlanner.Record] {
        var out: [SplitPlanner.Record] = []
        for (name, count) in strata {
            for i in 0..<count {
                out.append(SplitPlanner.Record(id: "\(name)-\(i)", stratum: name, group: groups.map { "customer-\((out.count * 7 + i) % $0)" }))
            }
        }
        return out
    }

    @Test func exactCountsAndFractions() {
        let r = records([("a", 1000)])
        #expect(plan(r) { $0.validation = .count(137) }.validationOrder.count == 137)
        #expect(plan(r) { $0.validation = .fraction(0.25) }.validationOrder.count == 250)
        #expect(plan(records([("a", 7)])) { $0.validation = .fraction(0.1) }.validationOrder.count == 1)
        #expect(plan(r) { $0.validation = .count(5000) }.validationOrder.count == 1000)
    }

    @Test func strataGetTheirShareByLargestRemainderAndTheTotalIsExact() {
        let r = records([("billing", 503), ("shipping", 301), ("tech", 150), ("rare", 2), ("single", 1)])
        let p = plan(r) { $0.validation = .count(100) }
        #expect(p.validationOrder.count == 100)
        let byName = Dictionary(uniqueKeysWithValues: p.strata.map { ($0.name, $0.validation) })
        #expect(byName["billing"] == 52 && byName["shipping"] == 31 && byName["tech"] == 16)
        #expect(byName["rare"] == 1)      // at least one for a stratum of two
        #expect(byName["single"] == 0)
        #expect(p.strata.allSatisfy { $0.train + $0.validation + $0.leftOut == $0.records })
    }

    @Test func groupsNeverStraddleTheSplitEvenAcrossStrata() {
        let r = records([("billing", 400), ("shipping", 300)], groups: 90)
        let p = plan(r) { $0.validation = .fraction(0.2); $0.groupBy = "customer" }
        var sideOfGroup: [String: SplitPlanner.Side] = [:]
        for (i, rec) in r.enumerated() {
            if let seen = sideOfGroup[rec.group!] { #expect(seen == p.sides[i], "group \(rec.group!) straddles") } else { sideOfGroup[rec.group!] = p.sides[i] }
        }
        // As close to 140 as whole groups of ~7–8 allow.
        #expect(abs(p.validationOrder.count - 140) <= 8)
        #expect(p.validationOrder.count > 0)
    }

    @Test func balanceEqualAndCapChooseBySeedNotByPosition() {
        let r = records([("a", 100), ("b", 30), ("c", 50)])
        let equal = plan(r) { $0.balance = .equal; $0.validation = .fraction(0) }
        #expect(equal.strata.map { $0.records - $0.leftOut } == [30, 30, 30])
        let cap = plan(r) { $0.balance = .cap(40); $0.validation = .fraction(0) }
        #expect(cap.strata.map { $0.records - $0.leftOut } == [40, 30, 40])
        let keptA = r.indices.filter { r[$0].stratum == "a" && cap.sides[$0] != .leftOut }
        #expect(keptA != Array(0..<40))   // not simply the first 40
        let other = plan(r) { $0.balance = .cap(40); $0.validation = .fraction(0); $0.seed = 9 }
        #expect(other.sides != cap.sides)
    }

    @Test func deterministicPerSeedOrderIndependentAndShuffled() {
        let r = records([("a", 300), ("b", 200)])
        let p1 = plan(r) { $0.seed = 3 }, p2 = plan(r) { $0.seed = 3 }, p3 = plan(r) { $0.seed = 4 }
        #expect(p1.sides == p2.sides && p1.trainOrder == p2.trainOrder)
        #expect(p1.sides != p3.sides)
        #expect(p1.trainOrder != p1.trainOrder.sorted())
        #expect(plan(r) { $0.seed = 3; $0.keepOrder = true }.trainOrder == p1.trainOrder.sorted())
        // The same records in another order are assigned the same way.
        let reversed = plan(Array(r.reversed())) { $0.seed = 3 }
        #expect(Array(reversed.sides.reversed()) == p1.sides)
    }
}
