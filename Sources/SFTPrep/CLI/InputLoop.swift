/// The one input loop every command uses: each file the arguments name (standard
/// input when none), read record by record. Conversations go to the caller;
/// unreadable records are counted by reason and the first 20 shown on standard
/// error (then one line with the rest); files that are not a known format are
/// skipped with their reason, folders left out are named, and a reader's
/// warnings are passed on with the file's path.
struct InputLoop {
    let ingestor: Ingestor
    let context: CommandContext
    /// Show nothing but failures (`--quiet`).
    var quiet = false
    /// The files to read, in order.
    let files: [String]
    /// Records that could not be read, by reason.
    private(set) var unreadable = ReasonCounts()
    /// Files skipped as not a known format.
    private(set) var skipped = 0
    /// How many unreadable records are shown one by one.
    static let shownRejects = 20

    init(_ ingestor: Ingestor, paths: [String], context: CommandContext, quiet: Bool = false) throws(SFTPrepError) {
        self.ingestor = ingestor
        self.context = context
        self.quiet = quiet
        files = try SharedOptions.inputFiles(ingestor, paths, context: context)
    }

    /// Whether no file could be read at all.
    var nothingRead: Bool { skipped == files.count }

    /// Reads every file: `conversation` for each conversation, `reject` (after the warning) for each unreadable
    /// record, `fileDone` after each file. Ends with the count of unreadable records not shown.
    mutating func run(conversation: (Conversation) throws -> Void,
                      reject: (Reject) throws -> Void = { _ in },
                      fileDone: (String) throws -> Void = { _ in }) throws {
        for path in files {
            let report = try ingestor.ingest(path: path) { item in
                switch item {
                case .conversation(let c): try conversation(c)
                case .reject(let r):
                    unreadable.add(r.reason)
                    if !quiet && unreadable.total <= InputLoop.shownRejects { context.warn("rejected: \(r.diagnostic)") }
                    try reject(r)
                }
            }
            if let reason = report.skippedReason {
                skipped += 1
                context.warn("skipped \(path): \(reason)")
            }
            for warning in report.warnings { context.warn("\(path): \(warning)") }
            try fileDone(path)
        }
        let g = NumberFormatting.grouped
        if !quiet && unreadable.total > InputLoop.shownRejects {
            context.warn("… and \(g(unreadable.total - InputLoop.shownRejects)) more unreadable records (\(g(unreadable.total)) in all)")
        }
    }
}
