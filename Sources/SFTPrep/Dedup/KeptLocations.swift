/// Where each kept conversation came from (its id, source and line), packed
/// into a few flat arrays: dedup needs it only to name the first copy when a
/// later one is dropped, so it should cost bytes per conversation, not a
/// tuple of strings with their own allocations.
struct KeptLocations {
    /// Every id's UTF-8 back to back; a conversation without an id has the single byte 0xFF (never in UTF-8).
    private var idBytes: [UInt8] = []
    private var idEnds: [Int] = []
    private var sourceOf: [Int32] = []
    private var lines: [Int64] = []
    private var sources: [String] = []
    private var sourceIndex: [String: Int32] = [:]

    var count: Int { idEnds.count }

    mutating func append(id: String?, source: String?, line: Int?) {
        if var id {
            id.withUTF8 { idBytes.append(contentsOf: $0) }
        } else {
            idBytes.append(0xFF)
        }
        idEnds.append(idBytes.count)
        if let source {
            // Consecutive conversations nearly always share their file: compare with the last before hashing.
            if let last = sources.last, last == source {
                sourceOf.append(Int32(sources.count - 1))
            } else if let known = sourceIndex[source] {
                sourceOf.append(known)
            } else {
                sourceIndex[source] = Int32(sources.count)
                sourceOf.append(Int32(sources.count))
                sources.append(source)
            }
        } else {
            sourceOf.append(-1)
        }
        lines.append(line.map(Int64.init) ?? -1)
    }

    /// `id (source:line)`, or `source:line` when the input had no id.
    func describe(_ index: Int) -> String {
        let start = index == 0 ? 0 : idEnds[index - 1]
        let end = idEnds[index]
        var location = Metadata()
        location.source = sourceOf[index] >= 0 ? sources[Int(sourceOf[index])] : nil
        location.line = lines[index] >= 0 ? Int(lines[index]) : nil
        if end - start == 1 && idBytes[start] == 0xFF { return location.location }
        let id = idBytes[start..<end].withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
        return "\(id) (\(location.location))"
    }
}
