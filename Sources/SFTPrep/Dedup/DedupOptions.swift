/// Settings of the `dedup` stage. Defaults: exact and near-duplicate removal over whole conversations.
public struct DedupOptions: Sendable, Equatable {
    public var scope: DedupScope = .conversation
    /// Also remove near-duplicates (MinHash/LSH); false means exact copies only (`--exact`).
    public var near = true
    /// Estimated Jaccard similarity at or above which two texts are near-duplicates.
    public var threshold = 0.8
    /// Near dedup reads every digit as `0` (`--ignore-digits`), as web-text pipelines do: then
    /// "3 times 4 is 12" and "7 times 8 is 56" are near-duplicates. Off by default: for fine-tuning
    /// those are different examples. Exact keys always keep digits.
    public var ignoreDigits = false
    /// Word n-gram size for shingles (characters count as words in Chinese, Japanese and Thai).
    public var ngram = 3
    /// MinHash permutations; bands × rows are chosen for the threshold unless given.
    public var permutations = 128
    public var bands: Int?
    public var rows: Int?
    public var seed: UInt64 = 1
    /// Bytes of memory for what dedup remembers of kept conversations; past it the rest moves to a
    /// temporary file (``KeptIndex``). nil keeps it all in memory.
    public var indexMemory: Int? = DedupOptions.runIndexMemory
    /// `run`'s default: half of its two-gigabyte goal, so a million conversations never touch the file.
    public static let runIndexMemory = 1_000_000_000
    /// The `dedup` filter's default: a filter should stream in flat memory.
    public static let filterIndexMemory = 128_000_000

    public init() {}

    /// The LSH banding in use.
    public var lsh: LSHParameters {
        if let bands, let rows { return LSHParameters(bands: bands, rows: rows) }
        return LSHParameters.optimal(threshold: threshold, permutations: permutations)
    }
}
