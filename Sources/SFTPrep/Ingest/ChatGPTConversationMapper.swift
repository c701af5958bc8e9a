/// Linearises one conversation of a ChatGPT data export (`conversations.json`).
///
/// The export stores a tree: every regenerated answer or edited question is a
/// branch. Only the branch the user last saw (from `current_node` back through
/// `parent` links) is training data; abandoned branches are not. Kept: text
/// parts of user, assistant and visible system messages. Skipped: hidden
/// messages, tool traffic (browsing, code execution) and non-text content.
enum ChatGPTConversationMapper {
    /// Conversation-level keys that become metadata; all others are export internals.
    static let metadataKeys: Set<String> = ["title", "id", "conversation_id", "create_time"]

    static func map(_ o: JSONObject, _ used: inout [String]) throws(RecordError) -> Conversation {
        used.append(contentsOf: o.keys.filter { !metadataKeys.contains($0) })
        guard let mapping = o["mapping"]?.objectValue else {
            throw RecordError(.invalidField, field: "mapping", "\"mapping\" must be an object of message nodes")
        }
        var nodes: [String: JSONObject] = [:]
        nodes.reserveCapacity(mapping.count)
        for member in mapping {
            if let node = member.value.objectValue { nodes[member.key] = node }
        }
        let leaf: String
        if let current = o["current_node"]?.stringValue {
            guard nodes[current] != nil else {
                throw RecordError(.invalidField, field: "current_node", "current_node \"\(current)\" is not in the mapping")
            }
            leaf = current
        } else {
            leaf = try lastLeaf(mapping: mapping, nodes: nodes)
        }
        // Walk up to the root, then reverse.
        var path: [JSONObject] = []
        var cursor: String? = leaf
        while let id = cursor {
            guard let node = nodes[id] else {
                throw RecordError(.invalidField, field: "mapping.\(id)", "parent \"\(id)\" is not in the mapping")
            }
            path.append(node)
            if path.count > nodes.count {
                throw RecordError(.invalidField, field: "mapping", "the parent links form a cycle")
            }
            cursor = node["parent"]?.stringValue
        }
        var messages: [Message] = []
        for node in path.reversed() {
            if let m = node["message"]?.objectValue, let message = message(from: m) {
                messages.append(message)
            }
        }
        return Conversation(messages: messages)
    }

    /// Without `current_node`, follow the last child from the root (the newest branch).
    private static func lastLeaf(mapping: JSONObject, nodes: [String: JSONObject]) throws(RecordError) -> String {
        guard var id = mapping.members.first(where: { ($0.value.objectValue?["parent"] ?? .null) == .null })?.key else {
            throw RecordError(.invalidField, field: "mapping", "no root node (a node without parent)")
        }
        var steps = 0
        while let next = nodes[id]?["children"]?.arrayValue?.last?.stringValue, nodes[next] != nil, steps <= nodes.count {
            id = next
            steps += 1
        }
        return id
    }

    private static func message(from m: JSONObject) -> Message? {
        guard let roleText = m["author"]?.objectValue?["role"]?.stringValue else { return nil }
        if m["metadata"]?.objectValue?["is_visually_hidden_from_conversation"] == .bool(true) { return nil }
        let role: Role
        switch roleText {
        case "user": role = .user
        case "assistant":
            // Messages addressed to a tool (browser, python) are tool invocations, not answers.
            if let recipient = m["recipient"]?.stringValue, recipient != "all" { return nil }
            role = .assistant
        case "system": role = .system
        default: return nil
        }
        guard let content = m["content"]?.objectValue else { return nil }
        let type = content["content_type"]?.stringValue ?? "text"
        guard type == "text" || type == "multimodal_text" else { return nil }
        let parts = content["parts"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let text = parts.joined(separator: "\n")
        if text.trimmingASCIIWhitespace().isEmpty { return nil }
        return Message(role: role, content: text)
    }
}
