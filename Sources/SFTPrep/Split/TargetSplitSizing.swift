/// Sizes the split for a target that refuses small files: Claude on Bedrock
/// wants at least 32 examples in each file, Nova 8. A validation set below the
/// minimum is raised to it when train keeps enough, and otherwise left empty
/// (all examples train), each said in a note; too few examples in all is an error.
struct TargetSplitSizing {
    let target: TargetProfile

    /// The plan for `records`, and why its validation size differs from `options`', if it does.
    func plan(_ records: [SplitPlanner.Record], options: SplitOptions) throws(SFTPrepError) -> (plan: SplitPlanner.Plan, options: SplitOptions, note: String?) {
        let least = target.minExamples
        let plan = SplitPlanner(options: options).plan(records)
        guard least > 1 else { return (plan, options, nil) }
        let kept = plan.trainOrder.count + plan.validationOrder.count
        let v = plan.validationOrder.count
        if kept < least {
            throw SFTPrepError.data("\(kept) example\(kept == 1 ? "" : "s") kept; \(target.name) needs at least \(least) in train.jsonl, so nothing was written (add examples or choose another target)")
        }
        if (v == 0 || v >= least) && plan.trainOrder.count >= least { return (plan, options, nil) }
        var adjusted = options
        if kept >= 2 * least {
            adjusted.validation = .count(plan.trainOrder.count < least ? kept - least : least)
            let raised = SplitPlanner(options: adjusted).plan(records)
            if raised.validationOrder.count >= least && raised.trainOrder.count >= least {
                return (raised, adjusted, "validation set to \(raised.validationOrder.count) examples (from \(v)): \(target.name) needs at least \(least) in each file")
            }
        }
        adjusted.validation = .count(0)
        let none = SplitPlanner(options: adjusted).plan(records)
        return (none, adjusted, "no validation examples: \(kept) kept, and \(target.name) needs at least \(least) in each file, so all go to train.jsonl (validation.jsonl is empty; do not upload it)")
    }
}
