/// Serialises conversations as one JSON line each, keys in a fixed order.
///
/// Two forms: the *pipe* form between stages (`messages`, `tools`,
/// `parallel_tool_calls`, `metadata`, and any extra message keys), and the
/// *upload* form that fine-tuning services accept (`messages`, plus `tools` and
/// `parallel_tool_calls` when present). `keepMetadata` turns the second into the first.
public struct ChatRecordWriter: Sendable {
    public var includeMetadata: Bool
    /// axolotl's per-message training flag: a weight of 0 is written as `"<field>": false`, a weight of 1 left out.
    public var trainingField: String?

    public init(includeMetadata: Bool, trainingField: String? = nil) {
        self.includeMetadata = includeMetadata
        self.trainingField = trainingField
    }

    /// The pipe form, for `ingest` and the filter commands.
    public static let pipe = ChatRecordWriter(includeMetadata: true)
    /// The upload form, for `train.jsonl` and `validation.jsonl`.
    public static let upload = ChatRecordWriter(includeMetadata: false)

    /// Appends the conversation and a newline to `w`.
    public func write(_ c: Conversation, to w: inout JSONWriter) {
        w.raw("{\"messages\":[")
        c.messages.withUnsafeBufferPointer { messages in   // read in place: iterating would copy each message
            for i in messages.indices {
                if i > 0 { w.byte(UInt8(ascii: ",")) }
                writeMessage(messages[i], to: &w)
            }
        }
        w.byte(UInt8(ascii: "]"))
        if let tools = c.tools {
            w.raw(",\"tools\":")
            w.value(tools)
        }
        if let p = c.parallelToolCalls {
            w.raw(",\"parallel_tool_calls\":")
            w.value(p)
        }
        if includeMetadata, !c.metadata.fields.isEmpty {
            w.raw(",\"metadata\":")
            w.object(c.metadata.fields)
        }
        w.raw("}\n")
    }

    /// The conversation as one line of bytes, newline included.
    public func line(_ c: Conversation) -> [UInt8] {
        // Room for the texts and their keys up front: one allocation instead of doubling up to the size.
        var size = 64
        c.messages.withUnsafeBufferPointer { messages in
            for i in messages.indices { size += (messages[i].content?.utf8.count ?? 0) + 48 }
        }
        var w = JSONWriter(capacity: size + size / 8)
        write(c, to: &w)
        return w.bytes
    }

    private func writeMessage(_ m: Message, to w: inout JSONWriter) {
        w.raw("{\"role\":")
        w.string(m.role.rawValue)
        if let content = m.content {
            w.raw(",\"content\":")
            w.string(content)
        }
        if let name = m.name {
            w.raw(",\"name\":")
            w.string(name)
        }
        if let weight = m.weight {
            if let field = trainingField {
                if weight == 0 {
                    w.byte(UInt8(ascii: ","))
                    w.key(field)
                    w.raw("false")
                }
            } else {
                w.raw(",\"weight\":")
                w.int(weight)
            }
        }
        if let calls = m.toolCalls {
            w.raw(",\"tool_calls\":")
            w.value(calls)
        }
        if let id = m.toolCallID {
            w.raw(",\"tool_call_id\":")
            w.string(id)
        }
        if includeMetadata {
            for member in m.extra {
                w.byte(UInt8(ascii: ","))
                w.key(member.key)
                w.value(member.value)
            }
        }
        w.byte(UInt8(ascii: "}"))
    }
}

extension Reject {
    /// One line of `rejects.jsonl`: kind, stage, reason, message, location, field, then the record.
    public func jsonLine() -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        w.raw("{\"kind\":")
        w.string(kind.rawValue)
        w.raw(",\"stage\":")
        w.string(stage)
        w.raw(",\"reason\":")
        w.string(reason)
        w.raw(",\"message\":")
        w.string(message)
        w.raw(",\"source\":")
        w.string(source)
        if let line {
            w.raw(",\"line\":")
            w.int(line)
        }
        if let field {
            w.raw(",\"field\":")
            w.string(field)
        }
        if let record {
            w.raw(",\"record\":")
            w.value(record)
        }
        w.raw("}\n")
        return w.bytes
    }
}
