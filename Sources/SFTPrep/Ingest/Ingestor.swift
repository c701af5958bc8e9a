import Foundation

/// What reading one input produced, for the report.
public struct InputReport: Equatable, Sendable {
    public var path: String
    /// The format detected (`openai`, `csv`, …), `mixed: …` when records differ, or `unrecognized`.
    public var format: String
    /// Records read: conversations emitted plus records rejected.
    public var records = 0
    public var conversations = 0
    public var rejected = 0
    public var bytes = 0
    /// Why the file was not read, when it was not.
    public var skippedReason: String?
    /// Reader-specific counters: CSV rows, skipped empty rows, …
    public var notes: [String: Int] = [:]
    /// How the reader read the file, in words: the date order it chose and why, …
    public var facts: [String: String] = [:]
    /// What the user should know about this input although it was read: chats left out and why, dates that could not be read.
    public var warnings: [String] = []

    public init(path: String, format: String) {
        self.path = path
        self.format = format
    }
}

/// Reads any mix of supported inputs: files, directories (walked recursively in
/// sorted order, hidden entries skipped) and standard input (`-`).
public struct Ingestor {
    public let options: IngestOptions
    /// Called as each input is read, with the bytes read of the current file (for progress lines).
    public var onRead: ((Int) -> Void)?

    public init(options: IngestOptions = IngestOptions()) { self.options = options }

    /// The files to read, and the folders left out on the way.
    public struct InputList: Sendable {
        public var files: [String] = []
        /// Folders below a named one that hold a dataset sftprep wrote (report.json with train.jsonl), with the reason:
        /// reading them back would feed one run's output into the next.
        public var skippedFolders: [(path: String, reason: String)] = []
    }

    /// Expands directories into the files below them, sorted; refuses paths that do not exist.
    /// `excluding` (a canonical path) is the output directory: its output files are never read, so
    /// `run . --out out` and `run data --out data` do not read their own outputs.
    public func expand(_ paths: [String], excluding: String? = nil) throws(SFTPrepError) -> [String] {
        try inputs(paths, excluding: excluding).files
    }

