extension JSONWriter {
    /// Appends `v` indented by two spaces per level, for files people read (`report.json`).
    public mutating func pretty(_ v: JSONValue, indent: Int = 0) {
        func newline(_ level: Int) {
            byte(0x0A)
            bytes.append(contentsOf: repeatElement(0x20, count: level * 2))
        }
        switch v {
        case .array(let items) where !items.isEmpty:
            byte(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { byte(UInt8(ascii: ",")) }
                newline(indent + 1)
                pretty(item, indent: indent + 1)
            }
            newline(indent)
            byte(UInt8(ascii: "]"))
        case .object(let o) where !o.isEmpty:
            byte(UInt8(ascii: "{"))
            for (i, m) in o.members.enumerated() {
                if i > 0 { byte(UInt8(ascii: ",")) }
                newline(indent + 1)
                key(m.key)
                byte(0x20)
                pretty(m.value, indent: indent + 1)
            }
            newline(indent)
            byte(UInt8(ascii: "}"))
        default:
            value(v)
        }
    }
}
