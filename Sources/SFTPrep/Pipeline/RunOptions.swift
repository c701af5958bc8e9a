/// Settings of a whole `sftprep run`.
public struct RunOptions: Sendable {
    public var inputs: [String]
    public var outputDirectory: String
    public var ingest = IngestOptions()
    /// Keep `metadata` (and extra message keys) in train/validation files.
    public var keepMetadata = false
    public var validationFraction = 0.1
    public var seed: UInt64 = 0
    /// Replace a dataset already in the output directory.
    public var force = false
    /// The clean stage's settings, or nil to skip cleaning.
    public var clean: CleanOptions? = CleanOptions()
    /// The dedup stage's settings, or nil to skip deduplication.
    public var dedup: DedupOptions? = DedupOptions()

    public init(inputs: [String], outputDirectory: String) {
        self.inputs = inputs
        self.outputDirectory = outputDirectory
    }
}
