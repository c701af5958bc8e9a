/// Where a command writes: data to `stdout`, diagnostics to `stderr`.
public struct CommandContext {
    public let stdout: OutputStream
    public let stderr: OutputStream
    /// Whether standard error is a terminal (progress lines are shown only then).
    public var stderrIsTerminal: Bool

    public init(stdout: OutputStream, stderr: OutputStream, stderrIsTerminal: Bool = false) {
        self.stdout = stdout
        self.stderr = stderr
        self.stderrIsTerminal = stderrIsTerminal
    }

    /// Writes `sftprep: message` to standard error (never fails: diagnostics must not end a run).
    public func warn(_ message: String) {
        try? stderr.write("sftprep: \(message)\n")
        try? stderr.flush()
    }
}

/// A subcommand: its help and what it does. Returns the process exit code.
public protocol Command {
    static var spec: CommandSpec { get }
    static func execute(_ arguments: ParsedArguments, context: CommandContext) throws -> Int32
}

/// Options shared by every command that reads inputs.
enum SharedOptions {
    static let ingest: [OptionSpec] = [
        OptionSpec("--format", value: "NAME",
                   help: "Read every input as this format instead of detecting it: \(InputFormat.allCases.map(\.rawValue).joined(separator: ", "))."),
        OptionSpec("--assistant", value: "NAMES",
                   help: "Comma-separated names whose messages are the assistant's: in chat-app exports (WhatsApp, Slack, Discord, Telegram), transcripts with named speakers and CSV speaker/author columns; everyone else is the user."),
        OptionSpec("--delimiter", value: "CHAR", help: "CSV delimiter: ',', ';', 'tab' or '|' (default: sniffed from the header)."),
        OptionSpec("--session-gap", value: "DURATION", help: "Chat-app exports: a silence longer than this starts a new conversation, e.g. 30m, 6h, 2d (default: 6h)."),
        OptionSpec("--date-order", value: "ORDER", help: "Chat-app exports: dmy, mdy or ymd for numeric dates such as 02/11/2020 (default: decided per file from its evidence, reported in report.json)."),
    ]

    static func ingestOptions(_ p: ParsedArguments) throws(SFTPrepError) -> IngestOptions {
        var o = IngestOptions()
        if let name = p.value("--format") {
            guard let f = InputFormat(name: name) else {
                let names = InputFormat.allCases.map(\.rawValue).joined(separator: ", ")
                throw SFTPrepError.usage("unknown format '\(name)'; expected one of: \(names)")
            }
            o.format = f
        }
        if let names = p.value("--assistant") {
            o.assistantNames = names.split(separator: ",").map { String($0).trimmingASCIIWhitespace() }.filter { !$0.isEmpty }
        }
        if let d = p.value("--delimiter") {
            switch d {
            case ",", "comma": o.csvDelimiter = UInt8(ascii: ",")
            case ";", "semicolon": o.csvDelimiter = UInt8(ascii: ";")
            case "tab", "\\t", "\t": o.csvDelimiter = 0x09
            case "|", "pipe": o.csvDelimiter = UInt8(ascii: "|")
            default: throw SFTPrepError.usage("unsupported --delimiter '\(d)'; use ',', ';', 'tab' or '|'")
            }
        }
        if let g = p.value("--session-gap") {
            guard let seconds = duration(g), seconds > 0 else {
                throw SFTPrepError.usage("--session-gap takes a duration such as 90s, 30m, 6h, 2d or 1h30m, got '\(g)'")
            }
            o.sessionGap = seconds
        }
        if let d = p.value("--date-order") {
            guard let order = DateOrder(rawValue: d.lowercased()) else { throw SFTPrepError.usage("--date-order takes dmy, mdy or ymd, got '\(d)'") }
            o.dateOrder = order
        }
        return o
    }

    /// The files `paths` name (standard input when there are none), each folder left out named on standard error.
    static func inputFiles(_ ingestor: Ingestor, _ paths: [String], context: CommandContext) throws(SFTPrepError) -> [String] {
        let list = try ingestor.inputs(paths.isEmpty ? ["-"] : paths)
        for folder in list.skippedFolders { context.warn("skipped \(folder.path): \(folder.reason)") }
        return list.files
    }

    /// `90s`, `30m`, `6h`, `2d`, `1h30m` → seconds.
    static func duration(_ s: String) -> Double? {
        var total = 0.0
        var number = ""
        var sawUnit = false
        for c in s.lowercased() {
            if c.isNumber || c == "." { number.append(c); continue }
            guard let v = Double(number) else { return nil }
            switch c {
            case "s": total += v
            case "m": total += v * 60
            case "h": total += v * 3600
            case "d": total += v * 86_400
            default: return nil
            }
            number = ""
            sawUnit = true
        }
        guard number.isEmpty, sawUnit else { return nil }
        return total
    }
}
