/// Where each kept conversation came from (its id, source and line), in a
/// ``SpillArena``: dedup needs it only to name the first copy when a later
/// one is dropped, so it should cost bytes per conversation, not a tuple of
/// strings with their own allocations.
struct KeptLocations {
    /// Every id's UTF-8, back to back.
    private var idBytes = ArenaBytes()
    /// Per conversation, 24 bytes: where its id starts (Int64; -1: none), the id's length (Int32),
    /// its source's number in `sources` (Int32; -1: none), its line (Int64; -1: none).
    private var rows = ArenaRows(width: 24)
    private var sources: [String] = []
    private var sourceIndex: [String: Int32] = [:]

    var count: Int { rows.count }

    mutating func append(id: String?, source: String?, line: Int?, in arena: SpillArena) {
        var idStart = -1
        var idLength = 0
        if var id {
            id.withUTF8 { idStart = idBytes.append(UnsafeRawBufferPointer($0), in: arena) }
            idLength = id.utf8.count
        }
        var sourceNumber: Int32 = -1
        if let source {
            // Consecutive conversations nearly always share their file: compare with the last before hashing.
            if let last = sources.last, last == source {
                sourceNumber = Int32(sources.count - 1)
            } else if let known = sourceIndex[source] {
                sourceNumber = known
            } else {
                sourceNumber = Int32(sources.count)
                sourceIndex[source] = sourceNumber
                sources.append(source)
            }
        }
        let row = rows.append(in: arena)
        row.storeBytes(of: Int64(idStart), as: Int64.self)
        row.storeBytes(of: Int32(idLength), toByteOffset: 8, as: Int32.self)
        row.storeBytes(of: sourceNumber, toByteOffset: 12, as: Int32.self)
        row.storeBytes(of: Int64(line ?? -1), toByteOffset: 16, as: Int64.self)
    }

    /// `id (source:line)`, or `source:line` when the input had no id.
    func describe(_ index: Int, in arena: SpillArena) -> String {
        let row = rows.row(index, in: arena)
        let idStart = Int(row.load(as: Int64.self))
        let idLength = Int(row.load(fromByteOffset: 8, as: Int32.self))
        let sourceNumber = Int(row.load(fromByteOffset: 12, as: Int32.self))
        let line = Int(row.load(fromByteOffset: 16, as: Int64.self))
        var location = Metadata()
        location.source = sourceNumber >= 0 ? sources[sourceNumber] : nil
        location.line = line >= 0 ? line : nil
        guard idStart >= 0 else { return location.location }
        let id = String(decoding: idBytes.bytes(idStart, idLength, in: arena), as: UTF8.self)
        return "\(id) (\(location.location))"
    }
}