    /// As ``expand(_:excluding:)``, with the folders that were left out.
    public func inputs(_ paths: [String], excluding: String? = nil) throws(SFTPrepError) -> InputList {
        var list = InputList()
        let fm = FileManager.default
        for path in paths {
            if path == "-" { list.files.append(path); continue }
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                throw SFTPrepError.io(path: path, message: "no such file or directory")
            }
            if isDir.boolValue, SlackExportReader.isExport(path) {
                list.files.append(path)
            } else if isDir.boolValue {
                try walk(path, into: &list, excluding: excluding, named: true)
            } else if let excluding, Ingestor.isOutputFile(path, of: excluding) {
                throw SFTPrepError.usage("\(path) is one of this run's own output files; sftprep will not read and overwrite the same file")
            } else {
                list.files.append(path)
            }
        }
        return list
    }

    private func walk(_ dir: String, into list: inout InputList, excluding: String?, named: Bool) throws(SFTPrepError) {
        let fm = FileManager.default
        let canonical = Ingestor.canonicalPath(dir)
        if let excluding, canonical == excluding, !named { return }
        if !named, canonical != excluding, Ingestor.holdsOutputSet(dir) {
            list.skippedFolders.append((dir, "holds a dataset sftprep wrote (report.json, train.jsonl); name the folder itself to read it"))
            return
        }
        let names: [String]
        do { names = try fm.contentsOfDirectory(atPath: dir) } catch {
            throw SFTPrepError.io(path: dir, message: "cannot list directory")
        }
        let base = dir.hasSuffix("/") ? String(dir.dropLast()) : dir
        let isOutputDirectory = canonical == excluding
        for name in names.sorted() where !name.hasPrefix(".") {
            if isOutputDirectory && Ingestor.outputNames.contains(name) { continue }
            let full = base + "/" + name
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: full, isDirectory: &isDir) else { continue }
            if isDir.boolValue && !SlackExportReader.isExport(full) {
                try walk(full, into: &list, excluding: excluding, named: false)
            } else {
                list.files.append(full)
            }
        }
    }

    /// The files a run writes into its output directory.
    public static let outputNames = Set(RunPipeline.outputNames)

    /// Whether `path` is one of the output files of the output directory `outputDirectory` (canonical).
    static func isOutputFile(_ path: String, of outputDirectory: String) -> Bool {
        let canonical = canonicalPath(path)
        guard let slash = canonical.lastIndex(of: "/") else { return false }
        return String(canonical[..<slash]) == outputDirectory && outputNames.contains(String(canonical[canonical.index(after: slash)...]))
    }

    /// Whether `dir` holds a dataset sftprep wrote: a report.json that sftprep made (its `tool` names
    /// sftprep) beside a train.jsonl.
    static func holdsOutputSet(_ dir: String) -> Bool {
        let fm = FileManager.default
        let base = dir.hasSuffix("/") ? dir : dir + "/"
        guard fm.fileExists(atPath: base + "train.jsonl"), let input = try? InputFile(path: base + "report.json"),
              let head = try? input.peek(512) else { return false }
        let text = String(decoding: head, as: UTF8.self)
        return text.contains("\"tool\"") && text.contains("\"sftprep\"")
    }

    /// The absolute path with symbolic links and `..` resolved (the path itself when it does not exist).
    public static func canonicalPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Reads one file (or `-`), handing every conversation and reject to `emit`.
    public func ingest(path: String, emit: (IngestItem) throws -> Void) throws -> InputReport {
        var report = InputReport(path: path, format: "unrecognized")
        if path != "-", SlackExportReader.isExport(path) {
            let (logs, counts) = try SlackExportReader().read(path)
            report.format = InputFormat.slack.rawValue
            report.notes = counts.events.reportNotes
            if !counts.unreadableFiles.isEmpty { report.notes["unreadable_day_files"] = counts.unreadableFiles.count }
            try emitChatLogs(logs, source: path, report: &report, emit: emit)
            return report
        }
        let input = try InputFile(path: path)
        input.onRead = onRead
        let head = try input.peek(FormatDetector.headSize)
        func counting(_ item: IngestItem) throws {
            report.records += 1
            switch item {
            case .conversation: report.conversations += 1
            case .reject: report.rejected += 1
            }
            try emit(item)
        }
        switch FormatDetector(options: options).decide(path: path, head: head) {
        case .empty:
            report.format = "empty"
        case .unrecognized(let reason):
            report.skippedReason = reason
        case .json(let layout):
            let summary = try JSONRecordReader(mapper: JSONRecordMapper(forced: options.format)).read(input, layout: layout, emit: counting)
            report.format = Ingestor.label(summary.formats, fallback: options.format?.rawValue ?? "json")
            for (k, v) in summary.skipped.reportNotes { report.notes[k] = v }
            if layout != .lines { report.notes["layout_\(layout.rawValue)"] = 1 }
        case .csv(let delimiter):
            do {
                report.notes = try CSVReader(options: options).read(input, delimiter: delimiter, emit: counting)
                report.format = InputFormat.csv.rawValue
            } catch let error as RecordError {
                report.skippedReason = error.message
            }
        case .transcript:
            try TranscriptReader(options: options).read(input, emit: counting)
            report.format = InputFormat.transcript.rawValue
        case .chatApp(let app):
            guard let reader = ChatAppReaders.reader(for: app) else {
                // A format detected as a chat app with no reader here: said, never read by another app's reader.
                report.format = app.rawValue
                report.skippedReason = "no chat-app reader for \(app.rawValue) files in this build"
                break
            }
            do {
                let read = try reader.read(input, head: head, options: options)
                report.format = app.rawValue
                report.notes = read.notes.filter { $0.value > 0 }
                report.facts.merge(read.facts) { $1 }
                report.warnings += read.warnings
                try emitChatLogs(read.logs, source: path, report: &report, emit: emit)
            } catch let error as RecordError {
                report.skippedReason = error.message
            }
        }
        report.bytes = max(input.size ?? 0, input.bytesRead)
        return report
    }

    /// Splits chat logs into sessions and emits them. A log whose assistant cannot be
    /// told is left out and counted; when no log of the input can be used, the input is skipped with the reason.
    private func emitChatLogs(_ logs: [ChatLog], source: String, report: inout InputReport, emit: (IngestItem) throws -> Void) throws {
        let builder = SessionBuilder(options: options)
        var failures: [RecordError] = []
        var used = 0
        var all: [Conversation] = []
        for log in logs where !log.entries.isEmpty {
            let conversations: [Conversation]
            do throws(RecordError) { conversations = try builder.conversations(log, source: source) } catch {
                failures.append(error)
                continue
            }
            used += 1
            all += conversations
        }
        // In time order across the export's logs (a Slack thread among its channel's sessions), ties as read.
        if logs.count > 1 {
            all = all.enumerated().sorted { a, b in
                let x = a.element.metadata.label("start") ?? "", y = b.element.metadata.label("start") ?? ""
                return x != y ? x < y : a.offset < b.offset
            }.map(\.element)
        }
        for c in all {
            report.records += 1
            report.conversations += 1
            try emit(.conversation(c))
        }
        if !failures.isEmpty {
            if used == 0 { report.skippedReason = failures[0].message + (failures.count > 1 ? " (and \(failures.count - 1) more chats)" : "") }
            else {
                report.notes["chats_without_assistant"] = failures.count
                report.warnings += failures.map { "skipped " + $0.message }
            }
        }
    }

    /// `openai`, or `mixed: openai 3, sharegpt 2` when a file mixes record shapes.
    static func label(_ formats: [InputFormat: Int], fallback: String) -> String {
        if formats.isEmpty { return fallback }
        if formats.count == 1 { return formats.first!.key.rawValue }
        let parts = formats.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.rawValue < $1.key.rawValue }
        return "mixed: " + parts.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
    }
}
