/// The fast path for the commonest record of all: `{"messages":[{"role":…,
/// "content":…},…]}` with nothing else — no id, no other keys, canonical role
/// names, string contents. Such a record becomes its conversation straight
/// from the bytes, without building the JSON tree and mapping it; anything
/// else (or anything wrong) gives nil, and the record takes the general path,
/// which gives the same conversation for the records this one accepts
/// (tested) and the precise error for the rest.
enum PlainChatRecord {
    static func messages(_ bytes: UnsafeBufferPointer<UInt8>) -> [Message]? {
        var p = JSONParser(bytes)
        guard p.take(UInt8(ascii: "{")), p.takeString() == "messages", p.take(UInt8(ascii: ":")), p.take(UInt8(ascii: "[")) else { return nil }
        var messages: [Message] = []
        messages.reserveCapacity(8)
        repeat {
            guard p.take(UInt8(ascii: "{")), let key1 = p.takeString(), p.take(UInt8(ascii: ":")), let value1 = p.takeString(),
                  p.take(UInt8(ascii: ",")), let key2 = p.takeString(), p.take(UInt8(ascii: ":")), let value2 = p.takeString(),
                  p.take(UInt8(ascii: "}")) else { return nil }
            let roleName: String, content: String
            if key1 == "role" && key2 == "content" {
                (roleName, content) = (value1, value2)
            } else if key1 == "content" && key2 == "role" {
                (roleName, content) = (value2, value1)
            } else {
                return nil
            }
            guard let role = Role(rawValue: roleName) else { return nil }
            messages.append(Message(role: role, content: content))
        } while p.take(UInt8(ascii: ","))
        guard p.take(UInt8(ascii: "]")), p.take(UInt8(ascii: "}")) else { return nil }
        p.skipWhitespace()
        return p.pos == bytes.count ? messages : nil
    }
}
