import Foundation

/// Reads a Slack workspace export: a folder with `users.json`, `channels.json`
/// and one folder per channel holding a JSON file per day.
///
/// User ids become names, `<@U123>` mentions become `@name`, links and
/// channel references become their text, Slack's `&amp;` escapes are decoded.
/// Each thread (`thread_ts`) becomes its own log, taken out of the channel's
/// flow, and stays one conversation however long its replies take; join/leave
/// and other `subtype` events are dropped (counted); bot messages are marked as
/// bots (the assistant, unless `--assistant` says otherwise) — a person's file
/// upload is not a bot's, and "uploaded a file" with no comment is media.
struct SlackExportReader {
    /// Whether `dir` is a Slack export.
    static func isExport(_ dir: String) -> Bool {
        let fm = FileManager.default
        return fm.fileExists(atPath: dir + "/users.json") && fm.fileExists(atPath: dir + "/channels.json")
    }

    struct Counts { var events = ChatEventCounts(); var unreadableFiles: [String] = [] }

    static func loadJSON(_ path: String) throws -> JSONValue {
        do { return try JSONDocument.read(try InputFile(path: path)) } catch let error as RecordError {
            throw SFTPrepError.io(path: path, message: error.message)
        }
    }

    func read(_ dir: String) throws -> ([ChatLog], Counts) {
        var counts = Counts()
        var names: [String: String] = [:]
        var bots: Set<String> = []
        for u in try SlackExportReader.loadJSON(dir + "/users.json").arrayValue ?? [] {
            guard let o = u.objectValue, let id = o["id"]?.stringValue else { continue }
            let profile = o["profile"]?.objectValue
            let display = [profile?["display_name"]?.stringValue, o["real_name"]?.stringValue, profile?["real_name"]?.stringValue, o["name"]?.stringValue]
                .compactMap { $0 }.first { !$0.isEmpty } ?? id
            names[id] = display
            if o["is_bot"] == .bool(true) { bots.insert(id) }
        }
        var logs: [ChatLog] = []
        let channels = (try SlackExportReader.loadJSON(dir + "/channels.json").arrayValue ?? []).compactMap { $0.objectValue?["name"]?.stringValue }
        for channel in channels.sorted() {
            let folder = dir + "/" + channel
            let days = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
            var flow = ChatLog(name: "#" + channel, format: .slack, utc: true)
            var threads: [String: ChatLog] = [:]
            var threadOrder: [String] = []
            for day in days {
                let value: JSONValue
                do { value = try SlackExportReader.loadJSON(folder + "/" + day) } catch {
                    counts.unreadableFiles.append("\(channel)/\(day)")
                    continue
                }
                for item in value.arrayValue ?? [] {
                    guard let m = item.objectValue, let ts = m["ts"]?.stringValue, let time = Double(ts) else { continue }
                    let subtype = m["subtype"]?.stringValue
                    if let subtype, subtype != "bot_message", subtype != "thread_broadcast", subtype != "file_share", subtype != "me_message" {
                        counts.events.add(subtype.hasPrefix("huddle") || subtype == "sh_room_created" ? .call : .system)
                        continue
                    }
                    var text = SlackExportReader.plainText(m["text"]?.stringValue ?? "", names: names)
                    // Older exports: "<@U2|priya> uploaded a file: <https://…|report.pdf>" (and a comment after "and commented: ").
                    if subtype == "file_share", let up = text.range(of: " uploaded a file: ") {
                        text = text[up.upperBound...].range(of: " and commented: ").map { String(text[$0.upperBound...]) } ?? ""
                    }
                    if text.trimmingASCIIWhitespace().isEmpty {
                        if subtype == "file_share" || m["files"] != nil { counts.events.add(.media) }
                        continue
                    }
                    let userID = m["user"]?.stringValue
                    let isBot = subtype == "bot_message" || (m["bot_id"] != nil && subtype != "file_share") || userID.map { bots.contains($0) } == true
                    let author = userID.flatMap { names[$0] } ?? m["username"]?.stringValue
                        ?? m["bot_profile"]?.objectValue?["name"]?.stringValue ?? userID ?? "unknown"
                    let entry = ChatLog.Entry(author: author, isBot: isBot, time: time, text: text)
                    if let thread = m["thread_ts"]?.stringValue, m["reply_count"] != nil || thread != ts {
                        if threads[thread] == nil {
                            var log = ChatLog(name: "#\(channel) thread \(thread)", format: .slack, utc: true)
                            log.splitsOnSilence = false
                            log.metadata["thread_ts"] = .string(thread)
                            threads[thread] = log
                            threadOrder.append(thread)
                        }
                        threads[thread]!.entries.append(entry)
                    } else {
                        flow.entries.append(entry)
                    }
                }
            }
            flow.metadata["channel"] = .string(channel)
            logs.append(flow)
            for t in threadOrder {
                var log = threads[t]!
                log.entries.sort { $0.time < $1.time }
                log.metadata["channel"] = .string(channel)
                logs.append(log)
            }
        }
        return (logs, counts)
    }

    /// Slack markup to plain text: mentions, channel references, links, and `&amp;`-style escapes.
    static func plainText(_ s: String, names: [String: String]) -> String {
        guard s.utf8.contains(UInt8(ascii: "<")) || s.utf8.contains(UInt8(ascii: "&")) else { return s }
        var out = ""
        var rest = Substring(s)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            out += rest[..<open]
            let inner = rest[rest.index(after: open)..<close]
            let parts = inner.split(separator: "|", maxSplits: 1).map(String.init)
            let target = parts.first ?? ""
            if target.hasPrefix("@U") || target.hasPrefix("@W") {
                out += "@" + (names[String(target.dropFirst())] ?? (parts.count > 1 ? parts[1] : String(target.dropFirst())))
            } else if target.hasPrefix("#C") {
                out += "#" + (parts.count > 1 ? parts[1] : String(target.dropFirst()))
            } else if target.hasPrefix("!") {
                out += "@" + (parts.count > 1 ? parts[1] : String(target.dropFirst()))
            } else if parts.count > 1 {
                // A link with a label keeps both, unless the label is the address itself (mailto:, bare hosts).
                let bare = target.replacingOccurrences(of: "mailto:", with: "").replacingOccurrences(of: "https://", with: "").replacingOccurrences(of: "http://", with: "")
                out += parts[1] == bare || parts[1] == target ? parts[1] : "\(parts[1]) (\(target))"
            } else {
                out += target
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }
}
