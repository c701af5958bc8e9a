/// Settings that change how inputs are read.
public struct IngestOptions: Sendable, Equatable {
    /// Forces one format for every input instead of detecting it.
    public var format: InputFormat?
    /// Speaker names whose turns are the assistant's (transcripts with named speakers).
    public var assistantNames: [String]
    /// Forces the CSV delimiter instead of sniffing it.
    public var csvDelimiter: UInt8?
    /// Chat-app exports: a silence longer than this (seconds) starts a new conversation.
    public var sessionGap: Double = 6 * 3600
    /// Chat-app exports: the order of day, month and year in numeric dates, instead of deciding it per file.
    public var dateOrder: DateOrder?

    public init(format: InputFormat? = nil, assistantNames: [String] = [], csvDelimiter: UInt8? = nil) {
        self.format = format
        self.assistantNames = assistantNames
        self.csvDelimiter = csvDelimiter
    }
}
